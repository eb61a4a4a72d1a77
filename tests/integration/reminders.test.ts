import type { Queue } from 'bullmq';
import { JobsService } from '../../apps/api/src/infrastructure/queue/jobs.service';
import { jobId } from '../../apps/api/src/infrastructure/queue/jobs';
import { ReminderClock } from '../../apps/api/src/modules/reminders/reminder-clock';
import { ReminderScheduler } from '../../apps/api/src/modules/reminders/reminder-scheduler.service';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';
import { startRedis } from '../support/services';
import { createTestApp, eventually, sentMails, type TestApp } from '../support/test-app';

/**
 * Reminders end to end on real Redis and the SMTP sink: the planned points of a deadline, each delivered once in
 * the recipient's coalesced mail; cancellation when the stage ends; rescheduling when the deadline moves;
 * escalation up the chain; the overdue digest per jurisdiction; and a Redis outage during the transition.
 * "Now" is placed with the injectable clock; a delayed job "arrives" by promoting it (no sleeping for days).
 */
const WINDOW_MS = 300;
const STAFF = 'zhang@cs-gov.evalflow.local';
const HEAD = 'liu@cs-gov.evalflow.local';
const OFFICER = 'liwen@cs-finance.evalflow.local';
const LIUYANG_OFFICER = 'huang@ly-finance.evalflow.local';

let t: TestApp;
let ids: Ids;
let clock: ReminderClock;
let queue: Queue;
let changsha: string;

beforeAll(async () => {
  t = await createTestApp({ env: { REMINDER_MAIL_WINDOW_MS: String(WINDOW_MS) } });
  ids = await lookupIds(t);
  clock = t.app.get(ReminderClock);
  queue = t.app.get(JobsService).queue('reminders');
  changsha = (await t.db.query(`SELECT id FROM regions WHERE code = '430100'`))[0].id;
  // The policy of the tests: every point, close together, both escalation levels.
  const saved = await api(t, 'finance.admin', 'put', '/reminder-policies', {
    regionId: changsha,
    deadlineKey: 'self_evaluation',
    policy: { onStart: true, workingDaysBefore: 2, onDue: true, overdueEveryDays: 1, overdueMaxRepeats: 2, escalationAfterDays: [2, 3] },
  });
  expect(saved.status).toBe(200);
});
afterAll(() => t?.close());
afterEach(() => clock.set(null));

/** Beijing wall-clock time as an instant. */
const beijing = (date: string, time = '08:00') => new Date(`${date}T${time}:00+08:00`);

/** A key evaluation of its own (unique title), self-evaluation due on `due`, commissioned with "now" at `now`. */
async function commissioned(due: string, now: Date) {
  const title = `提醒测试 ${Math.random().toString(36).slice(2, 8)} 部门整体支出绩效评价`;
  const { id } = await createKeyEvaluation(t, ids, {
    title,
    deadlines: { self_evaluation: due, self_evaluation_review: '2026-12-01', fieldwork: '2026-12-10', comment_period: '2026-12-15', final_review: '2026-12-20', rectification: '2026-12-31' },
  });
  clock.set(now);
  expect((await fire(t, 'finance.officer', id, 'commission')).status).toBe(200);
  const [deadline] = await t.db.query(`SELECT id::text, version FROM deadlines WHERE subject_id = $1 AND key = 'self_evaluation'`, [id]);
  return { id, title, deadlineId: deadline.id as string, version: deadline.version as number };
}

async function plannedJobs(deadlineId: string): Promise<{ jobId: string; runAt: string; state: string }[]> {
  return t.db.query(
    `SELECT job_id AS "jobId", to_char(run_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "runAt", state FROM reminder_jobs WHERE deadline_id = $1 ORDER BY run_at, job_id`,
    [deadlineId],
  );
}

/** Reminder mails (not the workflow's notices) that mention this test's evaluation. */
async function mailsAbout(title: string) {
  return (await sentMails()).filter((mail) => mail.subject.includes('期限提醒') && mail.text.includes(title));
}
const linesOf = (mail: { text: string }, title: string) => mail.text.split('\n').filter((line) => line.includes(title)).map((line) => line.replace(/^\d+\. /, '').split('】')[0] + '】');

/** "It is now the point's time": place the clock there and let the delayed job run. */
async function arrive(reminderJobId: string, at: Date) {
  clock.set(at);
  const job = await queue.getJob(reminderJobId);
  if (!job) throw new Error(`no job ${reminderJobId}`);
  await job.promote();
  await eventually(async () => (await t.db.query(`SELECT state FROM reminder_jobs WHERE job_id = $1`, [reminderJobId]))[0]?.state !== 'scheduled');
  // Its mail run closes before the next point: one run, one mail (points arriving within one window share it).
  await quiet();
}

async function quiet() {
  // Longer than a mail window: whatever was going to be mailed has been.
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 4));
}

describe('reminder points', () => {
  it('plans every point of the policy and each arrives once, in the recipient\'s one mail of the run; escalation climbs to the head, then the bureau', async () => {
    const e = await commissioned('2026-03-31', beijing('2026-03-20'));
    const job = (point: string, version = e.version) => jobId('reminder', e.deadlineId, version, point);

    // The plan: start at once, 2 working days before (Fri 03-27), the day, the first overdue repeat, two escalations.
    const planned = await eventually(async () => {
      const rows = await plannedJobs(e.deadlineId);
      return rows.length === 6 ? rows : null;
    });
    expect(planned.map((row) => [row.jobId, row.runAt])).toEqual([
      [job('start-0'), '2026-03-20 08:00'],
      [job('before-2'), '2026-03-27 09:00'],
      [job('due-0'), '2026-03-31 09:00'],
      [job('overdue-1'), '2026-04-01 09:00'],
      [job('escalation-1'), '2026-04-02 09:00'],
      [job('escalation-2'), '2026-04-03 09:00'],
    ]);
    // The delayed jobs sit in Redis, delayed from "now" (the clock) to 09:00 Beijing time on their day.
    const delayed = await queue.getJob(job('due-0'));
    expect(delayed!.opts.delay).toBe(beijing('2026-03-31', '09:00').getTime() - beijing('2026-03-20').getTime());

    // start: at once, to the department (staff and head), one mail each.
    const started = await eventually(async () => {
      const mails = await mailsAbout(e.title);
      return mails.length >= 2 ? mails : null;
    });
    expect(started.map((mail) => mail.to[0]).sort()).toEqual([HEAD, STAFF]);
    expect(linesOf(started[0], e.title)).toEqual(['【开始提醒】']);

    await arrive(job('before-2'), beijing('2026-03-27', '09:00'));
    await arrive(job('due-0'), beijing('2026-03-31', '09:00'));
    await arrive(job('overdue-1'), beijing('2026-04-01', '09:00'));
    // The overdue repeat chains the next one (every 1 day, at most 2).
    const next = await eventually(async () => (await plannedJobs(e.deadlineId)).find((row) => row.jobId === job('overdue-2')));
    expect(next.runAt).toBe('2026-04-02 09:00');
    // 04-02: the second repeat and the first escalation in the same run: the head gets both in ONE mail.
    clock.set(beijing('2026-04-02', '09:00'));
    await (await queue.getJob(job('overdue-2')))!.promote();
    await (await queue.getJob(job('escalation-1')))!.promote();
    await eventually(async () => (await plannedJobs(e.deadlineId)).filter((row) => row.state === 'sent').length === 6);
    await arrive(job('escalation-2'), beijing('2026-04-03', '09:00'));
    await quiet();
    // No third repeat: the policy stops the chain at two.
    expect((await plannedJobs(e.deadlineId)).map((row) => row.jobId)).not.toContain(job('overdue-3'));

    const mails = await mailsAbout(e.title);
    const byRecipient = (address: string) => mails.filter((mail) => mail.to.includes(address)).map((mail) => linesOf(mail, e.title).sort());
    expect(byRecipient(STAFF).sort()).toEqual([['【开始提醒】'], ['【到期前提醒】'], ['【到期当日提醒】'], ['【逾期提醒】'], ['【逾期提醒】']].sort());
    expect(byRecipient(HEAD).sort()).toEqual([['【开始提醒】'], ['【到期前提醒】'], ['【到期当日提醒】'], ['【逾期提醒】'], ['【逾期升级提醒】', '【逾期提醒】']].sort());
    // The second escalation level: the commissioning bureau's finance officer, and only them.
    expect(byRecipient(OFFICER)).toEqual([['【逾期升级提醒】']]);
    expect(mails.every((mail) => mail.html?.includes(`/evaluations/${e.id}`) && mail.text.includes(`/evaluations/${e.id}`))).toBe(true);

    // In-app: one notification per item per recipient; the head's escalation is an escalation.
    const notices = await t.db.query(
      `SELECT u.username, n.kind, count(*)::int AS count FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.link = $1 AND n.kind IN ('reminder', 'escalation')
       GROUP BY u.username, n.kind ORDER BY u.username, n.kind`,
      [`/evaluations/${e.id}`],
    );
    expect(notices).toEqual([
      { username: 'dept.head', kind: 'escalation', count: 1 },
      { username: 'dept.head', kind: 'reminder', count: 5 },
      { username: 'dept.staff', kind: 'reminder', count: 5 },
      { username: 'finance.officer', kind: 'escalation', count: 1 },
    ]);

    // A retried reminder (same job id) records and mails nothing new.
    const before = (await mailsAbout(e.title)).length;
    await t.app.get(ReminderScheduler).remind({ deadlineId: e.deadlineId, version: e.version, point: 'due', index: 0, date: '2026-03-31' }, job('due-0'));
    await quiet();
    expect((await mailsAbout(e.title)).length).toBe(before);
  });
});

describe('the stage ends', () => {
  it('submitting the self-evaluation cancels its pending reminders; a reminder that escaped skips itself', async () => {
    const e = await commissioned('2026-06-30', beijing('2026-06-01'));
    await eventually(async () => (await plannedJobs(e.deadlineId)).length >= 4);
    await eventually(async () => (await mailsAbout(e.title)).length >= 2); // the start reminder
    expect((await fire(t, 'dept.staff', e.id, 'start_self_evaluation')).status).toBe(200);
    expect((await fillSelfEvaluation(t, e.id)).status).toBe(200);
    expect((await fire(t, 'dept.head', e.id, 'submit_self_evaluation')).status).toBe(200);

    const rows = await eventually(async () => {
      const all = await plannedJobs(e.deadlineId);
      return all.filter((row) => row.state === 'scheduled').length === 0 ? all : null;
    });
    expect(rows.filter((row) => !row.jobId.includes('start')).every((row) => row.state === 'cancelled')).toBe(true);
    for (const row of rows.filter((r) => r.state === 'cancelled')) expect(await queue.getJob(row.jobId)).toBeUndefined();

    // The review stage started: its owner, the bureau's officer, is reminded (a new deadline, its own jobs).
    await eventually(async () => (await mailsAbout(e.title)).some((mail) => mail.to.includes(OFFICER) && mail.text.includes('自评审核期限')));
    // Suppose removal had failed: the job runs, reloads the deadline, finds it done, sends nothing.
    const mailsBefore = (await mailsAbout(e.title)).length;
    const escaped = rows.find((row) => row.jobId.includes('due-0'))!.jobId;
    clock.set(beijing('2026-06-30', '09:00'));
    const outcome = await t.app.get(ReminderScheduler).remind({ deadlineId: e.deadlineId, version: e.version, point: 'due', index: 0, date: '2026-06-30' }, escaped);
    expect(outcome).toBe('skipped');
    await quiet();
    expect((await mailsAbout(e.title)).filter((mail) => mail.text.includes('到期当日提醒'))).toHaveLength(0);
    expect((await mailsAbout(e.title)).length).toBe(mailsBefore);
  });
});

describe('moving a deadline', () => {
  it('reschedules its reminders under a new version: the old point never mails, the new one does', async () => {
    const e = await commissioned('2026-06-30', beijing('2026-06-01'));
    await eventually(async () => (await plannedJobs(e.deadlineId)).length >= 4);
    const oldDue = jobId('reminder', e.deadlineId, e.version, 'due-0');

    // 10 working days from 2026-07-01: 07-14; and the flag stays off (2026 is covered).
    const moved = await api(t, 'finance.officer', 'put', `/evaluations/${e.id}/deadlines/self_evaluation`, {
      setting: { kind: 'working_days', days: 10, from: '2026-07-01' },
      expectedVersion: e.version,
    });
    expect(moved.status).toBe(200);
    const deadline = moved.body.deadlines.find((d: { key: string }) => d.key === 'self_evaluation');
    expect(deadline).toMatchObject({ dueOn: '2026-07-15', kind: 'working_days', days: 10, from: '2026-07-01', version: e.version + 1, beyondCalendar: false, status: 'active' });
    expect(deadline.owner).toMatchObject({ party: 'department', user: null });

    const newDue = jobId('reminder', e.deadlineId, e.version + 1, 'due-0');
    const rows = await eventually(async () => {
      const all = await plannedJobs(e.deadlineId);
      return all.some((row) => row.jobId === newDue) && all.find((row) => row.jobId === oldDue)?.state === 'cancelled' ? all : null;
    });
    expect(rows.find((row) => row.jobId === newDue)!.runAt).toBe('2026-07-15 09:00');
    expect(await queue.getJob(oldDue)).toBeUndefined();
    // Not a second start: moving is not starting.
    expect(rows.filter((row) => row.jobId.includes('start'))).toHaveLength(1);

    // The old point, had it escaped, finds a newer version and skips; the new one mails the new date.
    clock.set(beijing('2026-06-30', '09:00'));
    expect(await t.app.get(ReminderScheduler).remind({ deadlineId: e.deadlineId, version: e.version, point: 'due', index: 0, date: '2026-06-30' }, oldDue)).toBe('skipped');
    await arrive(newDue, beijing('2026-07-15', '09:00'));
    const due = await eventually(async () => {
      const mails = (await mailsAbout(e.title)).filter((mail) => mail.text.includes('到期当日提醒'));
      return mails.length >= 2 ? mails : null;
    });
    await quiet();
    expect((await mailsAbout(e.title)).filter((mail) => mail.text.includes('到期当日提醒'))).toHaveLength(2);
    expect(due.every((mail) => mail.text.includes('2026-07-15') && !mail.text.includes('2026-06-30'))).toBe(true);

    // Stale version: 409; a deadline beyond the calendar is flagged.
    expect((await api(t, 'finance.officer', 'put', `/evaluations/${e.id}/deadlines/self_evaluation`, { setting: '2026-08-01', expectedVersion: e.version })).status).toBe(409);
    const flagged = await api(t, 'finance.officer', 'put', `/evaluations/${e.id}/deadlines/self_evaluation`, { setting: '2027-10-08', expectedVersion: e.version + 1 });
    expect(flagged.status).toBe(200);
    expect(flagged.body.deadlines.find((d: { key: string }) => d.key === 'self_evaluation')).toMatchObject({ dueOn: '2027-10-08', beyondCalendar: true, version: e.version + 2 });
    // The department may not move it; a bad setting is a 400 with its path.
    expect((await api(t, 'dept.head', 'put', `/evaluations/${e.id}/deadlines/self_evaluation`, { setting: '2026-08-01', expectedVersion: e.version + 2 })).status).toBe(403);
    const bad = await api(t, 'finance.officer', 'put', `/evaluations/${e.id}/deadlines/self_evaluation`, { setting: { kind: 'calendar' }, expectedVersion: e.version + 2 });
    expect(bad.status).toBe(400);
  });
});

describe('overdue digest', () => {
  it('lists each finance officer the overdue items of their jurisdiction only, once per day', async () => {
    const changshaItem = await commissioned('2026-04-30', beijing('2026-04-01'));
    // An evaluation of 浏阳市 (below 长沙市): commissioned by the Liuyang bureau.
    const liuyangDept = (await t.db.query(`SELECT id FROM organisations WHERE name = '浏阳市人民政府办公室'`))[0].id;
    const liuyangTitle = `提醒测试 ${Math.random().toString(36).slice(2, 8)} 浏阳项目自评`;
    const created = await api(t, 'liuyang.officer', 'post', '/evaluations', {
      kind: 'self',
      scope: 'project',
      title: liuyangTitle,
      projectName: '浏阳专项',
      fiscalYear: 2025,
      departmentId: liuyangDept,
      frameworkVersionId: ids.frameworks.project,
      deadlines: { self_evaluation: '2026-05-15', self_evaluation_review: '2026-05-30', rectification: '2026-12-31' },
    });
    expect(created.status).toBe(201);
    expect((await fire(t, 'liuyang.officer', created.body.id, 'commission')).status).toBe(200);

    const scheduler = t.app.get(ReminderScheduler);
    await scheduler.digest('2026-06-01');
    const digests = await eventually(async () => {
      const mails = (await sentMails()).filter((mail) => mail.subject.includes('逾期事项日报（2026-06-01）'));
      return mails.length >= 2 ? mails : null;
    });
    const of = (address: string) => digests.filter((mail) => mail.to.includes(address));
    expect(of(OFFICER)).toHaveLength(1);
    expect(of(LIUYANG_OFFICER)).toHaveLength(1);
    // 长沙市 covers 浏阳市; 浏阳市 sees only its own.
    expect(of(OFFICER)[0].text).toContain(changshaItem.title);
    expect(of(OFFICER)[0].text).toContain(liuyangTitle);
    expect(of(LIUYANG_OFFICER)[0].text).toContain(liuyangTitle);
    expect(of(LIUYANG_OFFICER)[0].text).not.toContain(changshaItem.title);
    expect(of(OFFICER)[0].text).toMatch(/自评报送期限 2026-04-30，已逾期 32 天/);

    // A second run of the day sends nothing; an officer who turned the digest off gets none.
    await scheduler.digest('2026-06-01');
    expect((await api(t, 'liuyang.officer', 'put', '/me/notification-preferences', { digestMail: false, reminderMail: true })).status).toBe(200);
    await scheduler.digest('2026-06-02');
    await quiet();
    const all = (await sentMails()).filter((mail) => mail.subject.includes('逾期事项日报'));
    expect(all.filter((mail) => mail.subject.includes('2026-06-01'))).toHaveLength(2);
    expect(all.filter((mail) => mail.subject.includes('2026-06-02')).map((mail) => mail.to[0])).toEqual([OFFICER]);
  });
});

describe('reminder policy routes', () => {
  it('finance admins set their region\'s policy; others read or are refused; bad input names its field', async () => {
    const read = await api(t, 'finance.officer', 'get', '/reminder-policies');
    expect(read.status).toBe(200);
    expect(read.body.defaultPolicy.workingDaysBefore).toBe(3);
    expect(read.body.settings.map((s: { deadlineKey: string }) => s.deadlineKey)).toContain('self_evaluation');
    expect((await api(t, 'admin', 'get', '/reminder-policies')).status).toBe(200);
    expect((await api(t, 'dept.head', 'get', '/reminder-policies')).status).toBe(403);
    const policy = { onStart: false, workingDaysBefore: 5, onDue: true, overdueEveryDays: 7, overdueMaxRepeats: 4, escalationAfterDays: [10] };
    expect((await api(t, 'finance.officer', 'put', '/reminder-policies', { regionId: changsha, deadlineKey: '*', policy })).status).toBe(403);
    const invalid = await api(t, 'finance.admin', 'put', '/reminder-policies', { regionId: changsha, deadlineKey: '*', policy: { ...policy, escalationAfterDays: [10, 3] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: { path: string }) => d.path)).toEqual(['policy.escalationAfterDays']);
    const province = (await t.db.query(`SELECT id FROM regions WHERE code = '430000'`))[0].id;
    expect((await api(t, 'finance.admin', 'put', '/reminder-policies', { regionId: province, deadlineKey: '*', policy })).status).toBe(422);
    const saved = await api(t, 'finance.admin', 'put', '/reminder-policies', { regionId: changsha, deadlineKey: '*', policy });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ deadlineKey: '*', version: 1, policy });
    expect((await api(t, 'finance.admin', 'put', '/reminder-policies', { regionId: changsha, deadlineKey: '*', policy, expectedVersion: 7 })).status).toBe(409);
  });
});

describe('Redis outage', () => {
  it('transitions still commit, and their reminders arrive exactly once after Redis returns', async () => {
    const redis = await startRedis();
    const app = await createTestApp({ env: { REDIS_URL: redis.url, REMINDER_MAIL_WINDOW_MS: String(WINDOW_MS) } });
    let restarted: Awaited<ReturnType<typeof startRedis>> | null = null;
    try {
      const appIds = await lookupIds(app);
      const title = `提醒测试 Redis 中断 ${Math.random().toString(36).slice(2, 8)}`;
      const { id } = await createKeyEvaluation(app, appIds, { title });
      app.app.get(ReminderClock).set(beijing('2026-03-20'));
      await redis.stop();
      const response = await fire(app, 'finance.officer', id, 'commission');
      expect(response.status).toBe(200);
      expect(response.body.state).toBe('commissioned');
      const pending = await app.db.query(`SELECT effect->>'type' AS type FROM outbox WHERE aggregate_id = $1 AND dispatched_at IS NULL ORDER BY id`, [id]);
      expect(pending.map((row: { type: string }) => row.type)).toEqual(['notify', 'plan_reminders']);

      restarted = await startRedis(redis.port);
      const mails = await eventually(async () => {
        const found = (await sentMails()).filter((mail) => mail.text.includes(title) && mail.subject.includes('期限提醒'));
        return found.length >= 2 ? found : null;
      }, 40_000);
      await quiet();
      await new Promise((resolve) => setTimeout(resolve, 6000)); // one more relay sweep: nothing is sent twice
      const after = (await sentMails()).filter((mail) => mail.text.includes(title) && mail.subject.includes('期限提醒'));
      expect(after.map((mail) => mail.to[0]).sort()).toEqual([HEAD, STAFF]);
      expect(mails.length).toBe(2);
    } finally {
      await app.close();
      await (restarted ?? redis).stop();
    }
  }, 90_000);
});
