import type { MailMessage } from '../../infrastructure/queue/jobs';
import type { Label } from '@evalflow/workflow';
import { escapeHtml } from '../../infrastructure/mail/escape-html';


export interface WorkflowNotice {
  recipientName: string;
  recipientEmail: string;
  subjectTitle: string;
  reference: string;
  actionLabel: Label;
  stateLabel: Label;
  actorName: string;
  organisationName: string;
  comment: string | null;
  link: string;
}

/** 流程通知: one step of a lifecycle happened that concerns the recipient. */
export function workflowNoticeMail(notice: WorkflowNotice): MailMessage {
  const lines = [
    `${notice.recipientName}，您好：`,
    '',
    `${notice.subjectTitle}（${notice.reference}）`,
    `${notice.organisationName} ${notice.actorName} 已执行：${notice.actionLabel.zh}`,
    `当前状态：${notice.stateLabel.zh}`,
    ...(notice.comment ? [`说明：${notice.comment}`] : []),
    '',
    `查看详情：${notice.link}`,
  ];
  const html = `<p>${escapeHtml(notice.recipientName)}，您好：</p>
<p><strong>${escapeHtml(notice.subjectTitle)}</strong>（${escapeHtml(notice.reference)}）</p>
<p>${escapeHtml(notice.organisationName)} ${escapeHtml(notice.actorName)} 已执行：${escapeHtml(notice.actionLabel.zh)}<br>当前状态：${escapeHtml(notice.stateLabel.zh)}</p>
${notice.comment ? `<p>说明：${escapeHtml(notice.comment)}</p>` : ''}<p><a href="${escapeHtml(notice.link)}">查看详情</a></p>`;
  return {
    to: [notice.recipientEmail],
    subject: `【预算绩效评价】${notice.subjectTitle}：${notice.actionLabel.zh}`,
    text: lines.join('\n'),
    html,
  };
}
