import { ROLE_LABELS } from '@evalflow/domain';
import type { MailMessage } from '../../infrastructure/queue/jobs';
import type { UserRecord } from './users.repository';
import { escapeHtml } from '../../infrastructure/mail/escape-html';


/** 账户开通通知: tells a new user their account exists; the password is never mailed. */
export function accountOpenedMail(user: UserRecord, publicUrl: string): MailMessage {
  const roles = user.roles.map((role) => ROLE_LABELS[role].zh).join('、');
  const loginUrl = `${publicUrl.replace(/\/$/, '')}/login`;
  const text = [
    `${user.displayName}，您好：`,
    '',
    `您在预算绩效评价管理系统（Evalflow）的账户已开通。`,
    `用户名：${user.username}`,
    `所属机构：${user.organisationName}`,
    `角色：${roles}`,
    '',
    `初始密码由管理员另行告知，请登录后及时修改：${loginUrl}`,
  ].join('\n');
  const html = `<p>${escapeHtml(user.displayName)}，您好：</p><p>您在预算绩效评价管理系统（Evalflow）的账户已开通。</p>
<ul><li>用户名：${escapeHtml(user.username)}</li><li>所属机构：${escapeHtml(user.organisationName)}</li><li>角色：${escapeHtml(roles)}</li></ul>
<p>初始密码由管理员另行告知，请<a href="${escapeHtml(loginUrl)}">登录</a>后及时修改。</p>`;
  return { to: [user.email!], subject: '【预算绩效评价】账户开通通知', text, html };
}
