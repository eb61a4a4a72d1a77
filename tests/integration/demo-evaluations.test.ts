import { BUILT_IN_DOCUMENT_REQUEST_ITEMS } from '@evalflow/domain';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { DEMO_EVALUATIONS } from '../../apps/api/src/modules/demo/demo-evaluations';
import { createTestApp, type TestApp } from '../support/test-app';

/* The first-start demo evaluations: every main state present, made through the real lifecycle, work in every inbox. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demoEvaluations: true });
});
afterAll(() => t.close());

const get = async (username: string, path: string) => {
  const response = await t.http.get(`/api${path}`).set('Authorization', `Bearer ${await t.token(username)}`);
  expect(response.status).toBe(200);
  return response.body;
};

describe('demo evaluations', () => {
  it('cover every main state of both lifecycles, each reached through its history', async () => {
    const rows: { title: string; kind: string; state: string; steps: number }[] = await t.db.query(
      `SELECT e.title, e.kind, e.state, (SELECT count(*)::int FROM workflow_history h WHERE h.evaluation_id = e.id) AS steps FROM evaluations e`,
    );
    expect(rows.map((row) => [row.title, row.state]).sort()).toEqual(DEMO_EVALUATIONS.map((demo) => [demo.title, demo.state]).sort());
    const states = (kind: string) => new Set(rows.filter((row) => row.kind === kind).map((row) => row.state));
    expect(states('key')).toEqual(
      new Set(['draft', 'commissioned', 'self_evaluation', 'self_evaluation_review', 'fieldwork', 'draft_review', 'draft_for_comment', 'adjudication', 'final_review', 'published', 'rectification', 'closed']),
    );
    expect(states('self')).toEqual(new Set(['self_evaluation', 'submitted', 'review', 'rectification']));
    for (const row of rows) expect({ title: row.title, reached: row.state === 'draft' || row.steps > 0 }).toEqual({ title: row.title, reached: true });
  });

  it('give every demo user with a part in evaluations work in 我的待办: overdue first, then this week, then work without a deadline, then later', async () => {
    // The order of issue 16, restated: rank, then the deadline (or, without one, the day it started waiting), then reference.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const daysUntil = (date: string) => Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
    const rank = (dueOn: string | null) => (!dueOn ? 2 : dueOn < today ? 0 : daysUntil(dueOn) <= 7 ? 1 : 3);
    const withoutWork: string[] = [];
    for (const user of DEMO_USERS) {
      const inbox = await get(user.username, '/me/tasks?pageSize=100');
      if (inbox.total === 0) withoutWork.push(user.username);
      const order = inbox.items.map((task: { dueOn: string | null; waitingSince: string; reference: string }) => `${rank(task.dueOn)}|${task.dueOn ?? task.waitingSince}|${task.reference}`);
      expect(order).toEqual([...order].sort());
    }
    // The system administrator holds no workflow power (the auditor's work is the item waiting for verification).
    expect(withoutWork.sort()).toEqual(['admin']);
  });

  it('have rectification under way: one item waiting for the auditor, the others for the department to plan', async () => {
    const [evaluation] = (await get('auditor', `/evaluations?state=rectification&kind=key&pageSize=100`)).items;
    const items = (await get('auditor', `/evaluations/${evaluation.id}/rectification-items`)).items as { id: string; state: string; owner: { displayName: string } | null }[];
    expect(items.map((item) => item.state)).toEqual(['submitted_for_verification', ...items.slice(1).map(() => 'open')]);
    expect(items.length).toBeGreaterThan(1);
    expect(items[0].owner?.displayName).toBe('张敏');
    // Worked through the real lifecycle: its history tells it.
    const history = (await get('auditor', `/rectification-items/${items[0].id}/history`)).items.map((entry: { action: string }) => entry.action);
    expect(history).toEqual(['submit_plan', 'report_progress', 'submit_for_verification']);
    // The auditor may verify it now; the department may plan the others.
    const actions = (await get('auditor', `/rectification-items/${items[0].id}/actions`)).actions.filter((action: { allowed: boolean }) => action.allowed).map((action: { action: string }) => action.action);
    expect(actions).toEqual(expect.arrayContaining(['verify', 'return']));
    // Both find it in 我的待办, served from workflow_tasks: the auditor the verification, the department the plans.
    const auditorTasks = (await get('auditor', '/me/tasks?pageSize=100')).items as { subjectType: string; subjectId: string; link: string }[];
    expect(auditorTasks.map((task) => [task.subjectType, task.subjectId, task.link])).toEqual([['rectification_item', items[0].id, `/rectification-items/${items[0].id}`]]);
    const departmentTasks = (await get('dept.staff', '/me/tasks?pageSize=100')).items as { subjectType: string; subjectId: string; state: string }[];
    expect(departmentTasks.filter((task) => task.subjectType === 'rectification_item').map((task) => task.subjectId).sort()).toEqual(items.slice(1).map((item) => item.id).sort());
  });

  it('have the fieldwork evaluation’s 资料清单 issued from the built-in template: files uploaded, one item accepted, one not provided and proposed as a finding', async () => {
    const [fieldwork] = await t.db.query(`SELECT id FROM evaluations WHERE state = 'fieldwork' AND kind = 'key' AND title LIKE '%人民政府办公厅部门整体%'`);
    const list = (await get('eval.lead', `/evaluations/${fieldwork.id}/document-requests`)).items as { id: string; templateItemKey: string | null; state: string; owner: { displayName: string } | null }[];
    expect(list.length).toBe(BUILT_IN_DOCUMENT_REQUEST_ITEMS.length);
    const stateOf = (key: string) => list.find((item) => item.templateItemKey === key)?.state;
    expect([stateOf('staff_roster'), stateOf('budget_approval'), stateOf('vouchers'), stateOf('contracts'), stateOf('meeting_minutes')]).toEqual(['provided', 'provided', 'accepted', 'not_provided', 'requested']);
    expect(list.every((item) => item.owner?.displayName === '张敏')).toBe(true);
    const files = await get('dept.staff', `/attachments?subjectType=document_request&subjectId=${list.find((item) => item.templateItemKey === 'budget_approval')!.id}`);
    expect(files.items.map((file: { fileName: string; mediaType: string }) => [file.fileName, file.mediaType])).toEqual([['2025年部门预算批复.pdf', 'application/pdf']]);
    const proposals = (await get('evaluator', `/evaluations/${fieldwork.id}/proposed-findings`)).items.filter((p: { documentRequestId: string | null }) => p.documentRequestId);
    expect(proposals.map((p: { title: string; status: string }) => [p.title, p.status])).toEqual([['资料未提供：合同', 'proposed']]);
  });

  it('show overdue evaluations in the overdue filter', async () => {
    const overdue = await get('finance.officer', '/evaluations?overdue=true&pageSize=100');
    expect(overdue.total).toBeGreaterThan(0);
    for (const evaluation of overdue.items) expect(evaluation.overdue).toBe(true);
    const onTime = await get('finance.officer', '/evaluations?overdue=false&pageSize=100');
    for (const evaluation of onTime.items) expect(evaluation.overdue).toBe(false);
  });
});
