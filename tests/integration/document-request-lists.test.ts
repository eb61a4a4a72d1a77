import { Workbook } from 'exceljs';
import { BUILT_IN_DOCUMENT_REQUEST_ITEMS, BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID, REFERENCE_BUDGET_DATA, addWorkingDays } from '@evalflow/domain';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, fire, keyEvaluationInFieldwork, lookupIds, scoreAll, type Ids } from '../support/evaluation-steps';
import { downloadBytes, uploadBytes } from '../support/files';

/*
 * 资料清单 as a list (issue 11): the team issues the list from a template (working-day due dates, owners in the
 * department, reminders through the deadlines), the department answers item by item, the team accepts several at
 * once (all or nothing) and exports 资料清单.xlsx; an item not provided becomes a 资料未提供 proposed finding; the
 * evaluation's draft waits until every item is settled. The bureau's template is edited by its finance admin only.
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
const userId = new Map<string, string>();
let today: string;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  for (const row of await t.db.query(`SELECT id, username FROM users`)) userId.set(row.username, row.id);
  [{ today }] = await t.db.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS today`);
});
afterAll(async () => t?.close());

const ALL_KEYS = BUILT_IN_DOCUMENT_REQUEST_ITEMS.map((item) => item.key);
/** Issue only `chosen` of the built-in template's items (the others left out), with per-item settings. */
const onlyItems = (chosen: Record<string, object>) => ALL_KEYS.map((key) => (key in chosen ? { key, include: true, ...chosen[key] } : { key, include: false }));
const countRequests = async (evaluationId: string) => (await t.db.query(`SELECT count(*)::int AS n FROM document_requests WHERE evaluation_id = $1`, [evaluationId]))[0].n as number;
const itemOf = async (id: string) => (await api(t, 'finance.officer', 'get', `/document-requests/${id}`)).body;
async function fireItem(username: string, id: string, action: string, comment?: string) {
  const current = await itemOf(id);
  const response = await api(t, username, 'post', `/document-requests/${id}/transitions`, { action, expectedVersion: current.version, ...(comment ? { comment } : {}) });
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
async function note(id: string, materialsNote: string, username = 'dept.staff') {
  const response = await api(t, username, 'patch', `/document-requests/${id}`, { expectedVersion: (await itemOf(id)).version, materialsNote });
  expect(response.status).toBe(200);
}
/** Who was told of the item's latest `action` (its notify effect's notices), once the notices are out. */
const toldOf = (id: string, action: string) =>
  eventually(async () => {
    const rows: { username: string }[] = await t.db.query(
      `SELECT u.username FROM outbox o JOIN workflow_history h ON h.id = o.history_id JOIN notifications n ON n.key = 'outbox|' || o.id JOIN users u ON u.id = n.user_id
       WHERE h.aggregate_type = 'document_request' AND h.aggregate_id = $1 AND h.action = $2 AND o.effect->>'type' = 'notify'
         AND h.seq = (SELECT max(seq) FROM workflow_history WHERE aggregate_type = 'document_request' AND aggregate_id = $1 AND action = $2)
       ORDER BY u.username`,
      [id, action],
    );
    return rows.length ? rows.map((row) => row.username) : undefined;
  });
const proposalsOf = async (evaluationId: string) => (await api(t, 'evaluator', 'get', `/evaluations/${evaluationId}/proposed-findings`)).body.items as Record<string, unknown>[];

describe('a list issued from the built-in template, answered, accepted and exported', () => {
  let evaluationId: string;
  const items: Record<string, string> = {};

  beforeAll(async () => {
    evaluationId = await keyEvaluationInFieldwork(t, ids);
  });

  it('refuses bad lines with the field, as a whole (nothing issued)', async () => {
    const issue = (body: object, username = 'eval.lead') => api(t, username, 'post', `/evaluations/${evaluationId}/document-requests/issue`, { templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID, ...body });
    const unknown = await issue({ items: [{ key: 'no_such_item', include: true }] });
    expect([unknown.status, unknown.body.details]).toEqual([422, [{ path: 'items.0.key', message: '模板中没有该事项' }]]);
    const stranger = await issue({ items: [{ key: 'staff_roster', ownerUserId: userId.get('liuyang.staff') }] });
    expect([stranger.status, stranger.body.details]).toEqual([422, [{ path: 'items.0.ownerUserId', message: '责任人须为被评价部门的在职用户' }]]);
    const past = await issue({ items: [{ key: 'vouchers', dueOn: '2020-01-02' }] });
    expect([past.status, past.body.details]).toEqual([422, [{ path: 'items.0.dueOn', message: '提供期限不能早于今天' }]]);
    const malformed = await issue({ dueInWorkingDays: 0 });
    expect([malformed.status, malformed.body.details[0].path]).toEqual([400, 'dueInWorkingDays']);
    const both = await issue({ items: [{ key: 'vouchers', dueOn: '2099-01-05', dueInWorkingDays: 3 }] });
    expect(both.status).toBe(400);
    const otherTemplate = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests/issue`, { templateId: '5d0b5f0e-0000-4000-8000-000000000000' });
    expect([otherTemplate.status, otherTemplate.body.details[0].path]).toEqual([422, 'templateId']);
    expect((await issue({}, 'dept.staff')).status).toBe(403);
    expect((await issue({}, 'liuyang.staff')).status).toBe(404);
    expect(await countRequests(evaluationId)).toBe(0);
  });

  it('issues the chosen items in one go: working-day due dates, owners, template keys, indicators, deadlines; issuing again skips them', async () => {
    const body = {
      templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID,
      dueInWorkingDays: 5,
      ownerUserId: userId.get('dept.head'),
      items: onlyItems({
        staff_roster: { dueInWorkingDays: 3, ownerUserId: userId.get('dept.staff') },
        vouchers: { title: '2025年度会计账簿与记账凭证', dueOn: '2099-06-30' },
        contracts: { ownerUserId: userId.get('dept.staff') },
        meeting_minutes: { ownerUserId: userId.get('dept.staff') },
      }),
    };
    const issued = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests/issue`, body);
    expect(issued.status).toBe(201);
    expect(issued.body.skipped).toEqual([]);
    const created = issued.body.created as { id: string; title: string; templateItemKey: string; dueOn: string; owner: { id: string } | null; indicatorCodes: string[]; state: string }[];
    expect(created.map((item) => [item.templateItemKey, item.title, item.dueOn, item.owner?.id, item.state])).toEqual([
      ['staff_roster', '人员花名册及编制文件', addWorkingDays(today, 3).date, userId.get('dept.staff'), 'requested'],
      ['vouchers', '2025年度会计账簿与记账凭证', '2099-06-30', userId.get('dept.head'), 'requested'],
      ['contracts', '合同', addWorkingDays(today, 5).date, userId.get('dept.staff'), 'requested'],
      ['meeting_minutes', '会议纪要', addWorkingDays(today, 5).date, userId.get('dept.staff'), 'requested'],
    ]);
    expect(created[2].indicatorCodes).toEqual(['2.2.2', '3.1.3']);
    for (const item of created) items[item.templateItemKey] = item.id;
    // Each item's 提供期限 runs through the deadlines (and so its reminders), as a single item's does.
    const deadlines = await t.db.query(
      `SELECT subject_id AS id, status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM deadlines WHERE subject_type = 'document_request' AND key = 'document_request' AND subject_id = ANY($1::uuid[])`,
      [created.map((item) => item.id)],
    );
    expect(deadlines).toHaveLength(4);
    expect(deadlines.every((d: { status: string }) => d.status === 'active')).toBe(true);
    // Each is in 我的待办 of its owner and of the department head — not of every department user.
    const tasks = await t.db.query(`SELECT count(*)::int AS n FROM workflow_tasks WHERE subject_type = 'document_request' AND subject_id = ANY($1::uuid[]) AND closed_at IS NULL`, [created.map((item) => item.id)]);
    expect(tasks[0].n).toBeGreaterThanOrEqual(4);
    const inboxOf = async (username: string) =>
      ((await api(t, username, 'get', '/me/tasks?pageSize=100')).body.items as { subjectId: string }[]).map((task) => task.subjectId).filter((id) => created.some((item) => item.id === id));
    expect((await inboxOf('dept.staff')).sort()).toEqual([created[0].id, created[2].id, created[3].id].sort());
    expect((await inboxOf('dept.head')).sort()).toEqual(created.map((item) => item.id).sort());

    const again = await api(t, 'evaluator', 'post', `/evaluations/${evaluationId}/document-requests/issue`, body);
    expect(again.status).toBe(201);
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped.map((s: { key: string }) => s.key)).toEqual(['staff_roster', 'vouchers', 'contracts', 'meeting_minutes']);
    expect(await countRequests(evaluationId)).toBe(4);
    // A single item may still be added by hand, with its owner.
    const single = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '“三公”经费支出台账', dueOn: '2099-05-31', ownerUserId: userId.get('dept.staff') });
    expect([single.status, single.body.templateItemKey, single.body.indicatorCodes, single.body.owner?.id]).toEqual([201, null, [], userId.get('dept.staff')]);
    items.ledger = single.body.id;
  });

  it('another department user who is not the owner gets 403 with the reason on every answer, and nothing is written', async () => {
    // 记账凭证 is the head's: dept.staff, of the same department, may read it but not answer it.
    const writes = async () =>
      (
        await t.db.query(
          `SELECT (SELECT to_jsonb(r) FROM document_requests r WHERE r.id = $1) AS item,
             (SELECT count(*)::int FROM attachments WHERE subject_id = $1) AS files, (SELECT count(*)::int FROM stored_files) AS "storedFiles",
             (SELECT count(*)::int FROM workflow_history WHERE aggregate_id = $1) AS history, (SELECT count(*)::int FROM proposed_findings WHERE document_request_id = $1) AS proposals,
             (SELECT count(*)::int FROM outbox WHERE aggregate_id = $1) AS outbox`,
          [items.vouchers],
        )
      )[0];
    const before = await writes();
    const version = (await itemOf(items.vouchers)).version;
    const noted = await api(t, 'dept.staff', 'patch', `/document-requests/${items.vouchers}`, { expectedVersion: version, materialsNote: '代为登记' });
    expect([noted.status, noted.body.message]).toEqual([403, '只有该资料的负责人或部门负责人可以登记提供情况']);
    const uploaded = await uploadBytes(t, 'dept.staff', `/attachments?subjectType=document_request&subjectId=${items.vouchers}`, Buffer.from('凭证清单\n'), '凭证清单.txt');
    expect([uploaded.status, uploaded.body.message]).toEqual([403, '只有该资料的负责人或部门负责人可以上传文件']);
    for (const [action, comment] of [['provide'], ['provide_partly', '缺12月'], ['decline', '正在接受巡查']] as [string, string?][]) {
      const answered = await api(t, 'dept.staff', 'post', `/document-requests/${items.vouchers}/transitions`, { action, expectedVersion: version, ...(comment ? { comment } : {}) });
      expect([action, answered.status, answered.body.details?.message?.zh]).toEqual([action, 403, '只有该资料的负责人或部门负责人可以办理']);
    }
    expect(await writes()).toEqual(before);
    // Reading is the whole department's, and the actions say whose the item is.
    expect((await api(t, 'dept.staff', 'get', `/document-requests/${items.vouchers}`)).body.owner.id).toBe(userId.get('dept.head'));
    const actions = (await api(t, 'dept.staff', 'get', `/document-requests/${items.vouchers}/actions`)).body.actions as { allowed: boolean; refusal: { kind: string } }[];
    expect(actions.map((a) => [a.allowed, a.refusal.kind])).toEqual([[false, 'not_assigned'], [false, 'not_assigned'], [false, 'not_assigned']]);
  });

  it('provided and accepted; returned and provided again; not provided with a reason → a 资料未提供 proposal; providing later makes it obsolete', async () => {
    // 人员花名册: provided.
    await note(items.staff_roster, '花名册及编制批复扫描件已交');
    expect((await fireItem('dept.staff', items.staff_roster, 'provide')).state).toBe('provided');
    // 记账凭证 (the head's item): provided, returned with the reason, provided again.
    await note(items.vouchers, '1—11月凭证已移交', 'dept.head');
    await fireItem('dept.head', items.vouchers, 'provide');
    expect((await fireItem('evaluator', items.vouchers, 'return', '缺少12月凭证')).state).toBe('returned');
    // The return is told to the item's owner (and the head, who may act for the owner): here the head only.
    expect(await toldOf(items.vouchers, 'return')).toEqual(['dept.head']);
    await note(items.vouchers, '全年凭证已移交', 'dept.head');
    expect((await fireItem('dept.head', items.vouchers, 'provide')).state).toBe('provided');
    // 合同: not provided — the reason is required and quoted in the proposal.
    const noReason = await api(t, 'dept.staff', 'post', `/document-requests/${items.contracts}/transitions`, { action: 'decline', expectedVersion: (await itemOf(items.contracts)).version });
    expect(noReason.status).toBe(400);
    await fireItem('dept.staff', items.contracts, 'decline', '由于正在接受巡查，合同原件未能提供');
    const proposals = await proposalsOf(evaluationId);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({
      metric: 'document_not_provided',
      subject: items.contracts,
      documentRequestId: items.contracts,
      status: 'proposed',
      title: '资料未提供：合同',
      indicatorCode: '2.2.2',
      suggestedDeduction: null,
      figures: { kind: 'document_not_provided', documentRequestId: items.contracts, reason: '由于正在接受巡查，合同原件未能提供', indicators: [{ code: '2.2.2', name: '资金使用合规性' }, { code: '3.1.3', name: '质量达标率' }] },
    });
    expect(proposals[0].description).toContain('“由于正在接受巡查，合同原件未能提供”');
    expect(proposals[0].description).toContain('2.2.2 资金使用合规性、3.1.3 质量达标率');
    // 会议纪要: not provided, then the team asks again and it comes: its proposal is obsolete, not deleted.
    await fireItem('dept.staff', items.meeting_minutes, 'decline', '会议纪要涉密，需另行审批');
    expect((await proposalsOf(evaluationId)).filter((p) => p.documentRequestId === items.meeting_minutes).map((p) => p.status)).toEqual(['proposed']);
    await fireItem('eval.lead', items.meeting_minutes, 'return', '请按程序审批后提供');
    expect(await toldOf(items.meeting_minutes, 'return')).toEqual(['dept.head', 'dept.staff']);
    await note(items.meeting_minutes, '经审批，会议纪要摘录已现场查阅');
    await fireItem('dept.staff', items.meeting_minutes, 'provide');
    expect((await proposalsOf(evaluationId)).filter((p) => p.documentRequestId === items.meeting_minutes).map((p) => p.status)).toEqual(['obsolete']);
    // Exactly one proposal per item however many answers it had.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM proposed_findings WHERE document_request_id IS NOT NULL AND evaluation_id = $1`, [evaluationId]);
    expect(n).toBe(2);
    // Budget data saved later does not make the document proposals obsolete (they follow their items, not the metrics).
    expect((await api(t, 'evaluator', 'put', `/evaluations/${evaluationId}/budget-data`, { expectedVersion: 0, data: REFERENCE_BUDGET_DATA.seed000 })).status).toBe(200);
    expect((await proposalsOf(evaluationId)).filter((p) => p.documentRequestId).map((p) => [p.documentRequestId, p.status])).toEqual([
      [items.contracts, 'proposed'],
      [items.meeting_minutes, 'obsolete'],
    ]);
    await note(items.ledger, '台账已交');
    await fireItem('dept.staff', items.ledger, 'provide');
  });

  it('the draft waits for every item; bulk accept is all or nothing with the refusals listed; the proposal is confirmed into a finding', async () => {
    expect((await scoreAll(t, evaluationId, 'eval.lead')).status).toBe(200);
    const blocked = await fire(t, 'eval.lead', evaluationId, 'submit_draft');
    expect(blocked.status).toBe(422);
    expect(blocked.body.details.failedGuards.map((g: { id: string }) => g.id)).toContain('document_requests_settled');

    const accept = (username: string, list: { id: string; expectedVersion: number }[]) => api(t, username, 'post', `/evaluations/${evaluationId}/document-requests/accept`, { items: list });
    const current = async (key: string) => ({ id: items[key], expectedVersion: (await itemOf(items[key])).version });
    // One stale version: nothing is accepted, the refusal names the item.
    const stale = { ...(await current('vouchers')), expectedVersion: 1 };
    const refused = await accept('evaluator', [await current('staff_roster'), stale]);
    expect(refused.status).toBe(422);
    expect(refused.body.details.items).toEqual([expect.objectContaining({ index: 1, id: items.vouchers, code: 'VERSION_CONFLICT' })]);
    expect((await itemOf(items.staff_roster)).state).toBe('provided');
    // Not the department's to accept; an item of another list is refused by path.
    expect((await accept('dept.head', [await current('staff_roster')])).status).toBe(403);
    expect((await accept('liuyang.staff', [await current('staff_roster')])).status).toBe(404);
    const foreign = await accept('evaluator', [{ id: '5d0b5f0e-0000-4000-8000-000000000001', expectedVersion: 1 }]);
    expect([foreign.status, foreign.body.details[0].path]).toEqual([422, 'items.0.id']);
    expect((await accept('evaluator', [await current('staff_roster'), await current('staff_roster')])).status).toBe(400);

    const accepted = await accept('eval.lead', [await current('staff_roster'), await current('vouchers'), await current('contracts'), await current('meeting_minutes'), await current('ledger')]);
    expect(accepted.status).toBe(200);
    expect(accepted.body.items.map((r: { ok: boolean; item: { state: string } }) => [r.ok, r.item.state])).toEqual(Array(5).fill([true, 'accepted']));
    // An accepted item cannot be accepted again: 422 with its refusal.
    const twice = await accept('eval.lead', [await current('staff_roster')]);
    expect([twice.status, twice.body.details.items[0].code]).toEqual([422, 'CONFLICT']);

    const [proposal] = (await proposalsOf(evaluationId)).filter((p) => p.documentRequestId === items.contracts);
    const confirmed = await api(t, 'evaluator', 'post', `/evaluations/${evaluationId}/proposed-findings/${proposal.id}/confirm`, {
      causeAnalysis: '部门正在接受巡查，合同原件被调阅',
      recommendation: '巡查结束后补充提供合同，完善合同管理',
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.finding).toMatchObject({ title: '资料未提供：合同', indicatorCode: '2.2.2', proposedFindingId: proposal.id });
    expect((await fire(t, 'eval.lead', evaluationId, 'submit_draft')).status).toBe(200);
  });

  it('exports 资料清单.xlsx that parses back to the same rows', async () => {
    const response = await downloadBytes(t, 'finance.officer', `/evaluations/${evaluationId}/document-requests.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('资料清单.xlsx')}`);
    const workbook = new Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('资料清单')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['序号', '资料名称', '说明', '责任人', '提供期限', '状态', '部门说明', '文件数', '退回/未提供原因', '确认人/日期']);
    const list = (await api(t, 'evaluator', 'get', `/evaluations/${evaluationId}/document-requests`)).body.items as { title: string; description: string | null; owner: { displayName: string } | null; dueOn: string; materialsNote: string | null }[];
    const acceptedOn = today;
    const reasons = [undefined, '缺少12月凭证', '由于正在接受巡查，合同原件未能提供', '请按程序审批后提供', undefined];
    expect(rows.slice(1)).toEqual(
      list.map((item, index) =>
        [index + 1, item.title, item.description ?? undefined, item.owner?.displayName, item.dueOn, '已确认', item.materialsNote ?? undefined, 0, reasons[index], `王建国 ${acceptedOn}`],
      ),
    );
    expect(rows).toHaveLength(6);
  });
});

describe('templates: the bureau’s own, edited by its finance admin only', () => {
  let templateId: string;

  it('the finance admin copies the built-in template, then edits (add, edit, remove, reorder) with versions', async () => {
    for (const username of ['finance.officer', 'admin', 'eval.lead', 'dept.head', 'auditor']) {
      expect([username, (await api(t, username, 'post', '/document-request-templates', {})).status]).toEqual([username, 403]);
    }
    const created = await api(t, 'finance.admin', 'post', '/document-request-templates', { name: '长沙市财政局资料清单模板' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ builtIn: false, name: '长沙市财政局资料清单模板', version: 1 });
    expect(created.body.items.map((i: { key: string }) => i.key)).toEqual(ALL_KEYS);
    templateId = created.body.id;
    expect((await api(t, 'finance.admin', 'post', '/document-request-templates', {})).status).toBe(409);

    const [first, second, ...rest] = created.body.items;
    const edited = [{ ...second }, { ...first, title: '人员花名册（含编外人员）' }, ...rest.slice(1), { title: '公务用车台账', description: '车辆购置、使用和维修记录', indicatorCodes: ['2.1.6'] }];
    const saved = await api(t, 'finance.admin', 'put', `/document-request-templates/${templateId}`, { expectedVersion: 1, name: '长沙市财政局资料清单模板', items: edited });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const titles = saved.body.items.map((i: { title: string }) => i.title);
    expect(titles.slice(0, 2)).toEqual([second.title, '人员花名册（含编外人员）']);
    expect(titles).not.toContain(rest[0].title);
    expect(saved.body.items.at(-1)).toMatchObject({ title: '公务用车台账', indicatorCodes: ['2.1.6'] });
    expect(saved.body.items.at(-1).key).toMatch(/^[a-z0-9_]+$/);

    const stale = await api(t, 'finance.admin', 'put', `/document-request-templates/${templateId}`, { expectedVersion: 1, name: '旧版本', items: edited });
    expect(stale.status).toBe(409);
    const duplicate = await api(t, 'finance.admin', 'put', `/document-request-templates/${templateId}`, { expectedVersion: 2, name: '重复', items: [first, { ...first, title: '另一项' }] });
    expect([duplicate.status, duplicate.body.details[0].path]).toEqual([400, 'items.1.key']);
    const empty = await api(t, 'finance.admin', 'put', `/document-request-templates/${templateId}`, { expectedVersion: 2, name: '空的模板', items: [] });
    expect([empty.status, empty.body.details[0].path]).toEqual([400, 'items']);
    expect((await api(t, 'finance.admin', 'put', `/document-request-templates/${BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID}`, { expectedVersion: 1, name: '内置', items: edited })).status).toBe(422);
    expect((await api(t, 'finance.admin', 'get', `/document-request-templates/${templateId}`)).body.version).toBe(2);
  });

  it('the team issues its evaluation’s list from the commissioning bureau’s template', async () => {
    const evaluationId = await keyEvaluationInFieldwork(t, ids);
    const list = await api(t, 'eval.lead', 'get', `/document-request-templates?evaluationId=${evaluationId}`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID, templateId]);
    const issued = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests/issue`, { templateId });
    expect(issued.status).toBe(201);
    expect(issued.body.created[1].title).toBe('人员花名册（含编外人员）');
    expect(issued.body.created.at(-1).title).toBe('公务用车台账');
    // Another bureau's template is not this evaluation's.
    const liuyang = await api(t, 'liuyang.admin', 'post', '/document-request-templates', {});
    expect(liuyang.status).toBe(201);
    const refused = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests/issue`, { templateId: liuyang.body.id });
    expect([refused.status, refused.body.details[0].path]).toEqual([422, 'templateId']);
  });
});

describe('authorisation: every new route × every demo user (own / other jurisdiction / outside)', () => {
  let evaluationId: string;
  let csTemplate: string;
  let providedItem: string;

  beforeAll(async () => {
    evaluationId = await keyEvaluationInFieldwork(t, ids);
    csTemplate = (await api(t, 'finance.admin', 'get', '/document-request-templates')).body.items[1].id;
    const single = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '决算报表', ownerUserId: userId.get('dept.staff') });
    providedItem = single.body.id;
    await note(providedItem, '决算报表已交');
    await fireItem('dept.staff', providedItem, 'provide');
  });

  const READERS = ['admin', 'finance.admin', 'finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'dept.staff', 'auditor'];
  const TEAM = ['eval.lead', 'evaluator'];
  const DEPARTMENT = ['dept.head', 'dept.staff'];
  const CS_FINANCE = ['admin', 'finance.admin', 'finance.officer'];
  const expectFor = (username: string) => ({
    readsEvaluation: READERS.includes(username),
    team: TEAM.includes(username),
    department: DEPARTMENT.includes(username),
    csFinance: CS_FINANCE.includes(username),
  });

  it.each(DEMO_USERS.map((user) => user.username))('%s', async (username) => {
    const who = expectFor(username);
    const status = async (method: 'get' | 'post' | 'put', path: string, body?: object) => (await api(t, username, method, path, body)).status;
    const before = await t.db.query(`SELECT (SELECT count(*) FROM document_requests)::int AS requests, (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM document_request_templates t) AS templates, (SELECT state FROM document_requests WHERE id = $1) AS state`, [providedItem]);
    const got = {
      listForEvaluation: await status('get', `/document-request-templates?evaluationId=${evaluationId}`),
      list: await status('get', '/document-request-templates'),
      builtIn: await status('get', `/document-request-templates/${BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID}`),
      bureauTemplate: await status('get', `/document-request-templates/${csTemplate}`),
      export: (await downloadBytes(t, username, `/evaluations/${evaluationId}/document-requests.xlsx`)).status,
      owners: await status('get', `/evaluations/${evaluationId}/document-requests/owners`),
      // The writes, with a body the route would take from the right user but that changes nothing if refused:
      editTemplate: username === 'finance.admin' ? 'skip' : await status('put', `/document-request-templates/${csTemplate}`, { expectedVersion: 999, name: '越权修改', items: [{ title: '越权', description: '', indicatorCodes: [] }] }),
      issue: TEAM.includes(username) ? 'skip' : await status('post', `/evaluations/${evaluationId}/document-requests/issue`, { templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID }),
      accept: TEAM.includes(username) ? 'skip' : await status('post', `/evaluations/${evaluationId}/document-requests/accept`, { items: [{ id: providedItem, expectedVersion: (await itemOf(providedItem)).version }] }),
    };
    expect(got).toEqual({
      listForEvaluation: who.readsEvaluation ? 200 : 404,
      list: 200,
      builtIn: 200,
      bureauTemplate: who.csFinance ? 200 : 404,
      export: who.readsEvaluation ? 200 : 404,
      owners: who.team || who.department ? 200 : who.readsEvaluation ? 403 : 404,
      editTemplate: username === 'finance.admin' ? 'skip' : who.csFinance ? 403 : 404,
      issue: TEAM.includes(username) ? 'skip' : who.readsEvaluation ? 403 : 404,
      accept: TEAM.includes(username) ? 'skip' : who.readsEvaluation ? 403 : 404,
    });
    const after = await t.db.query(`SELECT (SELECT count(*) FROM document_requests)::int AS requests, (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM document_request_templates t) AS templates, (SELECT state FROM document_requests WHERE id = $1) AS state`, [providedItem]);
    expect(after).toEqual(before);
  });

  it('the team may issue and accept; the finance admin may edit (checked above as refusals for everyone else)', async () => {
    expect((await api(t, 'evaluator', 'post', `/evaluations/${evaluationId}/document-requests/issue`, { templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID })).status).toBe(201);
    expect((await api(t, 'evaluator', 'post', `/evaluations/${evaluationId}/document-requests/accept`, { items: [{ id: providedItem, expectedVersion: (await itemOf(providedItem)).version }] })).status).toBe(200);
    const current = (await api(t, 'finance.admin', 'get', `/document-request-templates/${csTemplate}`)).body;
    expect((await api(t, 'finance.admin', 'put', `/document-request-templates/${csTemplate}`, { expectedVersion: current.version, name: current.name, items: current.items })).status).toBe(200);
  });
});
