import { WORKING_PAPER, checkPermits, findTransition, type Relation } from '@evalflow/workflow';
import type { Role } from '@evalflow/domain';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { uploadBytes } from '../support/files';
import { api, createKeyEvaluation, fire, keyEvaluationInFieldwork, level3, lookupIds, scoreAll, type Ids } from '../support/evaluation-steps';

/*
 * 工作底稿 (issue 11 §3) and 依据 (§4): the team writes working papers of four kinds, the lead reviews and signs them
 * off (复核), a signed-off paper is frozen; readers are the team, the commissioning bureau and the jurisdiction's
 * auditors, never the evaluated department; findings cite working papers, files and request items of their own
 * evaluation only. Every new route gets an authorisation table over every demo user.
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
let evaluationId: string;
let indicatorCodes: string[];
const userId = new Map<string, string>();

const EXTRA_OUTSIDERS = [
  { username: 'wp.liuyang.auditor', organisation: '浏阳市审计局（底稿）', kind: 'audit_office', region: '430181', roles: ['auditor'], code: '11430181TEST00011X' },
  { username: 'wp.other.firm.lead', organisation: '湖南另一会计师事务所（底稿）', kind: 'evaluation_firm', region: '430100', roles: ['evaluation_lead'], code: '91430100TEST00012X' },
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
  for (const row of await t.db.query(`SELECT id, username FROM users`)) userId.set(row.username, row.id);
  evaluationId = await keyEvaluationInFieldwork(t, ids);
  indicatorCodes = (await level3(t, evaluationId)).map((row) => row.code);
});
afterAll(async () => t?.close());

const INTERVIEW = {
  kind: 'interview',
  title: '与办公厅财务科座谈',
  paperDate: '2026-05-12',
  content: '了解预算编制流程及年中调整原因',
  details: { participants: '刘主任、张敏（财务科）；王建国、陈静（评价组）', place: '办公厅三楼会议室' },
};
const SITE_CHECK = { kind: 'site_check', title: '办公设备实地盘点', paperDate: '2026-05-13', details: { place: '办公厅资产库房', checkedItems: '2025年购置的办公设备', result: '账实相符，2台打印机未贴资产标签' } };
const QUESTIONNAIRE = {
  kind: 'questionnaire',
  title: '服务对象满意度调查',
  paperDate: '2026-05-14',
  details: {
    respondents: '来访办事群众',
    validResponses: 100,
    questions: [
      { text: '办事效率', counts: { verySatisfied: 30, satisfied: 50, fairlySatisfied: 15, dissatisfied: 5 } },
      { text: '服务态度', counts: { verySatisfied: 1, satisfied: 1, fairlySatisfied: 4, dissatisfied: 4 } },
    ],
  },
};
const CROSS_CHECK = { kind: 'cross_check', title: '决算报表与账簿对照', paperDate: '2026-05-15', details: { comparedSource: '2025年度部门决算报表', comparedWith: '总账及明细账', differences: '项目支出差额3.2万元，为跨年结转' } };

const create = (username: string, body: object, evaluation = evaluationId) => api(t, username, 'post', `/evaluations/${evaluation}/working-papers`, body);
const paper = async (id: string) => (await api(t, 'eval.lead', 'get', `/working-papers/${id}`)).body;
const firePaper = async (username: string, id: string, action: string, comment?: string) =>
  api(t, username, 'post', `/working-papers/${id}/transitions`, { action, expectedVersion: (await paper(id)).version, ...(comment !== undefined ? { comment } : {}) });
const counts = async () => (await t.db.query(`SELECT (SELECT count(*)::int FROM working_papers) AS papers, (SELECT count(*)::int FROM working_paper_findings) AS links, (SELECT count(*)::int FROM finding_evidence) AS evidence`))[0];

describe('working papers of each kind', () => {
  it('creates an interview note, an on-site check, a questionnaire and a cross-check (编制中), each with its author', async () => {
    for (const body of [INTERVIEW, SITE_CHECK, QUESTIONNAIRE, CROSS_CHECK]) {
      const created = await create('evaluator', { ...body, indicatorCodes: [indicatorCodes[0]] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ kind: body.kind, title: body.title, paperDate: body.paperDate, state: 'draft', stateLabel: { zh: '编制中' }, details: body.details, indicatorCodes: [indicatorCodes[0]], author: { id: userId.get('evaluator'), displayName: '陈静' }, signedOffBy: null });
    }
    const list = await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/working-papers`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { kindLabel: string }) => p.kindLabel).sort()).toEqual(['对照复核', '实地核查', '座谈记录', '满意度调查'].sort());
  });

  it('computes the satisfaction rate of a questionnaire: (非常满意 + 满意) ÷ valid answers, per question and pooled', async () => {
    const created = await create('eval.lead', QUESTIONNAIRE);
    expect(created.body.satisfaction).toEqual({
      questions: [
        { satisfied: 80, valid: 100, rate: 0.8 },
        { satisfied: 2, valid: 10, rate: 0.2 },
      ],
      satisfied: 82,
      valid: 110,
      rate: 82 / 110,
    });
    expect((await create('eval.lead', INTERVIEW)).body.satisfaction).toBeNull();
  });

  it.each([
    ['a missing place', { ...INTERVIEW, details: { participants: '刘主任' } }, 'details.place'],
    ['an unknown field', { ...INTERVIEW, details: { ...INTERVIEW.details, mood: '好' } }, 'details'],
    ['more answers than valid questionnaires', { ...QUESTIONNAIRE, details: { ...QUESTIONNAIRE.details, validResponses: 50 } }, 'details.questions.0.counts'],
    ['a negative count', { ...QUESTIONNAIRE, details: { ...QUESTIONNAIRE.details, questions: [{ text: '效率', counts: { verySatisfied: -1, satisfied: 0, fairlySatisfied: 0, dissatisfied: 0 } }] } }, 'details.questions.0.counts.verySatisfied'],
    ['no questions', { ...QUESTIONNAIRE, details: { ...QUESTIONNAIRE.details, questions: [] } }, 'details.questions'],
    ['an unknown kind', { ...INTERVIEW, kind: 'diary' }, 'kind'],
    ['a bad date', { ...INTERVIEW, paperDate: '2026-13-01' }, 'paperDate'],
    ['a control character in the title', { ...INTERVIEW, title: '座谈\u0000记录' }, 'title'],
  ])('refuses %s (400 naming the field, nothing written)', async (_what, body, path) => {
    const before = await counts();
    const refused = await create('evaluator', body);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('refuses indicators outside the framework and findings of another evaluation (422 naming each, nothing written)', async () => {
    const other = await keyEvaluationInFieldwork(t, ids);
    const foreign = await api(t, 'eval.lead', 'post', `/evaluations/${other}/findings`, { title: '其他评价的问题', description: '不属于本项评价' });
    const before = await counts();
    const refused = await create('evaluator', { ...INTERVIEW, indicatorCodes: [indicatorCodes[0], 'Z9.9.9'], findingIds: [foreign.body.id] });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { path: string }) => d.path)).toEqual(['indicatorCodes.1']);
    const refusedFinding = await create('evaluator', { ...INTERVIEW, findingIds: [foreign.body.id] });
    expect([refusedFinding.status, refusedFinding.body.details.map((d: { path: string }) => d.path)]).toEqual([422, ['findingIds.0']]);
    expect(await counts()).toEqual(before);
  });

  it('is written only by the team and only from fieldwork to adjudication', async () => {
    expect((await create('finance.officer', INTERVIEW)).status).toBe(403);
    expect((await create('dept.staff', INTERVIEW)).status).toBe(403);
    const { id: early } = await createKeyEvaluation(t, ids);
    await fire(t, 'finance.officer', early, 'commission');
    const tooEarly = await create('eval.lead', INTERVIEW, early);
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'CONFLICT']);
  });
});

describe('review and sign-off (复核)', () => {
  it('submit → return with a reason → change → submit → sign off by the lead; then frozen', async () => {
    const finding = await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/findings`, { title: '办公设备未贴标签', description: '2台打印机未贴资产标签' });
    const created = await create('evaluator', { ...SITE_CHECK, findingIds: [finding.body.id] });
    const id = created.body.id;
    expect(created.body.findings).toEqual([{ id: finding.body.id, seq: finding.body.seq, title: '办公设备未贴标签' }]);
    // The lead's 待办 is the review; before submission the paper waits on the team.
    expect((await firePaper('eval.lead', id, 'sign_off')).status).toBe(409);
    expect((await firePaper('evaluator', id, 'submit')).body).toMatchObject({ state: 'submitted', stateLabel: { zh: '待复核' } });
    // The lead is told (in-app notice linking to the 工作底稿 tab).
    const notice = await eventually(async () =>
      ((await api(t, 'eval.lead', 'get', '/me/notifications?pageSize=100')).body.items as { title: string; link?: string; path?: string }[]).find((n) => n.title.includes('工作底稿“办公设备实地盘点”：提交复核')),
    );
    expect(JSON.stringify(notice)).toContain(`/evaluations/${evaluationId}?tab=working-papers`);
    const tasks = await api(t, 'eval.lead', 'get', '/me/tasks?pageSize=100');
    expect(tasks.body.items.filter((task: { subjectType: string; subjectId: string }) => task.subjectType === 'working_paper' && task.subjectId === id)).toEqual([
      expect.objectContaining({ subjectTitle: '工作底稿“办公设备实地盘点”', actions: expect.arrayContaining([expect.objectContaining({ action: 'sign_off' })]) }),
    ]);
    // While submitted, the content is not changed.
    expect((await api(t, 'evaluator', 'patch', `/working-papers/${id}`, { expectedVersion: (await paper(id)).version, title: '改名' })).status).toBe(409);
    // Only the lead reviews; a return needs the reason.
    expect((await firePaper('evaluator', id, 'sign_off')).status).toBe(403);
    expect((await firePaper('finance.officer', id, 'sign_off')).status).toBe(403);
    const noReason = await firePaper('eval.lead', id, 'return', '  ');
    expect([noReason.status, (await paper(id)).state]).toEqual([400, 'submitted']);
    expect((await firePaper('eval.lead', id, 'return', '请补充资产编号')).body.state).toBe('returned');
    const changed = await api(t, 'evaluator', 'patch', `/working-papers/${id}`, { expectedVersion: (await paper(id)).version, details: { ...SITE_CHECK.details, result: '账实相符，2台打印机（编号ZC-0131、ZC-0132）未贴资产标签' } });
    expect(changed.status).toBe(200);
    expect(changed.body.details.result).toContain('ZC-0131');
    const badPatch = await api(t, 'evaluator', 'patch', `/working-papers/${id}`, { expectedVersion: changed.body.version, details: { place: '库房' } });
    expect([badPatch.status, badPatch.body.details.map((d: { path: string }) => d.path)]).toEqual([400, ['details.checkedItems', 'details.result']]);
    const stale = await api(t, 'evaluator', 'patch', `/working-papers/${id}`, { expectedVersion: changed.body.version - 1, title: '旧版本' });
    expect(stale.status).toBe(409);
    expect((await firePaper('evaluator', id, 'submit')).body.state).toBe('submitted');
    const signed = await firePaper('eval.lead', id, 'sign_off');
    expect(signed.body).toMatchObject({ state: 'signed_off', stateLabel: { zh: '已复核' }, terminal: true, signedOffBy: { id: userId.get('eval.lead'), displayName: '王建国' } });
    // Frozen: the API refuses, and so does the database.
    const frozen = await api(t, 'eval.lead', 'patch', `/working-papers/${id}`, { expectedVersion: signed.body.version, title: '复核后修改' });
    expect([frozen.status, frozen.body.code]).toEqual([409, 'CONFLICT']);
    await expect(t.db.query(`UPDATE working_papers SET title = 'x' WHERE id = $1`, [id])).rejects.toThrow(/signed off and frozen/);
    expect((await firePaper('eval.lead', id, 'return', '再改')).status).toBe(409);
    const history = await api(t, 'auditor', 'get', `/working-papers/${id}/history`);
    expect(history.body.items.map((entry: { action: string; actor: { displayName: string }; comment: string | null }) => [entry.action, entry.actor.displayName, entry.comment])).toEqual([
      ['submit', '陈静', null],
      ['return', '王建国', '请补充资产编号'],
      ['submit', '陈静', null],
      ['sign_off', '王建国', null],
    ]);
    expect(history.body.items.at(-1).snapshot.workingPaper).toMatchObject({ title: '办公设备实地盘点', details: { result: expect.stringContaining('ZC-0131') } });
    expect((await api(t, 'eval.lead', 'get', `/working-papers/${id}/actions`)).body.actions).toEqual([]);
  });
});

describe('finding evidence (依据)', () => {
  it('cites working papers, request items and files of the same evaluation; refuses another evaluation’s (422, unchanged)', async () => {
    const finding = (await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/findings`, { title: '满意度偏低', description: '服务态度满意度20%' })).body;
    const questionnaire = (await create('evaluator', QUESTIONNAIRE)).body;
    const request = (await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title: '来访登记簿' })).body;
    const put = await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, {
      items: [
        { kind: 'working_paper', refId: questionnaire.id, note: '第2题' },
        { kind: 'document_request', refId: request.id },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toEqual([
      { kind: 'working_paper', refId: questionnaire.id, title: '服务对象满意度调查', detail: '满意度调查', note: '第2题' },
      { kind: 'document_request', refId: request.id, title: '来访登记簿', detail: expect.any(String), note: null },
    ]);
    const other = await keyEvaluationInFieldwork(t, ids);
    const foreignPaper = (await create('evaluator', INTERVIEW, other)).body;
    const before = await counts();
    const refused = await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, { items: [{ kind: 'document_request', refId: request.id }, { kind: 'working_paper', refId: foreignPaper.id }] });
    expect([refused.status, refused.body.code, refused.body.details]).toEqual([422, 'RULE_VIOLATION', [{ path: 'items.1.refId', message: '不是本项评价的工作底稿' }]]);
    const unknownKind = await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, { items: [{ kind: 'attachment', refId: request.id }] });
    expect(unknownKind.status).toBe(422);
    const twice = await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, { items: [{ kind: 'document_request', refId: request.id }, { kind: 'document_request', refId: request.id }] });
    expect([twice.status, twice.body.details.map((d: { path: string }) => d.path)]).toEqual([400, ['items.1.refId']]);
    expect(await counts()).toEqual(before);
    expect((await api(t, 'finance.officer', 'get', `/findings/${finding.id}/evidence`)).body.items).toHaveLength(2);
  });

  it('the department sees what a finding cites by title from the draft for comment on, never the working paper itself', async () => {
    const id = await keyEvaluationInFieldwork(t, ids);
    const finding = (await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, { title: '预算调整频繁', description: '年中追加3次', causeAnalysis: '编制不细', recommendation: '细化编制' })).body;
    const note = (await create('evaluator', INTERVIEW, id)).body;
    expect((await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, { items: [{ kind: 'working_paper', refId: note.id }] })).status).toBe(200);
    expect((await api(t, 'dept.staff', 'get', `/findings/${finding.id}/evidence`)).status).toBe(403);
    expect((await scoreAll(t, id, 'eval.lead')).status).toBe(200);
    expect((await fire(t, 'eval.lead', id, 'submit_draft')).status).toBe(200);
    expect((await fire(t, 'finance.officer', id, 'issue_draft_for_comment')).status).toBe(200);
    const seen = await api(t, 'dept.staff', 'get', `/findings/${finding.id}/evidence`);
    expect(seen.body.items).toEqual([{ kind: 'working_paper', refId: note.id, title: '与办公厅财务科座谈', detail: '座谈记录', note: null }]);
    expect((await api(t, 'dept.staff', 'get', `/working-papers/${note.id}`)).status).toBe(403);
    expect((await api(t, 'dept.head', 'get', `/evaluations/${id}/working-papers`)).status).toBe(403);
    // No longer editable by the team once the draft is out for comment.
    expect((await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, { items: [] })).status).toBe(409);
  });
});

describe('files of a working paper', () => {
  it('the team uploads while the paper is open; readers as the paper; withdrawn by the uploader; none after sign-off; a finding may cite them', async () => {
    const note = (await create('evaluator', INTERVIEW)).body;
    const path = `/attachments?subjectType=working_paper&subjectId=${note.id}`;
    const uploaded = await uploadBytes(t, 'evaluator', path, Buffer.from('座谈记录整理稿：预算编制流程\n'), '座谈记录整理稿.txt');
    expect(uploaded.status).toBe(201);
    const [file] = uploaded.body.items;
    expect(file).toMatchObject({ subjectType: 'working_paper', subjectId: note.id, evaluationId, fileName: '座谈记录整理稿.txt', status: 'current' });
    expect((await uploadBytes(t, 'finance.officer', path, Buffer.from('财政上传\n'), '说明.txt')).status).toBe(403);
    expect((await api(t, 'auditor', 'get', path)).body.items).toHaveLength(1);
    expect((await api(t, 'dept.staff', 'get', path)).status).toBe(403);
    expect((await api(t, 'dept.staff', 'get', `/attachments/${file.id}/content`)).status).toBe(403);
    expect((await api(t, 'eval.lead', 'post', `/attachments/${file.id}/withdraw`, { reason: '不是我上传的' })).status).toBe(403);
    // A finding cites the file; the department later sees its name, never the bytes.
    const finding = (await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/findings`, { title: '预算编制不细', description: '见座谈记录' })).body;
    const cited = await api(t, 'evaluator', 'put', `/findings/${finding.id}/evidence`, { items: [{ kind: 'attachment', refId: file.id }] });
    expect(cited.body.items).toEqual([{ kind: 'attachment', refId: file.id, title: '座谈记录整理稿.txt', detail: expect.any(String), note: null }]);
    const second = (await uploadBytes(t, 'evaluator', path, Buffer.from('第二份\n'), '补充说明.txt')).body.items[0];
    expect((await api(t, 'evaluator', 'post', `/attachments/${second.id}/withdraw`, { reason: '重复上传' })).body).toMatchObject({ status: 'withdrawn', withdrawnReason: '重复上传' });
    expect((await firePaper('evaluator', note.id, 'submit')).status).toBe(200);
    expect((await firePaper('eval.lead', note.id, 'sign_off')).status).toBe(200);
    const late = await uploadBytes(t, 'evaluator', path, Buffer.from('复核后补充\n'), '补充.txt');
    expect([late.status, late.body.code]).toEqual([409, 'CONFLICT']);
    expect((await api(t, 'evaluator', 'post', `/attachments/${file.id}/withdraw`, { reason: '复核后撤回' })).status).toBe(409);
  });
});

/*
 * The authorisation table: every demo user (and two outsiders) × every new route, on a working paper and a finding of
 * 长沙市人民政府办公厅's fieldwork evaluation. Relations written down by hand from the demo data.
 */
const TEAM = ['eval.lead', 'evaluator'];
const BUREAU = ['finance.admin', 'finance.officer'];
const AUDITORS = ['auditor'];
const DEPARTMENT = ['dept.head', 'dept.staff'];
const RELATIONS: Record<string, Relation[]> = {
  'finance.admin': ['commissioning_bureau', 'jurisdiction'],
  'finance.officer': ['commissioning_bureau', 'jurisdiction'],
  'eval.lead': ['assigned_lead', 'assigned_member'],
  evaluator: ['assigned_member'],
  'dept.head': ['evaluated_department'],
  'dept.staff': ['evaluated_department'],
  auditor: ['jurisdiction'],
};
const EVERYONE = [...DEMO_USERS.map((user) => user.username), ...EXTRA_OUTSIDERS.map((extra) => extra.username)];
/**
 * Anyone outside: 404. The system administrator may read evaluations and findings (to administer them) but is no
 * reader of working papers: like the department, 403 with the reason; and it writes nothing (403).
 */
const outside = (_username: string) => 404;
const ADMIN = ['admin'];
/** Who may read the evaluation but not its working papers. */
const NON_READERS = [...DEPARTMENT, ...ADMIN];
const isIn = (group: string[], username: string) => group.includes(username);

type Route = { name: string; call: (username: string, ctx: { paperId: string; findingId: string }) => Promise<{ status: number }>; expect: (username: string) => number };
const ROUTES: Route[] = [
  {
    name: 'GET /evaluations/:id/working-papers',
    call: (u) => api(t, u, 'get', `/evaluations/${evaluationId}/working-papers`),
    expect: (u) => (isIn([...TEAM, ...BUREAU, ...AUDITORS], u) ? 200 : isIn([...DEPARTMENT, ...ADMIN], u) ? 403 : outside(u)),
  },
  {
    name: 'POST /evaluations/:id/working-papers',
    call: (u) => create(u, INTERVIEW),
    expect: (u) => (isIn(TEAM, u) ? 201 : isIn([...BUREAU, ...AUDITORS, ...DEPARTMENT, ...ADMIN], u) ? 403 : outside(u)),
  },
  { name: 'GET /working-papers/:id', call: (u, c) => api(t, u, 'get', `/working-papers/${c.paperId}`), expect: (u) => (isIn([...TEAM, ...BUREAU, ...AUDITORS], u) ? 200 : isIn(NON_READERS, u) ? 403 : outside(u)) },
  {
    name: 'PATCH /working-papers/:id',
    call: async (u, c) => api(t, u, 'patch', `/working-papers/${c.paperId}`, { expectedVersion: (await paper(c.paperId)).version, content: `由${u}修改` }),
    expect: (u) => (isIn(TEAM, u) ? 200 : isIn([...BUREAU, ...AUDITORS, ...NON_READERS], u) ? 403 : outside(u)),
  },
  { name: 'GET /working-papers/:id/actions', call: (u, c) => api(t, u, 'get', `/working-papers/${c.paperId}/actions`), expect: (u) => (isIn([...TEAM, ...BUREAU, ...AUDITORS], u) ? 200 : isIn(NON_READERS, u) ? 403 : outside(u)) },
  { name: 'GET /working-papers/:id/history', call: (u, c) => api(t, u, 'get', `/working-papers/${c.paperId}/history`), expect: (u) => (isIn([...TEAM, ...BUREAU, ...AUDITORS], u) ? 200 : isIn(NON_READERS, u) ? 403 : outside(u)) },
  {
    name: 'GET /findings/:id/evidence',
    call: (u, c) => api(t, u, 'get', `/findings/${c.findingId}/evidence`),
    // The department reads findings (and what they cite) from the draft for comment on: 403 in fieldwork.
    expect: (u) => (isIn([...TEAM, ...BUREAU, ...AUDITORS, ...ADMIN], u) ? 200 : isIn(DEPARTMENT, u) ? 403 : outside(u)),
  },
  {
    name: 'PUT /findings/:id/evidence',
    call: (u, c) => api(t, u, 'put', `/findings/${c.findingId}/evidence`, { items: [{ kind: 'working_paper', refId: c.paperId }] }),
    expect: (u) => (isIn(TEAM, u) ? 200 : isIn([...BUREAU, ...AUDITORS, ...DEPARTMENT, ...ADMIN], u) ? 403 : outside(u)),
  },
];

describe('authorisation of every working-paper route × every demo user', () => {
  const ctx = { paperId: '', findingId: '' };
  beforeAll(async () => {
    ctx.paperId = (await create('evaluator', INTERVIEW)).body.id;
    ctx.findingId = (await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/findings`, { title: '授权表用的问题', description: '说明' })).body.id;
  });

  const cases = ROUTES.flatMap((route) => EVERYONE.map((username) => [route.name, username, route.expect(username)] as const));
  it.each(cases)('%s by %s → %i', async (name, username, expected) => {
    const route = ROUTES.find((r) => r.name === name)!;
    const before = await t.db.query(`SELECT * FROM working_papers WHERE id = $1`, [ctx.paperId]);
    const response = await route.call(username, ctx);
    expect(response.status).toBe(expected);
    if (expected >= 400) expect(await t.db.query(`SELECT * FROM working_papers WHERE id = $1`, [ctx.paperId])).toEqual(before);
  });
});

describe('every (state, action) × demo user on a working paper', () => {
  let paperId: string;
  beforeAll(async () => {
    paperId = (await create('evaluator', CROSS_CHECK)).body.id;
  });
  const readers = Object.keys(RELATIONS).filter((u) => !isIn(DEPARTMENT, u));
  const expected = (state: string, action: string, username: string): number => {
    if (isIn(NON_READERS, username)) return 403;
    if (!readers.includes(username)) return outside(username);
    const transition = findTransition(WORKING_PAPER, state, action);
    if (!transition) return 409;
    const roles = DEMO_USERS.find((user) => user.username === username)!.roles as Role[];
    return checkPermits(transition.permits, { id: username, roles, relations: RELATIONS[username] }) ? 403 : 200;
  };
  // 已复核 last: once the shared paper is put there by hand, the database keeps it there.
  const states = ['draft', 'submitted', 'returned', 'signed_off'];
  const cases = states.flatMap((state) => WORKING_PAPER.actions.flatMap((action) => EVERYONE.map((username) => [state, action, username, expected(state, action, username)] as const)));

  it.each(cases)('in %s, %s by %s → %i', async (state, action, username, status) => {
    // A sign-off freezes the paper for good: a successful one gets a paper of its own.
    const signsOff = status === 200 && findTransition(WORKING_PAPER, state, action)?.to === 'signed_off';
    const id = signsOff ? (await create('evaluator', CROSS_CHECK)).body.id : paperId;
    const [current] = await t.db.query(`SELECT state FROM working_papers WHERE id = $1`, [id]);
    if (current.state !== state) await t.db.query(`UPDATE working_papers SET state = $2 WHERE id = $1`, [id, state]);
    const [before] = await t.db.query(`SELECT * FROM working_papers WHERE id = $1`, [id]);
    const response = await api(t, username, 'post', `/working-papers/${id}/transitions`, { action, expectedVersion: before.version, comment: '复核意见' });
    expect(response.status).toBe(status);
    if (status === 200) {
      expect(response.body.state).toBe(findTransition(WORKING_PAPER, state, action)!.to);
    } else {
      expect((await t.db.query(`SELECT * FROM working_papers WHERE id = $1`, [id]))[0]).toEqual(before);
    }
  });
});
