import { randomBytes } from 'node:crypto';
import type { TaskDto } from '@evalflow/domain';
import { runMigrations } from '../../apps/api/src/infrastructure/database/data-source';
import { compareTasks } from '../../apps/api/src/modules/workflow/engine/task-order';
import { WorkflowTasksRepository } from '../../apps/api/src/modules/workflow/engine/workflow-tasks.repository';
import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fire, keyEvaluationInFieldwork, keyEvaluationInRectification, lookupIds, type Ids } from '../support/evaluation-steps';

/*
 * Tasks are rows (issue 10 §3): the runner opens and closes workflow_tasks in the transaction of each transition;
 * 我的待办 is one query over them, across evaluations and items, for exactly the people each state waits on; it pages
 * past any number of tasks; and the migration's backfill makes the same tasks the runner does.
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
const userId = new Map<string, string>();

/** Every demo user with a part in evaluations, and an auditor of 浏阳 (outside 长沙's city departments' jurisdiction). */
const EVERYONE = [
  'finance.admin', 'finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'dept.staff', 'auditor',
  'liuyang.admin', 'liuyang.officer', 'liuyang.head', 'liuyang.staff', 'furong.head', 'furong.staff', 'ly.auditor', 'admin',
];

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  // An audit office of 浏阳市 and its auditor (the demo password): 长沙市人民政府办公厅 is outside its jurisdiction.
  const [{ id: region }] = await t.db.query(`SELECT id FROM regions WHERE code = '430181'`);
  const [{ id: office }] = await t.db.query(
    `INSERT INTO organisations (name, kind, credit_code, region_id) VALUES ('浏阳市审计局', 'audit_office', $1, $2) RETURNING id`,
    [`11430181MB${randomBytes(4).toString('hex').slice(0, 8).toUpperCase()}`, region],
  );
  await t.db.query(
    `INSERT INTO users (username, display_name, password_hash, organisation_id, roles)
     SELECT 'ly.auditor', '浏阳审计', password_hash, $1, ARRAY['auditor'] FROM users WHERE username = 'auditor'`,
    [office],
  );
  for (const row of await t.db.query(`SELECT id, username FROM users`)) userId.set(row.username, row.id);
});
afterAll(async () => t?.close());

async function step(username: string, id: string, action: string, extra: { comment?: string; parameters?: Record<string, string> } = {}) {
  const response = await fire(t, username, id, action, extra);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

type Kind = 'rectification-items' | 'document-requests';
const record = async (kind: Kind, id: string) => (await api(t, 'finance.officer', 'get', `/${kind}/${id}`)).body;
async function stepItem(kind: Kind, username: string, id: string, action: string, comment?: string) {
  const response = await api(t, username, 'post', `/${kind}/${id}/transitions`, { action, expectedVersion: (await record(kind, id)).version, ...(comment ? { comment } : {}) });
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** The whole inbox, page by page (at most 100 a page). */
async function inbox(username: string, pageSize = 100): Promise<{ items: TaskDto[]; total: number }> {
  const items: TaskDto[] = [];
  for (let page = 1; ; page++) {
    const response = await api(t, username, 'get', `/me/tasks?page=${page}&pageSize=${pageSize}`);
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    if (response.body.items.length < pageSize) return { items, total: response.body.total };
  }
}

/** Who finds the record in 我的待办 (and as what). */
async function whoSees(subjectId: string): Promise<string[]> {
  const seen: string[] = [];
  for (const username of EVERYONE) if ((await inbox(username)).items.some((task) => task.subjectId === subjectId)) seen.push(username);
  return seen.sort();
}

/** The record's tasks: open ones as state/relation/roles, and how many are closed. */
async function tasksOf(subjectId: string) {
  const rows: { state: string; relation: string; roles: string[]; closed: boolean }[] = await t.db.query(
    `SELECT state, relation, roles, closed_at IS NOT NULL AS closed FROM workflow_tasks WHERE subject_id = $1 ORDER BY opened_at, relation, roles`,
    [subjectId],
  );
  return { open: rows.filter((row) => !row.closed).map((row) => `${row.state}:${row.relation}[${row.roles.join(',')}]`).sort(), closed: rows.filter((row) => row.closed).length };
}
const allTasks = () => t.db.query(`SELECT * FROM workflow_tasks ORDER BY id`);

const evaluationInFieldwork = () => keyEvaluationInFieldwork(t, ids);
const evaluationInRectification = (findings: number) => keyEvaluationInRectification(t, ids, findings);

const BUREAU = 'commissioning_bureau[finance_admin,finance_officer]';
const DEPT = 'evaluated_department[department_head,department_staff]';
const HEAD = 'evaluated_department[department_head]';

describe('tasks follow the transitions, in their transaction', () => {
  it('a draft waits on its bureau; commissioning closes that task and opens the department\'s, at the instant of the state change', async () => {
    const { id } = await createKeyEvaluation(t, ids);
    expect(await tasksOf(id)).toEqual({ open: [`draft:${BUREAU}`], closed: 0 });
    const task = (await inbox('finance.officer')).items.find((task) => task.subjectId === id);
    expect(task).toMatchObject({ subjectType: 'evaluation', evaluationId: id, subjectTitle: null, link: `/evaluations/${id}`, state: 'draft', actions: [{ action: 'commission' }], work: [] });

    await step('finance.officer', id, 'commission');
    expect(await tasksOf(id)).toEqual({ open: [`commissioned:${DEPT}`], closed: 1 });
    // Closed, opened, state written and history appended by one transaction (the rows' xmin), at its instant (now()).
    const [instants] = await t.db.query(
      `SELECT (SELECT closed_at FROM workflow_tasks WHERE subject_id = $1 AND state = 'draft') = e.state_changed_at AS closed,
              (SELECT opened_at FROM workflow_tasks WHERE subject_id = $1 AND state = 'commissioned') = e.state_changed_at AS opened,
              (SELECT count(DISTINCT x)::int FROM unnest(ARRAY[e.xmin::text,
                 (SELECT xmin::text FROM workflow_tasks WHERE subject_id = $1 AND state = 'draft'),
                 (SELECT xmin::text FROM workflow_tasks WHERE subject_id = $1 AND state = 'commissioned'),
                 (SELECT xmin::text FROM workflow_history WHERE aggregate_id = $1 ORDER BY id DESC LIMIT 1)]) x) AS transactions
       FROM evaluations e WHERE e.id = $1`,
      [id],
    );
    expect(instants).toEqual({ closed: true, opened: true, transactions: 1 });
    expect(await whoSees(id)).toEqual(['dept.head', 'dept.staff']);

    await step('dept.head', id, 'start_self_evaluation');
    expect(await tasksOf(id)).toEqual({ open: [`self_evaluation:${DEPT}`, `self_evaluation:${HEAD}`], closed: 2 });
    // The head holds both parties' work: one task, the work and the submission together.
    const head = (await inbox('dept.head')).items.filter((task) => task.subjectId === id);
    expect(head).toHaveLength(1);
    expect(head[0]).toMatchObject({ actions: [{ action: 'submit_self_evaluation' }], work: [{ zh: '填报自评表、预算执行数据和自评报告' }] });
    expect((await inbox('dept.staff')).items.find((task) => task.subjectId === id)).toMatchObject({ actions: [], work: [{ zh: '填报自评表、预算执行数据和自评报告' }] });
  });

  it('a refused transition (403, 409, 422) leaves every task as it was', async () => {
    const { id } = await createKeyEvaluation(t, ids);
    await step('finance.officer', id, 'commission');
    await step('dept.head', id, 'start_self_evaluation');
    const before = await allTasks();
    expect((await fire(t, 'dept.staff', id, 'submit_self_evaluation')).status).toBe(403);
    expect((await fire(t, 'dept.head', id, 'submit_self_evaluation')).status).toBe(422);
    expect((await fire(t, 'finance.officer', id, 'accept_self_evaluation')).status).toBe(409);
    const stale = await api(t, 'dept.head', 'post', `/evaluations/${id}/transitions`, { action: 'submit_self_evaluation', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(await allTasks()).toEqual(before);
  });

  it('a transition that fails after its tasks were synced rolls them back with the state', async () => {
    const { id } = await createKeyEvaluation(t, ids);
    await step('finance.officer', id, 'commission');
    // The history entry is written after the state and the tasks: make it fail for this evaluation.
    await t.db.query(`CREATE FUNCTION fail_history() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'history refused'; END $$`);
    await t.db.query(`CREATE TRIGGER fail_history BEFORE INSERT ON workflow_history FOR EACH ROW WHEN (NEW.aggregate_id = '${id}') EXECUTE FUNCTION fail_history()`);
    try {
      const before = await allTasks();
      expect((await fire(t, 'dept.staff', id, 'start_self_evaluation')).status).toBe(500);
      expect(await allTasks()).toEqual(before);
      expect((await t.db.query(`SELECT state FROM evaluations WHERE id = $1`, [id]))[0].state).toBe('commissioned');
    } finally {
      await t.db.query(`DROP TRIGGER fail_history ON workflow_history`);
      await t.db.query(`DROP FUNCTION fail_history()`);
    }
  });
});

describe("items' tasks reach the people their state waits on, and nobody else", () => {
  it('rectification items: the department while open, the owner (and the head) in progress, the auditor of the jurisdiction and the bureau for verification', async () => {
    const { id, items } = await evaluationInRectification(2);
    const [first] = items;
    const [{ title: findingTitle }] = await t.db.query(`SELECT f.title FROM rectification_items ri JOIN findings f ON f.id = ri.finding_id WHERE ri.id = $1`, [first]);
    expect(await tasksOf(first)).toEqual({ open: [`open:${DEPT}`], closed: 0 });
    expect(await whoSees(first)).toEqual(['dept.head', 'dept.staff']);
    const task = (await inbox('dept.staff')).items.find((task) => task.subjectId === first)!;
    expect(task).toMatchObject({
      subjectType: 'rectification_item',
      evaluationId: id,
      subjectTitle: `整改事项“${findingTitle}”`,
      link: `/rectification-items/${first}`,
      state: 'open',
      stateLabel: { zh: '待报送整改措施' },
      actions: [{ action: 'submit_plan' }],
    });
    // The evaluation itself waits on the department's rectification (and its bureau's close) as before.
    expect((await inbox('dept.staff')).items.find((task) => task.subjectId === id)).toMatchObject({ subjectType: 'evaluation', state: 'rectification' });

    // The plan names dept.staff as the owner; from plan_submitted the item waits on its owner (and the head).
    const planned = await api(t, 'dept.staff', 'patch', `/rectification-items/${first}`, {
      expectedVersion: (await record('rectification-items', first)).version,
      measures: '修订预算编制办法，按季度分析执行进度',
      responsibleUnit: '财务科',
      ownerUserId: userId.get('dept.staff'),
      dueOn: '2099-06-30',
    });
    expect(planned.status).toBe(200);
    await stepItem('rectification-items', 'dept.staff', first, 'submit_plan');
    await stepItem('rectification-items', 'dept.staff', first, 'report_progress', '已修订预算编制办法');
    expect(await tasksOf(first)).toEqual({ open: [`in_progress:${HEAD}`, 'in_progress:item_owner[department_head,department_staff]'], closed: 3 });
    expect(await whoSees(first)).toEqual(['dept.head', 'dept.staff']);
    // Another owner: the task follows the owner at once (relations are read when the inbox is asked).
    await t.db.query(`UPDATE rectification_items SET owner_user_id = $2 WHERE id = $1`, [first, userId.get('dept.head')]);
    expect(await whoSees(first)).toEqual(['dept.head']);
    await t.db.query(`UPDATE rectification_items SET owner_user_id = $2 WHERE id = $1`, [first, userId.get('dept.staff')]);

    await api(t, 'dept.staff', 'patch', `/rectification-items/${first}`, { expectedVersion: (await record('rectification-items', first)).version, evidenceNote: '《预算编制管理办法》（修订稿），共2份' });
    await stepItem('rectification-items', 'dept.staff', first, 'submit_for_verification');
    expect(await tasksOf(first)).toEqual({ open: [`submitted_for_verification:${BUREAU}`, 'submitted_for_verification:jurisdiction[auditor]'], closed: 5 });
    expect(await whoSees(first)).toEqual(['auditor', 'finance.admin', 'finance.officer']);
    expect((await inbox('auditor')).items.find((task) => task.subjectId === first)).toMatchObject({ actions: [{ action: 'verify' }, { action: 'verify_partly' }, { action: 'return' }] });

    await stepItem('rectification-items', 'auditor', first, 'verify');
    expect(await tasksOf(first)).toEqual({ open: [], closed: 7 });
    expect(await whoSees(first)).toEqual([]);
  });

  it('document requests: the owner and the head while requested (the head alone without an owner), the team once answered', async () => {
    const evaluationId = await evaluationInFieldwork();
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '2025年度会计凭证', dueOn: '2099-05-31', ownerUserId: userId.get('dept.staff') });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const OWNER = 'item_owner[department_head,department_staff]';
    expect(await tasksOf(id)).toEqual({ open: [`requested:${HEAD}`, `requested:${OWNER}`], closed: 0 });
    expect(await whoSees(id)).toEqual(['dept.head', 'dept.staff']);
    // An item without an owner is the head's alone: not in the inbox of the department's other users.
    const unowned = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '2025年度银行对账单' });
    expect(await tasksOf(unowned.body.id)).toEqual({ open: [`requested:${HEAD}`, `requested:${OWNER}`], closed: 0 });
    expect(await whoSees(unowned.body.id)).toEqual(['dept.head']);
    // The head holds both parties of the owned item: one task.
    expect((await inbox('dept.head')).items.filter((task) => task.subjectId === id)).toHaveLength(1);
    expect((await inbox('dept.staff')).items.find((task) => task.subjectId === id)).toMatchObject({
      subjectType: 'document_request',
      subjectTitle: '资料清单“2025年度会计凭证”',
      link: `/evaluations/${evaluationId}?tab=documents`,
      actions: [{ action: 'provide' }, { action: 'provide_partly' }, { action: 'decline' }],
    });
    expect((await api(t, 'dept.staff', 'patch', `/document-requests/${id}`, { expectedVersion: (await record('document-requests', id)).version, materialsNote: '纸质凭证已现场移交' })).status).toBe(200);
    await stepItem('document-requests', 'dept.staff', id, 'provide');
    expect(await tasksOf(id)).toEqual({ open: ['provided:assigned_member[evaluation_lead,evaluator]'], closed: 2 });
    expect(await whoSees(id)).toEqual(['eval.lead', 'evaluator']);
    await stepItem('document-requests', 'evaluator', id, 'accept');
    expect(await whoSees(id)).toEqual([]);
    // Another request stays open for the backfill below.
    expect((await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '2025年度合同台账' })).status).toBe(201);
  });
});

describe('the inbox is one query over all tasks', () => {
  it('pages past 2,000 tasks with the right total, in the order task-order.ts states, nothing twice or lost', async () => {
    // 2,500 drafts of the bureau, half with a running deadline spread around today; their tasks by the runner's sync.
    const created: { id: string }[] = await t.db.query(
      `INSERT INTO evaluations (reference, kind, scope, title, fiscal_year, department_id, commissioning_organisation_id, state, created_by, state_changed_at)
       SELECT 'BULK-' || lpad(n::text, 5, '0'), 'key', 'department_whole', '批量评价' || n, 2025, $1, o.id, 'draft', u.id, now() - (n % 90) * interval '1 day'
       FROM generate_series(1, 2500) n, organisations o, users u WHERE o.name = '长沙市财政局' AND u.username = 'finance.officer'
       RETURNING id`,
      [ids.department],
    );
    await t.db.query(
      `INSERT INTO deadlines (subject_type, subject_id, key, definition, due_on, status, owner_party)
       SELECT 'evaluation', e.id, 'self_evaluation', '{"kind":"calendar","date":"2026-01-01"}', (now() AT TIME ZONE 'Asia/Shanghai')::date + (substr(e.reference, 6)::int % 40 - 20), 'active', 'department'
       FROM evaluations e WHERE e.reference LIKE 'BULK-%' AND substr(e.reference, 6)::int % 2 = 0`,
    );
    await t.app.get(WorkflowTasksRepository).sync(t.db, 'evaluation', created.map((row) => row.id));

    const expected = Number((await t.db.query(`SELECT count(DISTINCT subject_id)::int AS n FROM workflow_tasks WHERE closed_at IS NULL AND relation = 'commissioning_bureau' AND evaluation_id IN (SELECT id FROM evaluations WHERE commissioning_organisation_id = (SELECT organisation_id FROM users WHERE username = 'finance.officer'))`))[0].n);
    expect(expected).toBeGreaterThan(2500);
    const all = await inbox('finance.officer');
    expect(all.total).toBe(expected);
    expect(all.items).toHaveLength(expected);
    expect(new Set(all.items.map((task) => task.subjectId)).size).toBe(expected);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(all.items.map((task) => task.subjectId)).toEqual([...all.items].sort(compareTasks(today)).map((task) => task.subjectId));
    for (const task of all.items) {
      expect(task.overdue).toBe(task.dueOn !== null && task.dueOn < today);
      expect(task.dueSoon).toBe(task.dueOn !== null && task.dueOn >= today && (Date.parse(task.dueOn) - Date.parse(today)) / 86_400_000 <= 7);
    }
    // A page beyond the end still says how many there are.
    const beyond = await api(t, 'finance.officer', 'get', `/me/tasks?page=1000&pageSize=100`);
    expect([beyond.status, beyond.body.items, beyond.body.total]).toEqual([200, [], expected]);
    // Drafts are nobody else's: not the department's (it may not even read them), not another bureau's.
    for (const username of ['dept.staff', 'dept.head', 'liuyang.officer', 'auditor', 'eval.lead']) {
      expect((await inbox(username)).items.filter((task) => task.reference.startsWith('BULK-'))).toEqual([]);
    }
  });
});

describe('the migration backfills the tasks the runner keeps', () => {
  it('run again on the data made above (evaluations, items, document requests in many states), it makes the same open tasks', async () => {
    const open = () =>
      t.db.query(`SELECT subject_type, subject_id, evaluation_id, state, relation, roles, labels FROM workflow_tasks WHERE closed_at IS NULL ORDER BY subject_type, subject_id, relation, roles`);
    const byRunner = await open();
    expect(new Set(byRunner.map((row: { subject_type: string }) => row.subject_type))).toEqual(new Set(['evaluation', 'rectification_item', 'document_request']));
    await t.db.query(`DROP TABLE workflow_tasks`);
    await t.db.query(`DELETE FROM migrations WHERE name = 'WorkflowTasks1763960000000'`);
    expect(await runMigrations(t.databaseUrl)).toEqual(['WorkflowTasks1763960000000']);
    expect(await open()).toEqual(byRunner);
    // The backfill dates each task from its record's state change.
    const [{ mismatched }] = await t.db.query(
      `SELECT count(*)::int AS mismatched FROM workflow_tasks t JOIN evaluations e ON t.subject_type = 'evaluation' AND e.id = t.subject_id WHERE t.opened_at <> e.state_changed_at`,
    );
    expect(mismatched).toBe(0);
  });
});
