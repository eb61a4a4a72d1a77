import { holidayCalendarNote } from '@evalflow/domain';
import type { MailMessage } from '../../infrastructure/queue/jobs';
import { escapeHtml } from '../../infrastructure/mail/escape-html';


export interface MailItem {
  line: string;
  link: string;
  /** The item's due day: a day in a year whose holidays are not published yet earns the mail one note about it. */
  dueOn?: string | null;
}

/**
 * 待办提醒: every reminder of one recipient's run in ONE mail (ARCHITECTURE rule 5), each item with its deep link.
 * Escalations and plain reminders share the mail; the line says which is which.
 */
export function reminderMail(recipient: { displayName: string; email: string }, items: readonly MailItem[]): MailMessage {
  return listMail(recipient, `【预算绩效评价】期限提醒：${items.length} 项待办事项`, '以下事项的期限需要您关注：', items);
}

/** 逾期事项日报: everything overdue in a finance officer's jurisdiction on one day. */
export function overdueDigestMail(recipient: { displayName: string; email: string }, date: string, items: readonly MailItem[]): MailMessage {
  return listMail(recipient, `【预算绩效评价】逾期事项日报（${date}）：${items.length} 项`, `截至 ${date}，您辖区内以下事项已逾期：`, items);
}

function listMail(recipient: { displayName: string; email: string }, subject: string, intro: string, items: readonly MailItem[]): MailMessage {
  // Said once under the list, not after every date (issue 16): one mail may carry many 2027 deadlines.
  const note = holidayCalendarNote(items.map((item) => item.dueOn));
  const text = [
    `${recipient.displayName}，您好：`,
    '',
    intro,
    '',
    ...items.flatMap((item, index) => [`${index + 1}. ${item.line}`, `   查看详情：${item.link}`]),
    '',
    ...(note ? [`说明：${note}。`, ''] : []),
    '此邮件由系统自动发送，请勿直接回复。可在“通知设置”中调整邮件提醒。',
  ].join('\n');
  const html = `<p>${escapeHtml(recipient.displayName)}，您好：</p>
<p>${escapeHtml(intro)}</p>
<ol>${items.map((item) => `<li>${escapeHtml(item.line)} <a href="${escapeHtml(item.link)}">查看详情</a></li>`).join('')}</ol>
${note ? `<p>说明：${escapeHtml(note)}。</p>\n` : ''}<p style="color:#888">此邮件由系统自动发送，请勿直接回复。可在“通知设置”中调整邮件提醒。</p>`;
  return { to: [recipient.email], subject, text, html };
}
