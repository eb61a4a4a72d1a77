import { Client } from 'pg';
import { DOCUMENT_REQUEST, RECTIFICATION_ITEM, checkPermits, findTransition, type AnyWorkflowDefinition, type Relation } from '@evalflow/workflow';
import type { Role } from '@evalflow/domain';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, fire, keyEvaluationInFieldwork, keyEvaluationInRectification, lookupIds, type Ids } from '../support/evaluation-steps';

/*
 * The item lifecycles through the one engine (issue 10): rectification items and document-request items fire
 * through the API like an evaluation; every (state, action) × demo user answers as the definition says, with
 * nothing changed by a refusal; 50 conflicting transitions on one item leave one winner and one history entry; an
 * item's transition does not wait on a lock held on another item or on its evaluation.
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
const userId = new Map<string, string>();

/**
 * Two parties the demo lacks, made for the table: an auditor outside the department's jurisdiction (浏阳's audit
 * office, whose region is below 长沙) and the lead of a firm not assigned to the evaluation. Same password as the demo.
 */
const EXTRA_OUTSIDERS = [
  { username: 'liuyang.auditor', organisation: '浏阳市审计局', kind: 'audit_office', region: '430181', roles: ['auditor'], code: '11430181TEST00001X' },
  { username: 'other.firm.lead', organisation: '湖南另一会计师事务所', kind: 'evaluation_firm', region: '430100', roles: ['evaluation_lead'], code: '91430100TEST00002X' },
] as const;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  for (const extra of EXTRA_OUTSIDERS) {
    const [organisation] = await t.db.query(
      `INSERT INTO organisations (name, kind, credit_code, region_id) SELECT $1, $2, $3, id FROM regions WHERE code = $4 RETURNING id`,
      [extra.organisation, extra.kind, extra.code, extra.region],
    );
    await t.db.query(
      `INSERT INTO users (username, display_name, password_hash, organisation_id, roles) SELECT $1, $1, password_hash, $2, $3 FROM users WHERE username = 'dept.staff'`,
      [extra.username, organisation.id, [...extra.roles]],
    );
  }
  // A second staff member of 长沙市人民政府办公厅, who owns no item: a 资料清单 item is its owner's (and the head's), not theirs.
  await t.db.query(
    `INSERT INTO users (username, display_name, password_hash, organisation_id, roles) SELECT 'cs.clerk', '李文', password_hash, organisation_id, ARRAY['department_staff'] FROM users WHERE username = 'dept.staff'`,
  );
  for (const row of await t.db.query(`SELECT id, username FROM users`)) userId.set(row.username, row.id);
});
afterAll(async () => t?.close());

async function step(username: string, id: string, action: string, extra: { comment?: string; parameters?: Record<string, string> } = {}) {
  const response = await fire(t, username, id, action, extra);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

const evaluationInFieldwork = () => keyEvaluationInFieldwork(t, ids);
const evaluationInRectification = (findings: number) => keyEvaluationInRectification(t, ids, findings);

const item = async (username: string, id: string) => (await api(t, username, 'get', `/rectification-items/${id}`)).body;
const fireItem = async (kind: 'rectification-items' | 'document-requests', username: string, id: string, action: string, comment?: string) => {
  const current = (await api(t, 'finance.officer', 'get', `/${kind}/${id}`)).body;
  return api(t, username, 'post', `/${kind}/${id}/transitions`, { action, expectedVersion: current.version, ...(comment ? { comment } : {}) });
};

describe('a rectification item from open to verified, through the API', () => {
  it('the department plans, the owner reports with evidence, the auditor verifies; the evaluation then closes', async () => {
    const { id, items } = await evaluationInRectification(2);
    expect(items).toHaveLength(2);
    const [first, second] = items;
    // Plan: measures, responsible unit and person, due date. Without them, submit_plan names the missing guards.
    const early = await fireItem('rectification-items', 'dept.staff', first, 'submit_plan');
    expect([early.status, early.body.details.failedGuards.map((g: { id: string }) => g.id)]).toEqual([422, ['measures_entered', 'owner_assigned', 'due_date_set']]);
    const planned = await api(t, 'dept.staff', 'patch', `/rectification-items/${first}`, {
      expectedVersion: (await item('dept.staff', first)).version,
      measures: '修订预算编制办法，按季度分析执行进度',
      responsibleUnit: '财务科',
      ownerUserId: userId.get('dept.staff'),
      dueOn: '2099-06-30',
    });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({ measures: '修订预算编制办法，按季度分析执行进度', owner: { id: userId.get('dept.staff') }, dueOn: '2099-06-30' });
    expect((await fireItem('rectification-items', 'dept.staff', first, 'submit_plan')).body.state).toBe('plan_submitted');
    // Progress is the owner's (or the head's), with the report as the comment.
    expect((await fireItem('rectification-items', 'evaluator', first, 'report_progress', '已修订办法')).status).toBe(403);
    expect((await fireItem('rectification-items', 'dept.staff', first, 'report_progress', '已修订预算编制办法')).body.state).toBe('in_progress');
    const noEvidence = await fireItem('rectification-items', 'dept.staff', first, 'submit_for_verification');
    expect([noEvidence.status, noEvidence.body.details.failedGuards.map((g: { id: string }) => g.id)]).toEqual([422, ['evidence_attached']]);
    await api(t, 'dept.staff', 'patch', `/rectification-items/${first}`, { expectedVersion: (await item('dept.staff', first)).version, evidenceNote: '《预算编制管理办法》（修订稿）及印发通知，共2份' });
    expect((await fireItem('rectification-items', 'dept.staff', first, 'submit_for_verification')).body.state).toBe('submitted_for_verification');
    // While the verifier looks, the department cannot change the item.
    const frozen = await api(t, 'dept.staff', 'patch', `/rectification-items/${first}`, { expectedVersion: (await item('dept.staff', first)).version, measures: '改' });
    expect(frozen.status).toBe(409);
    expect((await fireItem('rectification-items', 'auditor', first, 'verify')).body.state).toBe('verified');
    // The other is carried over to next year's evaluation by the bureau; then the evaluation may close.
    expect((await fireItem('rectification-items', 'finance.officer', second, 'carry_over', '涉及下年度预算安排，结转下年度跟踪')).body.state).toBe('carried_over');
    await step('finance.officer', id, 'close');
    // The item's story, on its own history.
    const history = await api(t, 'auditor', 'get', `/rectification-items/${first}/history`);
    expect(history.body.items.map((entry: { action: string; actor: { displayName: string } }) => [entry.action, entry.actor.displayName])).toEqual([
      ['submit_plan', '张敏'],
      ['report_progress', '张敏'],
      ['submit_for_verification', '张敏'],
      ['verify', '赵审计'],
    ]);
    expect(history.body.items.at(-1).snapshot.rectificationItem).toMatchObject({ evidenceNote: '《预算编制管理办法》（修订稿）及印发通知，共2份' });
  });

  it('refuses a responsible person outside the department and a due date in the past (422, nothing written)', async () => {
    const { items } = await evaluationInRectification(1);
    const before = await item('dept.staff', items[0]);
    const refused = await api(t, 'dept.staff', 'patch', `/rectification-items/${items[0]}`, { expectedVersion: before.version, ownerUserId: userId.get('liuyang.staff'), dueOn: '2020-01-01' });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { path: string }) => d.path)).toEqual(['ownerUserId', 'dueOn']);
    expect(await item('dept.staff', items[0])).toEqual(before);
    const stale = await api(t, 'dept.staff', 'patch', `/rectification-items/${items[0]}`, { expectedVersion: before.version + 5, measures: '整改' });
    expect(stale.status).toBe(409);
  });
});

/*
 * The authorisation table. Each demo user's relations to an item of 长沙市人民政府办公厅's evaluation, written down by
 * hand from the demo data (who is where), not computed by the API; the expected answer then follows the definition.
 */
const READERS: Record<string, Relation[]> = {
  admin: ['commissioning_bureau', 'jurisdiction'],
  'finance.admin': ['commissioning_bureau', 'jurisdiction'],
  'finance.officer': ['commissioning_bureau', 'jurisdiction'],
  'eval.lead': ['assigned_lead', 'assigned_member'],
  evaluator: ['assigned_member'],
  'dept.head': ['evaluated_department'],
  'dept.staff': ['evaluated_department', 'item_owner'],
  auditor: ['jurisdiction'],
};
/**
 * Outside: another county's bureau and departments, another district's department, an auditor outside the
 * jurisdiction, a firm not assigned: the item does not exist for them.
 */
const OUTSIDERS = [...DEMO_USERS.map((user) => user.username).filter((username) => !(username in READERS)), ...EXTRA_OUTSIDERS.map((extra) => extra.username)];

/** `who`: the user's roles and relations where they differ from the demo's (an item without an owner, a user made here). */
function expectedStatus(definition: AnyWorkflowDefinition, state: string, action: string, username: string, who?: { roles: Role[]; relations: Relation[] }): number {
  if (!who && !(username in READERS)) return 404;
  const transition = findTransition(definition, state, action);
  if (!transition) return 409;
  const roles = who?.roles ?? (DEMO_USERS.find((user) => user.username === username)!.roles as Role[]);
  return checkPermits(transition.permits, { id: username, roles, relations: who?.relations ?? READERS[username] }) ? 403 : 200;
}

async function snapshotOf(table: string, id: string) {
  const [row] = await t.db.query(`SELECT * FROM ${table} WHERE id = $1`, [id]);
  const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM workflow_history WHERE aggregate_id = $1`, [id]);
  return { row, history: count };
}

describe('every (state, action) × demo user on a rectification item', () => {
  let itemId: string;
  beforeAll(async () => {
    const { items } = await evaluationInRectification(1);
    itemId = items[0];
    // Every guard satisfied, so what decides is who asks and in which state. dept.staff is the responsible person.
    await t.db.query(
      `UPDATE rectification_items SET measures = '整改措施', owner_user_id = $2, due_on = '2099-06-30', evidence_note = '佐证材料' WHERE id = $1`,
      [itemId, userId.get('dept.staff')],
    );
  });

  const cases = RECTIFICATION_ITEM.states.flatMap((state) =>
    RECTIFICATION_ITEM.actions.flatMap((action) => [...Object.keys(READERS), ...OUTSIDERS].map((username) => [state.id, action, username, expectedStatus(RECTIFICATION_ITEM, state.id, action, username)] as const)),
  );

  it.each(cases)('in %s, %s by %s → %i', async (state, action, username, expected) => {
    // Put the item in the state by hand (the table is about who may fire what, not how it got there).
    await t.db.query(`UPDATE rectification_items SET state = $2 WHERE id = $1`, [itemId, state]);
    const before = await snapshotOf('rectification_items', itemId);
    const response = await api(t, username, 'post', `/rectification-items/${itemId}/transitions`, { action, expectedVersion: before.row.version, comment: '说明' });
    expect({ status: response.status, code: response.body.code }).toEqual(expected === 200 ? { status: 200, code: undefined } : { status: expected, code: expect.any(String) });
    if (expected === 200) {
      expect(response.body.state).toBe(findTransition(RECTIFICATION_ITEM, state, action)!.to);
    } else {
      expect(await snapshotOf('rectification_items', itemId)).toEqual(before);
    }
  });
});

describe('document requests: the team asks, the department answers, the team accepts', () => {
  let evaluationId: string;
  beforeAll(async () => {
    evaluationId = await evaluationInFieldwork();
  });

  it('goes requested → provided → returned → not_provided → accepted, each step by its party', async () => {
    expect((await api(t, 'dept.staff', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '2025年度会计凭证' })).status).toBe(403);
    // The owner must be of the department (422 on the field, nothing written).
    const stranger = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '2025年度会计凭证', ownerUserId: userId.get('liuyang.staff') });
    expect([stranger.status, stranger.body.details]).toEqual([422, [{ path: 'ownerUserId', message: '责任人须为被评价部门的在职用户' }]]);
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, {
      title: '2025年度会计凭证',
      description: '全年记账凭证及附件',
      dueOn: '2099-05-31',
      ownerUserId: userId.get('dept.staff'),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ state: 'requested', title: '2025年度会计凭证', createdBy: { id: userId.get('eval.lead') }, owner: { id: userId.get('dept.staff') } });
    // Another staff member of the department is not the owner: refused with the reason, for the note and the answer alike.
    const notOwner = await api(t, 'cs.clerk', 'patch', `/document-requests/${id}`, { expectedVersion: created.body.version, materialsNote: '代为登记' });
    expect([notOwner.status, notOwner.body.message]).toEqual([403, '只有该资料的负责人或部门负责人可以登记提供情况']);
    const notOwnerAnswer = await fireItem('document-requests', 'cs.clerk', id, 'decline', '不是我的资料');
    expect([notOwnerAnswer.status, notOwnerAnswer.body.message]).toEqual([403, expect.stringContaining('只有该资料的负责人或部门负责人可以办理')]);
    const offered = await api(t, 'cs.clerk', 'get', `/document-requests/${id}/actions`);
    expect(offered.body.actions.map((a: { action: string; refusal?: { kind: string; message: { zh: string } } }) => [a.action, a.refusal?.kind, a.refusal?.message.zh])).toEqual(
      ['provide', 'provide_partly', 'decline'].map((action) => [action, 'not_assigned', '只有该资料的负责人或部门负责人可以办理']),
    );
    expect((await api(t, 'cs.clerk', 'get', `/document-requests/${id}`)).body.version).toBe(created.body.version);
    const empty = await fireItem('document-requests', 'dept.staff', id, 'provide');
    expect([empty.status, empty.body.details.failedGuards.map((g: { id: string }) => g.id)]).toEqual([422, ['materials_recorded']]);
    const version = (await api(t, 'dept.staff', 'get', `/document-requests/${id}`)).body.version;
    expect((await api(t, 'dept.staff', 'patch', `/document-requests/${id}`, { expectedVersion: version, materialsNote: '纸质凭证12册，现场移交评价组' })).status).toBe(200);
    expect((await fireItem('document-requests', 'dept.staff', id, 'provide')).body.state).toBe('provided');
    expect((await fireItem('document-requests', 'evaluator', id, 'return', '缺少第四季度凭证')).body.state).toBe('returned');
    expect((await fireItem('document-requests', 'dept.staff', id, 'decline', '由于正在接受巡查，未提供凭证')).body.state).toBe('not_provided');
    expect((await fireItem('document-requests', 'eval.lead', id, 'accept')).body.state).toBe('accepted');
    const list = await api(t, 'dept.head', 'get', `/evaluations/${evaluationId}/document-requests`);
    expect(list.body.items.map((entry: { id: string; state: string }) => [entry.id, entry.state])).toEqual([[id, 'accepted']]);
    // Outside the department's region the list does not exist.
    expect((await api(t, 'liuyang.staff', 'get', `/evaluations/${evaluationId}/document-requests`)).status).toBe(404);
    expect((await api(t, 'liuyang.staff', 'get', `/document-requests/${id}/history`)).status).toBe(404);
  });

  /*
   * The item is dept.staff's (READERS: dept.staff holds item_owner), so the owner and the head answer it; cs.clerk,
   * staff of the same department, does not. An item without an owner: the head alone answers it.
   */
  const CLERK = { roles: ['department_staff'] as Role[], relations: ['evaluated_department'] as Relation[] };
  const STAFF_WITHOUT_OWNERSHIP = { roles: ['department_staff'] as Role[], relations: ['evaluated_department'] as Relation[] };
  const cases = DOCUMENT_REQUEST.states.flatMap((state) =>
    DOCUMENT_REQUEST.actions.flatMap((action) => [
      ...['finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'dept.staff', 'cs.clerk', 'auditor', 'liuyang.staff', 'liuyang.auditor', 'other.firm.lead'].map(
        (username) => [state.id, action, username, 'owned by dept.staff'] as const,
      ),
      ...['dept.head', 'dept.staff'].map((username) => [state.id, action, username, 'without an owner'] as const),
    ]),
  );
  it.each(cases)('in %s, %s by %s (%s) answers as the definition says, nothing changed on refusal', async (state, action, username, owner) => {
    const owned = owner === 'owned by dept.staff';
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, {
      title: `资料 ${state} ${action} ${username}`,
      ownerUserId: owned ? userId.get('dept.staff') : null,
    });
    const id = created.body.id;
    await t.db.query(`UPDATE document_requests SET state = $2, materials_note = '已移交' WHERE id = $1`, [id, state]);
    const who = username === 'cs.clerk' ? CLERK : username === 'dept.staff' && !owned ? STAFF_WITHOUT_OWNERSHIP : undefined;
    const expected = expectedStatus(DOCUMENT_REQUEST, state, action, username, who);
    const before = await snapshotOf('document_requests', id);
    const response = await api(t, username, 'post', `/document-requests/${id}/transitions`, { action, expectedVersion: before.row.version, comment: '说明' });
    expect(response.status).toBe(expected);
    if (expected !== 200) expect(await snapshotOf('document_requests', id)).toEqual(before);
  });
});

describe('deadlines and reminders of items, on the same mechanism as an evaluation\'s', () => {
  it('a document request with a 提供期限 starts its deadline and reminds the department with the item\'s link; answering ends it', async () => {
    const evaluationId = await evaluationInFieldwork();
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '2025年度政府采购合同', dueOn: '2099-05-31', ownerUserId: userId.get('dept.staff') });
    const [deadline] = await t.db.query(`SELECT id, key, status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM deadlines WHERE subject_type = 'document_request' AND subject_id = $1`, [created.body.id]);
    expect(deadline).toMatchObject({ key: 'document_request', status: 'active', dueOn: '2099-05-31' });
    // The start reminder goes out at once, to the department, linking to the evaluation's 资料清单.
    const notice = await eventually(async () => {
      const rows = await t.db.query(
        `SELECT n.title, n.link FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'dept.staff' AND n.kind = 'reminder' AND n.link = $1`,
        [`/evaluations/${evaluationId}?tab=documents`],
      );
      return rows[0];
    });
    expect(notice.title).toContain('资料清单“2025年度政府采购合同”');
    await api(t, 'dept.staff', 'patch', `/document-requests/${created.body.id}`, { expectedVersion: created.body.version, materialsNote: '合同扫描件已交' });
    expect((await fireItem('document-requests', 'dept.staff', created.body.id, 'provide')).status).toBe(200);
    const [ended] = await t.db.query(`SELECT status FROM deadlines WHERE id = $1`, [deadline.id]);
    expect(ended.status).toBe('done');
  });

  it('opening rectification starts each item\'s plan deadline; the 整改时限 becomes the item\'s rectification deadline when the plan goes in', async () => {
    const { items } = await evaluationInRectification(1);
    const deadlines = async () =>
      t.db.query(`SELECT key, status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM deadlines WHERE subject_type = 'rectification_item' AND subject_id = $1 ORDER BY key`, [items[0]]);
    expect((await deadlines()).map((d: { key: string; status: string }) => [d.key, d.status])).toEqual([['rectification_plan', 'active']]);
    await api(t, 'dept.staff', 'patch', `/rectification-items/${items[0]}`, { expectedVersion: (await item('dept.staff', items[0])).version, measures: '措施', ownerUserId: userId.get('dept.staff'), dueOn: '2099-09-30' });
    expect(await deadlines()).toEqual([
      { key: 'rectification_due', status: 'pending', dueOn: '2099-09-30' },
      { key: 'rectification_plan', status: 'active', dueOn: expect.any(String) },
    ]);
    expect((await fireItem('rectification-items', 'dept.staff', items[0], 'submit_plan')).status).toBe(200);
    expect((await deadlines()).map((d: { key: string; status: string }) => [d.key, d.status])).toEqual([['rectification_due', 'active'], ['rectification_plan', 'done']]);
  });
});

describe('concurrency and locks on items', () => {
  let items: string[];
  let evaluationId: string;
  beforeAll(async () => {
    ({ id: evaluationId, items } = await evaluationInRectification(2));
    await t.db.query(`UPDATE rectification_items SET measures = '措施', owner_user_id = $2, due_on = '2099-06-30', state = 'in_progress' WHERE evaluation_id = $1`, [evaluationId, userId.get('dept.staff')]);
  });

  it('50 conflicting transitions on one item: exactly one wins, the rest 409, one history entry', async () => {
    const [target] = items;
    const version = (await item('dept.staff', target)).version;
    const token = await t.token('dept.staff');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        t.http.post(`/api/rectification-items/${target}/transitions`).set('Authorization', `Bearer ${token}`).send({ action: 'report_progress', expectedVersion: version, comment: `进展 ${n}` }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM workflow_history WHERE aggregate_id = $1`, [target]);
    expect(count).toBe(1);
  });

  it('a transition on one item does not wait for a lock held on another item, nor on the evaluation', async () => {
    const [held, free] = items;
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // The locks a transition of the other item and one of the evaluation hold while they run.
      await holder.query(`SELECT 1 FROM rectification_items WHERE id = $1 FOR NO KEY UPDATE`, [held]);
      await holder.query(`SELECT 1 FROM evaluations WHERE id = $1 FOR NO KEY UPDATE`, [evaluationId]);
      // With the other item and the evaluation locked, this one still moves: were it waiting on either lock, it would
      // not answer before the holder lets go, which happens only after this check.
      const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 10_000));
      const response = await Promise.race([fireItem('rectification-items', 'dept.staff', free, 'report_progress', '独立推进'), waited]);
      expect(response === 'waited' ? 'waited' : response.status).toBe(200);
      // The held item itself does wait for its lock: it answers only once the holder lets go.
      const blocked = fireItem('rectification-items', 'dept.staff', held, 'report_progress', '等待锁');
      const first = await Promise.race([blocked, new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 1_500))]);
      expect(first).toBe('waited');
      await holder.query('ROLLBACK');
      expect((await blocked).status).toBe(200);
    } finally {
      await holder.end();
    }
  });
});
