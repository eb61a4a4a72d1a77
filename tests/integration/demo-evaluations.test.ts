import { BUILT_IN_DOCUMENT_REQUEST_ITEMS } from '@evalflow/domain';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { DEMO_EVALUATIONS } from '../../apps/api/src/modules/demo/demo-evaluations';
import { createTestApp, type TestApp } from '../support/test-app';

/* The first-start demo evaluations: every main state present, made through the real lifecycle, work in every inbox. */
let t: TestApp;

// Loading the demo evaluations through the real workflow takes a while on a loaded machine.
beforeAll(async () => {
  t = await createTestApp({ demoEvaluations: true });
}, 240_000);
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

  it('have rectification under way with an item in every state: one waiting for the auditor, the rest for the department or closed', async () => {
    const [evaluation] = (await get('auditor', `/evaluations?state=rectification&kind=key&pageSize=100`)).items;
    const items = (await get('auditor', `/evaluations/${evaluation.id}/rectification-items`)).items as { id: string; state: string; owner: { displayName: string } | null }[];
    expect(items.map((item) => item.state)).toEqual(['submitted_for_verification', 'open', 'plan_submitted', 'in_progress', 'returned', 'partly_rectified', 'verified', 'carried_over']);
    expect(items[0].owner?.displayName).toBe('张敏');
    // Worked through the real lifecycle: its history tells it, and the evidence file is linked to the progress report.
    const history = (await get('auditor', `/rectification-items/${items[0].id}/history`)).items as { action: string; attachments: { fileName: string }[] }[];
    expect(history.map((entry) => entry.action)).toEqual(['submit_plan', 'report_progress', 'submit_for_verification']);
    expect(history.find((entry) => entry.action === 'report_progress')!.attachments.map((file) => file.fileName)).toEqual(['预算编制管理办法（修订）.pdf']);
    const returned = (await get('auditor', `/rectification-items/${items[4].id}/history`)).items.map((entry: { action: string }) => entry.action);
    expect(returned).toEqual(['submit_plan', 'report_progress', 'submit_for_verification', 'return']);
    // The auditor may verify it now; the department may work the others.
    const actions = (await get('auditor', `/rectification-items/${items[0].id}/actions`)).actions.filter((action: { allowed: boolean }) => action.allowed).map((action: { action: string }) => action.action);
    expect(actions).toEqual(expect.arrayContaining(['verify', 'verify_partly', 'return']));
    // Both find it in 我的待办, served from workflow_tasks: the auditor the verification, the department the open work.
    const auditorTasks = (await get('auditor', '/me/tasks?pageSize=100')).items as { subjectType: string; subjectId: string; link: string }[];
    expect(auditorTasks.map((task) => [task.subjectType, task.subjectId, task.link])).toEqual([['rectification_item', items[0].id, `/rectification-items/${items[0].id}`]]);
    const departmentTasks = (await get('dept.staff', '/me/tasks?pageSize=100')).items as { subjectType: string; subjectId: string; state: string }[];
    expect(departmentTasks.filter((task) => task.subjectType === 'rectification_item').map((task) => task.subjectId).sort()).toEqual(items.slice(1, 6).map((item) => item.id).sort());
    // The ledger counts them: one closed (verified), the carried-over one due and not closed.
    const ledger = await get('auditor', `/rectification-ledger?evaluationId=${evaluation.id}`);
    expect(ledger.total).toBe(8);
    expect(ledger.figures.closed).toBe(1);
  });

  it('have the next year’s evaluation in fieldwork follow up the items left open, the carried-over one found not rectified and linked to its origin', async () => {
    const [fieldwork] = await t.db.query(`SELECT id FROM evaluations WHERE state = 'fieldwork' AND kind = 'key' AND title LIKE '%人民政府办公厅部门整体%'`);
    const prior = (await get('eval.lead', `/evaluations/${fieldwork.id}/prior-year-items`)).items as { item: { state: string }; followup: { assessment: { id: string }; finding: { id: string; seq: number } | null } | null }[];
    expect(prior.map((row) => row.item.state).sort()).toEqual(['carried_over', 'in_progress', 'open', 'partly_rectified', 'plan_submitted', 'returned', 'submitted_for_verification'].sort());
    const carried = prior.find((row) => row.item.state === 'carried_over')!;
    expect(carried.followup?.assessment.id).toBe('not_rectified');
    const finding = (await get('eval.lead', `/evaluations/${fieldwork.id}/findings`)).items.find((candidate: { id: string }) => candidate.id === carried.followup!.finding!.id);
    expect(finding.originItemId).not.toBeNull();
    const chain = await get('eval.lead', `/findings/${finding.id}/chain`);
    expect(chain.links.map((link: { evaluation: { fiscalYear: number } }) => link.evaluation.fiscalYear)).toEqual([2024, 2025]);
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
