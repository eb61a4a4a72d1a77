import { overdueDigestMail, reminderMail } from './reminder.mail';

const recipient = { displayName: '张三', email: 'zhang@example.org' };
const item = (dueOn: string) => ({ line: `【到期提醒】某评价 自评截止 ${dueOn}`, link: 'https://evalflow.example/evaluations/1', dueOn });
const NOTE = '2027年法定节假日安排尚未公布，暂按周一至周五计算工作日';
const count = (text: string, part: string) => text.split(part).length - 1;

describe('reminder mails and the holiday calendar', () => {
  it('say once, under the list, that 2027 is counted Monday to Friday, however many 2027 dates it lists', () => {
    const mail = reminderMail(recipient, [item('2027-03-31'), item('2027-10-08'), item('2026-12-15')]);
    expect(count(mail.text, NOTE)).toBe(1);
    expect(count(mail.html ?? '', NOTE)).toBe(1);
    expect(mail.text).not.toContain('超出节假日历');
  });

  it('say nothing about it when every date is in a published year', () => {
    const mail = overdueDigestMail(recipient, '2026-12-20', [item('2026-12-15')]);
    expect(mail.text).not.toContain('法定节假日');
    expect(mail.html).not.toContain('法定节假日');
  });
});
