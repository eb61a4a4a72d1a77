import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/bootstrap';
import { WorkflowTimers } from '../../apps/api/src/modules/workflow/workflow-timers.service';
import { NO_OBJECTION_TEXT } from '../../apps/api/src/modules/workflow/engine/workflow-effects.repository';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, fire, keyEvaluationInFieldwork, lookupIds, scoreAll, stageDeadlines, type Ids } from '../support/evaluation-steps';

/*
 * Issue 12 §4–§6 (part G): the comment period closes itself, exactly once with two app instances (two workers) on
 * one database and queue; 文号 series under 50 concurrent approvals; publication and the public pages.
 */
jest.setTimeout(240_000);

let t: TestApp;
let second: INestApplication;
let ids: Ids;

/** A second process on the same database and queue (same QUEUE_PREFIX): its own processors and timer sweep. */
async function anotherInstance(): Promise<INestApplication> {
  const app = await createApp(t.config);
  await app.init();
  return app;
}

beforeAll(async () => {
  // The sweep's own interval is long: the suite sweeps when it means to (and at start, as every process does).
  t = await createTestApp({ env: { WORKFLOW_TIMERS: 'on', WORKFLOW_TIMER_SWEEP_MS: '3600000' } });
  second = await anotherInstance();
  ids = await lookupIds(t);
});

afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function step(username: string, id: string, action: string, extra: { comment?: string } = {}) {
  const response = await fire(t, username, id, action, extra);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** A key evaluation issued for comment with three findings, its comment period still ahead; the department answered the first. */
async function draftForComment(): Promise<{ id: string; findings: { id: string; version: number }[] }> {
  const id = await keyEvaluationInFieldwork(t, ids, { deadlines: stageDeadlines({ commentPeriodPassed: false }) });
  await scoreAll(t, id, 'eval.lead');
  for (let n = 1; n <= 3; n++) {
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, { title: `问题${n}：资金使用不规范`, description: '部分支出缺少依据', causeAnalysis: '内控制度执行不到位', recommendation: '完善内控，规范支出' });
    expect(created.status).toBe(201);
  }
  await step('eval.lead', id, 'submit_draft');
  await step('finance.officer', id, 'issue_draft_for_comment');
  const findings = (await api(t, 'dept.head', 'get', `/evaluations/${id}/findings`)).body.items as { id: string; version: number }[];
  const answered = await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${findings[0].id}/answer`, { answer: 'disputed', text: '该支出有会议纪要为据', expectedVersion: findings[0].version });
  expect(answered.status).toBe(200);
  return { id, findings };
}

/** The comment period's day lies in the past now (as if the calendar had moved on). */
async function letCommentPeriodPass(id: string): Promise<void> {
  await t.db.query(`UPDATE deadlines SET due_on = DATE '2026-07-10' WHERE subject_type = 'evaluation' AND subject_id = $1 AND key = 'comment_period'`, [id]);
}

async function stateOf(id: string): Promise<string> {
  return (await t.db.query(`SELECT state FROM evaluations WHERE id = $1`, [id]))[0].state;
}

async function systemEntries(id: string) {
  return t.db.query(
    `SELECT action, from_state, to_state, actor_id, actor_name, actor_roles, organisation_id FROM workflow_history WHERE aggregate_type = 'evaluation' AND aggregate_id = $1 AND action = 'close_comment_period'`,
    [id],
  );
}

describe('the comment period closes itself (§4)', () => {
  it('moves to adjudication once, unanswered findings 无异议, one history entry by the system — two instances sweeping at once', async () => {
    const { id, findings } = await draftForComment();
    const timers = [t.app.get(WorkflowTimers), second.get(WorkflowTimers)];
    // Not passed yet: nothing is due.
    expect(await Promise.all(timers.map((timer) => timer.sweep()))).toEqual([0, 0]);
    expect(await stateOf(id)).toBe('draft_for_comment');

    await letCommentPeriodPass(id);
    const found = await Promise.all([...timers, ...timers].map((timer) => timer.sweep()));
    expect(found.every((n) => n <= 1)).toBe(true);
    await eventually(async () => (await stateOf(id)) === 'adjudication');
    // Whatever else is still queued or retried finds the state moved.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const entries = await systemEntries(id);
    expect(entries).toHaveLength(1);
    const commissioning = (await t.db.query(`SELECT commissioning_organisation_id AS id FROM evaluations WHERE id = $1`, [id]))[0].id;
    expect(entries[0]).toMatchObject({ from_state: 'draft_for_comment', to_state: 'adjudication', actor_id: null, actor_name: '系统', actor_roles: ['system'], organisation_id: commissioning });

    const rows = await t.db.query(`SELECT id, answer, answer_text, answered_by FROM findings WHERE evaluation_id = $1 ORDER BY seq`, [id]);
    expect(rows[0]).toMatchObject({ id: findings[0].id, answer: 'disputed', answer_text: '该支出有会议纪要为据' });
    expect(rows[0].answered_by).not.toBeNull();
    for (const row of rows.slice(1)) expect(row).toMatchObject({ answer: 'accepted', answer_text: NO_OBJECTION_TEXT, answered_by: null });
    expect((await t.db.query(`SELECT status FROM deadlines WHERE subject_id = $1 AND key = 'comment_period'`, [id]))[0].status).toBe('done');

    // The history as the API tells it: the system, not a person.
    const history = await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`);
    expect(history.status).toBe(200);
    const entry = history.body.items.find((e: { action: string }) => e.action === 'close_comment_period');
    expect(entry.actor).toEqual({ id: null, displayName: '系统', roles: ['system'] });
    expect(entry.actionLabel.zh).toContain('征求意见期满');

    // Sweeping again finds nothing; the team adjudicates as usual.
    expect(await Promise.all(timers.map((timer) => timer.sweep()))).toEqual([0, 0]);
  });

  it('two workers running the same timer job at once: one fires, the other does nothing', async () => {
    const { id } = await draftForComment();
    await letCommentPeriodPass(id);
    const deadline = (await t.db.query(`SELECT id, version FROM deadlines WHERE subject_id = $1 AND key = 'comment_period'`, [id]))[0];
    const outcomes = await Promise.all([t.app.get(WorkflowTimers), second.get(WorkflowTimers)].map((timer) => timer.run({ deadlineId: deadline.id, version: deadline.version })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['fired', 'skipped']);
    expect(await stateOf(id)).toBe('adjudication');
    expect(await systemEntries(id)).toHaveLength(1);
    // A retry after the fact: nothing.
    expect((await t.app.get(WorkflowTimers).run({ deadlineId: deadline.id, version: deadline.version })).outcome).toBe('skipped');
  });

  it('a deadline that passed while no process ran is caught by the next process to start', async () => {
    const { id } = await draftForComment();
    await letCommentPeriodPass(id);
    const restarted = await anotherInstance();
    try {
      await eventually(async () => (await stateOf(id)) === 'adjudication');
      expect(await systemEntries(id)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it('no person may fire the timer action, nor is it offered; the lead still closes early when every finding is answered', async () => {
    const { id, findings } = await draftForComment();
    const actions = await api(t, 'eval.lead', 'get', `/evaluations/${id}/actions`);
    expect(actions.body.actions.map((a: { action: string }) => a.action)).not.toContain('close_comment_period');
    for (const username of ['eval.lead', 'finance.admin', 'finance.officer', 'dept.head', 'admin']) {
      const refused = await fire(t, username, id, 'close_comment_period');
      expect([403, 404]).toContain(refused.status);
      if (refused.status === 403) expect(refused.body.details.refusal).toBe('system_only');
    }
    expect(await stateOf(id)).toBe('draft_for_comment');
    for (const finding of findings.slice(1)) {
      const current = (await api(t, 'dept.head', 'get', `/evaluations/${id}/findings`)).body.items.find((f: { id: string }) => f.id === finding.id);
      expect((await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'accepted', expectedVersion: current.version })).status).toBe(200);
    }
    await step('eval.lead', id, 'start_adjudication');
    expect(await systemEntries(id)).toHaveLength(0);
  });

  it('the timer does not fire before the day is over', async () => {
    const { id } = await draftForComment();
    const today = (await t.db.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d`))[0].d;
    await t.db.query(`UPDATE deadlines SET due_on = $2::date WHERE subject_id = $1 AND key = 'comment_period'`, [id, today]);
    expect(await t.app.get(WorkflowTimers).sweep()).toBe(0);
    const deadline = (await t.db.query(`SELECT id, version FROM deadlines WHERE subject_id = $1 AND key = 'comment_period'`, [id]))[0];
    expect(await t.app.get(WorkflowTimers).run({ deadlineId: deadline.id, version: deadline.version })).toEqual({ outcome: 'skipped', reason: 'the deadline has not passed' });
    expect(await stateOf(id)).toBe('draft_for_comment');
  });
});
