import { BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID, REFERENCE_BUDGET_DATA } from '@evalflow/domain';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, createSelfEvaluation, fillSelfEvaluation, fire, level3, lookupIds, scoreAll, type Ids } from '../support/evaluation-steps';
import { downloadBytes, uploadBytes } from '../support/files';
import { builtinTemplateDocx } from '../../apps/api/src/modules/reports/builtin-template';

/*
 * The system administrator administers the system (users, organisations, regions, its own account and
 * notifications, the queue dashboard), not evaluation business (issue 16, defect 4: it could set a region's budget
 * thresholds, and an empty list made every proposed finding of a fieldwork evaluation obsolete).
 *
 * Derived, not listed by hand: every non-GET route is read from the OpenAPI document the running app builds. A route
 * is either on ADMINISTRATION (the admin's business, with the reason) or has a CASE here that calls it as the admin
 * with real path parameters — an evaluation in a state where the route is otherwise live, a real region — and a
 * valid body, and expects 403 with the whole database unchanged. A new write route fails this suite until it is
 * classified one way or the other.
 */
const ADMINISTRATION: Record<string, string> = {
  'POST /api/auth/login': 'signing in',
  'POST /api/auth/refresh': 'its own session',
  'POST /api/auth/logout': 'its own session',
  'POST /api/organisations': 'organisations are the system’s bodies',
  'PATCH /api/organisations/{id}': 'organisations are the system’s bodies',
  'POST /api/users': 'user accounts',
  'PATCH /api/users/{id}': 'user accounts',
  'POST /api/regions': 'the region tree',
  'POST /api/me/notifications/read-all': 'its own notifications',
  'POST /api/me/notifications/{id}/read': 'its own notifications',
  'PUT /api/me/notification-preferences': 'its own notifications',
  'POST /api/admin/queue-board/session': 'the queue dashboard',
  'POST /api/frameworks/{id}/validate': 'writes nothing: reports a framework draft’s problems',
};

interface Fixture {
  draft: string;
  selfEvaluation: string;
  fieldwork: string;
  forComment: string;
  adjudication: string;
  selfReview: string;
  /** A finding of each evaluation that has one, and a proposal of the fieldwork one. */
  finding: Record<string, { id: string; version: number }>;
  proposal: string;
  /** An item of each item lifecycle: a document request of the fieldwork evaluation, a rectification item. */
  documentRequest: string;
  /** The commissioning bureau's own 资料清单模板. */
  documentRequestTemplate: string;
  rectificationItem: string;
  /** A file the department attached to the document request. */
  attachment: string;
  /** A working paper (座谈记录, 编制中) of the fieldwork evaluation. */
  workingPaper: string;
  region: string;
  framework: string;
  workbook: Buffer;
}

interface Case {
  path: (f: Fixture) => string;
  body?: (f: Fixture) => Promise<object> | object;
  /** Multipart upload instead of JSON. */
  upload?: (f: Fixture) => { buffer: Buffer; filename: string };
}

const itemVersion = async (table: 'document_requests' | 'rectification_items' | 'working_papers', id: string) => (await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version as number;
const version = async (id: string) => (await t.db.query(`SELECT version FROM evaluations WHERE id = $1`, [id]))[0].version as number;
const transition = (pick: (f: Fixture) => string, action: string, extra: object = {}): Case => ({
  path: (f) => `/api/evaluations/${pick(f)}/transitions`,
  body: async (f) => ({ action, expectedVersion: await version(pick(f)), ...extra }),
});

/** Every evaluation-business write route, called the way its rightful user would, with real ids and a valid body. */
const CASES: Record<string, Case[]> = {
  'POST /api/evaluations': [{ path: () => '/api/evaluations', body: () => ({ kind: 'self', scope: 'project', title: '管理员不应委托', projectName: '项目', fiscalYear: 2025, departmentId: ids.department, frameworkVersionId: ids.frameworks.project, legalBasis: '长财绩〔2026〕9号' }) }],
  'PATCH /api/evaluations/{id}': [{ path: (f) => `/api/evaluations/${f.draft}`, body: async (f) => ({ title: '管理员改写的标题', expectedVersion: await version(f.draft) }) }],
  'POST /api/evaluations/{id}/transitions': [
    transition((f) => f.draft, 'commission'),
    transition((f) => f.draft, 'cancel', { comment: '管理员撤销' }),
    transition((f) => f.selfEvaluation, 'submit_self_evaluation'),
    transition((f) => f.fieldwork, 'submit_draft'),
    transition((f) => f.forComment, 'start_adjudication'),
    transition((f) => f.adjudication, 'submit_final_report'),
    transition((f) => f.selfReview, 'rate', { parameters: { rating: 'good' } }),
  ],
  'PUT /api/evaluations/{id}/deadlines/{key}': [{ path: (f) => `/api/evaluations/${f.fieldwork}/deadlines/fieldwork`, body: () => ({ dueOn: '2099-01-31', expectedVersion: 1 }) }],
  'PUT /api/evaluations/{id}/self-evaluation': [{ path: (f) => `/api/evaluations/${f.selfEvaluation}/self-evaluation`, body: () => ({ narrative: { overview: '管理员改写' } }) }],
  'POST /api/evaluations/{id}/self-evaluation/hand-over': [{ path: (f) => `/api/evaluations/${f.selfEvaluation}/self-evaluation/hand-over` }],
  'PUT /api/evaluations/{id}/scores': [
    {
      path: (f) => `/api/evaluations/${f.fieldwork}/scores`,
      body: async (f) => {
        const [first] = await level3(t, f.fieldwork);
        const entry = first as { code: string; weight: number; scoreEntry?: { version: number } };
        return { scores: [{ code: entry.code, score: 0, deductionReason: '管理员扣分', ...(entry.scoreEntry ? { expectedVersion: entry.scoreEntry.version } : {}) }] };
      },
    },
  ],
  'POST /api/evaluations/{id}/findings': [
    { path: (f) => `/api/evaluations/${f.fieldwork}/findings`, body: () => ({ title: '管理员记录的问题', description: '不应写入' }) },
    { path: (f) => `/api/evaluations/${f.selfReview}/findings`, body: () => ({ title: '管理员审核意见', description: '不应写入' }) },
  ],
  'PATCH /api/evaluations/{id}/findings/{findingId}': [
    { path: (f) => `/api/evaluations/${f.fieldwork}/findings/${f.finding.fieldwork.id}`, body: (f) => ({ title: '管理员改写', expectedVersion: f.finding.fieldwork.version }) },
  ],
  'PUT /api/evaluations/{id}/findings/{findingId}/answer': [
    { path: (f) => `/api/evaluations/${f.forComment}/findings/${f.finding.forComment.id}/answer`, body: (f) => ({ answer: 'accepted', expectedVersion: f.finding.forComment.version }) },
  ],
  'PUT /api/evaluations/{id}/findings/{findingId}/adjudication': [
    {
      path: (f) => `/api/evaluations/${f.adjudication}/findings/${f.finding.adjudication.id}/adjudication`,
      body: (f) => ({ adjudication: 'withdrawn', reason: '管理员撤销', expectedVersion: f.finding.adjudication.version }),
    },
  ],
  // 上年度问题整改情况: the team's assessment; the admin is refused on the stage's permit before the item is looked up.
  'PUT /api/evaluations/{id}/prior-year-items/{itemId}': [
    { path: (f) => `/api/evaluations/${f.fieldwork}/prior-year-items/${f.rectificationItem}`, body: () => ({ assessment: 'not_rectified', note: '管理员核查' }) },
  ],
  'PUT /api/evaluations/{id}/report-number': [{ path: (f) => `/api/evaluations/${f.adjudication}/report-number`, body: async (f) => ({ reportNumber: '管理员〔2026〕1号', expectedVersion: await version(f.adjudication) }) }],
  // 文号规则 is bureau policy, its section head's (update Framework of the bureau, which the admin may not hold).
  'PUT /api/report-numbering': [{ path: () => '/api/report-numbering', body: () => ({ pattern: '管理员〔{year}〕{n}号', expectedVersion: 0 }) }],
  // Publication is the commissioning bureau's section head's: refused on the permit before the state is looked at.
  'POST /api/evaluations/{id}/publication': [{ path: (f) => `/api/evaluations/${f.adjudication}/publication`, body: () => ({ expectedVersion: 0 }) }],
  'POST /api/evaluations/{id}/publication/withdraw': [{ path: (f) => `/api/evaluations/${f.adjudication}/publication/withdraw`, body: () => ({ reason: '管理员撤回', expectedVersion: 1 }) }],
  'PUT /api/evaluations/{id}/review-opinion': [{ path: (f) => `/api/evaluations/${f.selfReview}/review-opinion`, body: async (f) => ({ reviewOpinion: '管理员审核意见', expectedVersion: await version(f.selfReview) }) }],
  'PUT /api/evaluations/{id}/budget-data': [
    { path: (f) => `/api/evaluations/${f.selfEvaluation}/budget-data`, body: () => ({ expectedVersion: 0, data: REFERENCE_BUDGET_DATA.seed000 }) },
    { path: (f) => `/api/evaluations/${f.fieldwork}/budget-data`, body: async (f) => ({ expectedVersion: await budgetVersion(f.fieldwork), data: REFERENCE_BUDGET_DATA.seed000 }) },
  ],
  'POST /api/evaluations/{id}/budget-data/import': [{ path: (f) => `/api/evaluations/${f.fieldwork}/budget-data/import`, upload: (f) => ({ buffer: f.workbook, filename: '预算数据.xlsx' }) }],
  'POST /api/evaluations/{id}/proposed-findings/{proposalId}/confirm': [{ path: (f) => `/api/evaluations/${f.fieldwork}/proposed-findings/${f.proposal}/confirm`, body: () => ({}) }],
  'POST /api/evaluations/{id}/proposed-findings/{proposalId}/discard': [{ path: (f) => `/api/evaluations/${f.fieldwork}/proposed-findings/${f.proposal}/discard`, body: () => ({ reason: '管理员舍弃' }) }],
  // The defect itself: an empty list for the department's region.
  'POST /api/evaluations/{id}/document-requests': [{ path: (f) => `/api/evaluations/${f.fieldwork}/document-requests`, body: () => ({ title: '管理员要的资料' }) }],
  'POST /api/evaluations/{id}/document-requests/issue': [
    { path: (f) => `/api/evaluations/${f.fieldwork}/document-requests/issue`, body: () => ({ templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID }) },
  ],
  'POST /api/evaluations/{id}/document-requests/accept': [
    { path: (f) => `/api/evaluations/${f.fieldwork}/document-requests/accept`, body: async (f) => ({ items: [{ id: f.documentRequest, expectedVersion: await itemVersion('document_requests', f.documentRequest) }] }) },
  ],
  'POST /api/document-request-templates': [{ path: () => '/api/document-request-templates', body: () => ({ name: '管理员的资料清单模板' }) }],
  'PUT /api/document-request-templates/{id}': [
    { path: (f) => `/api/document-request-templates/${f.documentRequestTemplate}`, body: () => ({ expectedVersion: 1, name: '管理员改写', items: [{ title: '管理员加的资料', description: '', indicatorCodes: [] }] }) },
  ],
  'PATCH /api/document-requests/{id}': [{ path: (f) => `/api/document-requests/${f.documentRequest}`, body: async (f) => ({ expectedVersion: await itemVersion('document_requests', f.documentRequest), materialsNote: '管理员登记' }) }],
  'POST /api/document-requests/{id}/transitions': [
    { path: (f) => `/api/document-requests/${f.documentRequest}/transitions`, body: async (f) => ({ action: 'decline', comment: '管理员代答', expectedVersion: await itemVersion('document_requests', f.documentRequest) }) },
  ],
  'POST /api/evaluations/{id}/working-papers': [
    { path: (f) => `/api/evaluations/${f.fieldwork}/working-papers`, body: () => ({ kind: 'interview', title: '管理员写的座谈记录', paperDate: '2026-05-12', details: { participants: '管理员', place: '机房' } }) },
  ],
  'PATCH /api/working-papers/{id}': [{ path: (f) => `/api/working-papers/${f.workingPaper}`, body: async (f) => ({ expectedVersion: await itemVersion('working_papers', f.workingPaper), content: '管理员改写' }) }],
  'POST /api/working-papers/{id}/transitions': [
    { path: (f) => `/api/working-papers/${f.workingPaper}/transitions`, body: async (f) => ({ action: 'submit', expectedVersion: await itemVersion('working_papers', f.workingPaper) }) },
  ],
  'PUT /api/findings/{id}/evidence': [{ path: (f) => `/api/findings/${f.finding.fieldwork.id}/evidence`, body: (f) => ({ items: [{ kind: 'working_paper', refId: f.workingPaper }] }) }],
  'POST /api/attachments': [
    { path: (f) => `/api/attachments?subjectType=document_request&subjectId=${f.documentRequest}`, upload: () => ({ buffer: Buffer.from('管理员上传的说明\n'), filename: '说明.txt' }) },
  ],
  'POST /api/attachments/{id}/versions': [{ path: (f) => `/api/attachments/${f.attachment}/versions`, upload: () => ({ buffer: Buffer.from('管理员替换的说明\n'), filename: '说明.txt' }) }],
  'POST /api/attachments/{id}/withdraw': [{ path: (f) => `/api/attachments/${f.attachment}/withdraw`, body: () => ({ reason: '管理员撤回' }) }],
  'PATCH /api/rectification-items/{id}': [{ path: (f) => `/api/rectification-items/${f.rectificationItem}`, body: async (f) => ({ expectedVersion: await itemVersion('rectification_items', f.rectificationItem), measures: '管理员写的措施' }) }],
  'POST /api/rectification-items/{id}/transitions': [
    { path: (f) => `/api/rectification-items/${f.rectificationItem}/transitions`, body: async (f) => ({ action: 'carry_over', comment: '管理员结转', expectedVersion: await itemVersion('rectification_items', f.rectificationItem) }) },
  ],
  'POST /api/report-templates': [{ path: () => '/api/report-templates', upload: () => ({ buffer: builtinTemplateDocx(), filename: '管理员的报告模板.docx' }) }],
  'PUT /api/budget-thresholds/{regionId}': [{ path: (f) => `/api/budget-thresholds/${f.region}`, body: () => ({ thresholds: [], expectedVersion: 0 }) }],
  'PUT /api/reminder-policies': [{ path: () => '/api/reminder-policies', body: (f) => ({ regionId: f.region, expectedVersion: 0 }) }],
  'POST /api/frameworks/drafts': [{ path: () => '/api/frameworks/drafts', body: (f) => ({ copyOf: f.framework }) }],
  'POST /api/frameworks/import': [{ path: () => '/api/frameworks/import', upload: (f) => ({ buffer: f.workbook, filename: '指标体系.xlsx' }) }],
  'PUT /api/frameworks/{id}': [{ path: (f) => `/api/frameworks/${f.framework}`, body: () => ({ nodes: [], expectedVersion: 1 }) }],
  'POST /api/frameworks/{id}/publish': [{ path: (f) => `/api/frameworks/${f.framework}/publish`, body: () => ({ expectedVersion: 1 }) }],
};

let t: TestApp;
let ids: Ids;
let fixture: Fixture;
let writeRoutes: string[];

const budgetVersion = async (id: string) => (await t.db.query(`SELECT version FROM evaluation_budget_data WHERE evaluation_id = $1`, [id]))[0]?.version ?? 0;

async function must(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}
const step = async (username: string, id: string, action: string) => must(await fire(t, username, id, action), 200, action);
const FINDING = { title: '预算调整率偏高', description: '年中追加预算', causeAnalysis: '编制不精细', recommendation: '提高准确性' };

/** Key evaluations in the states where the write routes are live, and a self-evaluation under review. */
async function buildFixture(): Promise<Fixture> {
  const key = async (target: 'draft' | 'self_evaluation' | 'fieldwork' | 'draft_for_comment' | 'adjudication') => {
    const { id } = await createKeyEvaluation(t, ids);
    if (target === 'draft') return id;
    await step('finance.officer', id, 'commission');
    await step('dept.staff', id, 'start_self_evaluation');
    if (target === 'self_evaluation') return id;
    await must(await fillSelfEvaluation(t, id), 200, 'fill');
    await step('dept.head', id, 'submit_self_evaluation');
    await step('finance.officer', id, 'accept_self_evaluation');
    await must(await api(t, 'evaluator', 'post', `/evaluations/${id}/findings`, FINDING), 201, 'finding');
    if (target === 'fieldwork') {
      await must(await api(t, 'evaluator', 'put', `/evaluations/${id}/budget-data`, { expectedVersion: 0, data: REFERENCE_BUDGET_DATA.seed000 }), 200, 'budget data');
      return id;
    }
    await must(await scoreAll(t, id), 200, 'score');
    await step('eval.lead', id, 'submit_draft');
    await step('finance.officer', id, 'issue_draft_for_comment');
    if (target === 'draft_for_comment') return id;
    const [finding] = (await must(await api(t, 'dept.staff', 'get', `/evaluations/${id}/findings`), 200, 'findings')).items as { id: string; version: number }[];
    await must(await api(t, 'dept.staff', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'disputed', text: '有异议', expectedVersion: finding.version }), 200, 'answer');
    await step('eval.lead', id, 'start_adjudication');
    return id;
  };
  const findingOf = async (id: string) => (await t.db.query(`SELECT id, version FROM findings WHERE evaluation_id = $1 ORDER BY seq LIMIT 1`, [id]))[0];
  const selfReview = (await createSelfEvaluation(t, ids)).id;
  await step('finance.officer', selfReview, 'commission');
  await step('dept.staff', selfReview, 'start_self_evaluation');
  await must(await fillSelfEvaluation(t, selfReview), 200, 'fill');
  await step('dept.head', selfReview, 'submit_self_evaluation');
  await step('finance.officer', selfReview, 'start_review');

  const f = {
    draft: await key('draft'),
    selfEvaluation: await key('self_evaluation'),
    fieldwork: await key('fieldwork'),
    forComment: await key('draft_for_comment'),
    adjudication: await key('adjudication'),
    selfReview,
  };
  const [proposal] = await t.db.query(`SELECT id FROM proposed_findings WHERE evaluation_id = $1 AND status = 'proposed' LIMIT 1`, [f.fieldwork]);
  if (!proposal) throw new Error('the fieldwork evaluation has no proposed finding');
  // The clerk's item (an item is answered by its owner and the department head): the clerk uploads to it below.
  const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
  const request = await must(await api(t, 'eval.lead', 'post', `/evaluations/${f.fieldwork}/document-requests`, { title: '2025年度会计凭证', ownerUserId: staff.id }), 201, 'document request');
  const paper = await must(
    await api(t, 'evaluator', 'post', `/evaluations/${f.fieldwork}/working-papers`, { kind: 'interview', title: '与财务科座谈', paperDate: '2026-05-12', details: { participants: '刘主任、张敏', place: '会议室' } }),
    201,
    'working paper',
  );
  const attachment = await must(await uploadBytes(t, 'dept.staff', `/attachments?subjectType=document_request&subjectId=${request.id}`, Buffer.from('会计凭证清单\n'), '凭证清单.txt'), 201, 'attachment');
  const template = await must(await api(t, 'finance.admin', 'post', '/document-request-templates', {}), 201, 'document request template');
  // A rectification item of the adjudicated evaluation's finding, as opening rectification makes one (the route
  // under test is the item's, not how it came to be).
  const [item] = await t.db.query(
    `INSERT INTO rectification_items (evaluation_id, finding_id) SELECT evaluation_id, id FROM findings WHERE evaluation_id = $1 ORDER BY seq LIMIT 1 RETURNING id`,
    [f.adjudication],
  );
  const [region] = await t.db.query(`SELECT region_id AS id FROM organisations WHERE id = $1`, [ids.department]);
  const [framework] = await t.db.query(`SELECT id FROM framework_versions WHERE organisation_id = (SELECT organisation_id FROM users WHERE username = 'finance.admin') LIMIT 1`);
  const workbook = await downloadBytes(t, 'finance.officer', `/evaluations/${f.fieldwork}/budget-data/export.xlsx`);
  return {
    ...f,
    finding: { fieldwork: await findingOf(f.fieldwork), forComment: await findingOf(f.forComment), adjudication: await findingOf(f.adjudication) },
    proposal: proposal.id,
    documentRequest: request.id as string,
    documentRequestTemplate: template.id as string,
    rectificationItem: item.id as string,
    attachment: (attachment.items as { id: string }[])[0].id,
    workingPaper: paper.id as string,
    region: region.id,
    framework: framework?.id ?? ids.frameworks.departmentWhole,
    workbook: workbook.body as Buffer,
  };
}

/**
 * Tables left out of the comparison: the admin's own signing in (sessions, login bookkeeping), and the reminder
 * planner's, which the queue workers fill in the background for the deadlines the fixture's transitions started.
 */
const OWN_SESSION_TABLES = /session|token|login|migrations|^reminder_(deliveries|jobs)$/;

/**
 * The fixture's drafts issued for comment become report documents in the background (recorded, then rendered): the
 * fingerprint is taken once that has happened, so that only the admin's calls could change anything after it.
 */
async function reportsSettled(): Promise<void> {
  await eventually(async () => {
    const [{ busy }] = await t.db.query(
      `SELECT EXISTS (SELECT 1 FROM report_documents WHERE status = 'rendering')
          OR EXISTS (SELECT 1 FROM workflow_history h WHERE h.action IN ('issue_draft_for_comment', 'approve_final_report') AND NOT EXISTS (SELECT 1 FROM report_documents d WHERE d.history_id = h.id)) AS busy`,
    );
    return !busy;
  }, 30_000);
}

/** Every table's rows, hashed: a refusal that wrote anything anywhere shows here. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables: { name: string }[] = await t.db.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const result: Record<string, string> = {};
  for (const { name } of tables.filter((table) => !OWN_SESSION_TABLES.test(table.name))) {
    const [{ hash }] = await t.db.query(`SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS hash FROM "${name}" r`);
    result[name] = hash;
  }
  return result;
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  fixture = await buildFixture();
  const document = (await t.http.get('/api/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  writeRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}, 240_000);
afterAll(() => t?.close());

describe('the system administrator writes no evaluation business', () => {
  it('every write route of the app is classified: the admin’s own business, or a case below', () => {
    expect(writeRoutes.length).toBeGreaterThan(20);
    const unclassified = writeRoutes.filter((route) => !(route in ADMINISTRATION) && !(route in CASES));
    expect(unclassified).toEqual([]);
    // And nothing is classified that the app no longer has (a renamed route must be reclassified).
    expect([...Object.keys(ADMINISTRATION), ...Object.keys(CASES)].filter((route) => !writeRoutes.includes(route))).toEqual([]);
  });

  it('is refused (403) on every evaluation-business write, with real records and valid bodies, and nothing changes anywhere', async () => {
    const token = await t.token('admin');
    await reportsSettled();
    const before = await fingerprint();
    const outcomes: Record<string, string> = {};
    for (const [route, cases] of Object.entries(CASES)) {
      const method = route.split(' ')[0].toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
      for (const [index, c] of cases.entries()) {
        const path = c.path(fixture);
        let response;
        if (c.upload) {
          const { buffer, filename } = c.upload(fixture);
          response = await uploadBytes(t, 'admin', path.replace(/^\/api/, ''), buffer, filename);
        } else {
          const call = t.http[method](path).set('Authorization', `Bearer ${token}`);
          response = await (c.body ? call.send(await c.body(fixture)) : call);
        }
        outcomes[`${route} #${index + 1}`] = `${response.status} ${response.body?.code ?? ''}`.trim();
      }
    }
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((key) => [key, '403 FORBIDDEN'])));
    expect(await fingerprint()).toEqual(before);
  });

  it('the same calls work for the rightful user (the cases are live, not refused for another reason)', async () => {
    // Spot checks of the routes whose refusal comes from the state or the party rather than the route guard.
    expect((await api(t, 'dept.staff', 'put', `/evaluations/${fixture.selfEvaluation}/self-evaluation`, { narrative: { overview: '部门概况' } })).status).toBe(200);
    expect((await api(t, 'dept.staff', 'patch', `/rectification-items/${fixture.rectificationItem}`, { expectedVersion: await itemVersion('rectification_items', fixture.rectificationItem), measures: '修订制度' })).status).toBe(200);
    expect((await api(t, 'dept.staff', 'patch', `/document-requests/${fixture.documentRequest}`, { expectedVersion: await itemVersion('document_requests', fixture.documentRequest), materialsNote: '凭证已移交' })).status).toBe(200);
    expect((await api(t, 'eval.lead', 'post', `/evaluations/${fixture.fieldwork}/document-requests`, { title: '政府采购合同' })).status).toBe(201);
    expect((await api(t, 'evaluator', 'put', `/findings/${fixture.finding.fieldwork.id}/evidence`, { items: [{ kind: 'working_paper', refId: fixture.workingPaper }] })).status).toBe(200);
    expect((await api(t, 'evaluator', 'patch', `/working-papers/${fixture.workingPaper}`, { expectedVersion: await itemVersion('working_papers', fixture.workingPaper), content: '了解预算编制流程' })).status).toBe(200);
    expect((await api(t, 'evaluator', 'post', `/evaluations/${fixture.fieldwork}/proposed-findings/${fixture.proposal}/discard`, { reason: '经核实不构成问题' })).status).toBe(201);
    expect((await api(t, 'eval.lead', 'post', `/evaluations/${fixture.fieldwork}/document-requests/issue`, { templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID })).status).toBe(201);
    expect((await api(t, 'finance.admin', 'put', `/document-request-templates/${fixture.documentRequestTemplate}`, { expectedVersion: 1, name: '长沙市财政局资料清单模板', items: [{ title: '部门预算批复', description: '', indicatorCodes: [] }] })).status).toBe(200);
    // Last: the finance bureau's empty list makes the fieldwork evaluation's other proposals obsolete, as it should.
    expect((await api(t, 'finance.officer', 'put', `/budget-thresholds/${fixture.region}`, { thresholds: [], expectedVersion: 0 })).status).toBe(200);
    expect((await api(t, 'dept.staff', 'put', `/evaluations/${fixture.forComment}/findings/${fixture.finding.forComment.id}/answer`, { answer: 'accepted', expectedVersion: fixture.finding.forComment.version })).status).toBe(200);
  });
});
