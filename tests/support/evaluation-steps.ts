import type { EntryVersionDto } from '@evalflow/domain';
import type { TestApp } from './test-app';

/**
 * Steps of the evaluation lifecycles through the HTTP API, shared by the lifecycle, concurrency and matrix suites.
 * Each step signs in as the demo user of the right role and asserts the HTTP status it expects.
 */
export interface Ids {
  department: string;
  firm: string;
  lead: string;
  evaluator: string;
  frameworks: { departmentWhole: string; project: string };
}

export async function lookupIds(t: TestApp): Promise<Ids> {
  const org = async (name: string) => (await t.db.query(`SELECT id FROM organisations WHERE name = $1`, [name]))[0].id as string;
  const user = async (username: string) => (await t.db.query(`SELECT id FROM users WHERE username = $1`, [username]))[0].id as string;
  const framework = async (code: string) => (await t.db.query(`SELECT id FROM framework_versions WHERE code = $1 AND version = 1`, [code]))[0].id as string;
  return {
    department: await org('长沙市人民政府办公厅'),
    firm: await org('湖南浩元会计师事务所'),
    lead: await user('eval.lead'),
    evaluator: await user('evaluator'),
    frameworks: { departmentWhole: await framework('department-whole-common'), project: await framework('project-self-evaluation') },
  };
}

/** Stage deadlines in order; the comment period may be put in the past to let the deadline guard pass. */
export function stageDeadlines(options: { commentPeriodPassed?: boolean } = {}) {
  return {
    self_evaluation: '2026-03-31',
    self_evaluation_review: '2026-04-15',
    fieldwork: '2026-06-30',
    comment_period: options.commentPeriodPassed ? '2026-07-10' : '2099-07-10',
    final_review: '2099-08-31',
    rectification: '2099-12-31',
  };
}

export async function api(t: TestApp, username: string, method: 'get' | 'post' | 'put' | 'patch', path: string, body?: unknown) {
  const token = await t.token(username);
  const call = t.http[method](`/api${path}`).set('Authorization', `Bearer ${token}`);
  return body === undefined ? call : call.send(body as object);
}

export async function fire(t: TestApp, username: string, id: string, action: string, extra: { comment?: string; parameters?: Record<string, string> } = {}) {
  const current = await t.db.query(`SELECT version FROM evaluations WHERE id = $1`, [id]);
  return api(t, username, 'post', `/evaluations/${id}/transitions`, { action, expectedVersion: current[0].version, ...extra });
}

export async function createKeyEvaluation(t: TestApp, ids: Ids, overrides: Record<string, unknown> = {}) {
  const response = await api(t, 'finance.officer', 'post', '/evaluations', {
    kind: 'key',
    scope: 'department_whole',
    title: '2025年度长沙市人民政府办公厅部门整体支出绩效评价',
    fiscalYear: 2025,
    departmentId: ids.department,
    frameworkVersionId: ids.frameworks.departmentWhole,
    legalBasis: '长财绩〔2026〕2号',
    evaluatorOrganisationId: ids.firm,
    leadUserId: ids.lead,
    memberUserIds: [ids.evaluator],
    deadlines: stageDeadlines({ commentPeriodPassed: true }),
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; version: number; state: string };
}

export async function createSelfEvaluation(t: TestApp, ids: Ids) {
  const response = await api(t, 'finance.officer', 'post', '/evaluations', {
    kind: 'self',
    scope: 'project',
    title: '2025年度政务服务专项资金项目绩效自评',
    projectName: '政务服务专项资金',
    fiscalYear: 2025,
    departmentId: ids.department,
    frameworkVersionId: ids.frameworks.project,
    legalBasis: '长财绩〔2026〕5号',
    deadlines: { self_evaluation: '2026-03-31', self_evaluation_review: '2026-04-30', rectification: '2099-12-31' },
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; version: number; state: string };
}

/** One level-3 row of GET …/indicators as the steps use it: weight and the versions of both parts of its entry. */
export interface Level3Row {
  code: string;
  name: string;
  weight: number;
  selfEntry: EntryVersionDto;
  scoreEntry: EntryVersionDto;
}

/** Level-3 indicators of the evaluation's framework, with weights and entry versions (as the bureau sees them). */
export async function level3(t: TestApp, id: string): Promise<Level3Row[]> {
  const response = await api(t, 'finance.officer', 'get', `/evaluations/${id}/indicators`);
  return response.body.rows.filter((row: { level: number }) => row.level === 3);
}

/**
 * Saves scores as a team member who has just loaded the table: each entry carries the version stored now (the
 * suites that test the version check send their own versions through `api`).
 */
export async function saveScores(t: TestApp, username: string, id: string, scores: { code: string; score: number | null; deductionReason?: string | null; changeReason?: string | null }[]) {
  const versions = new Map((await level3(t, id)).map((row) => [row.code, row.scoreEntry.version]));
  return api(t, username, 'put', `/evaluations/${id}/scores`, { scores: scores.map((entry) => ({ ...entry, expectedVersion: versions.get(entry.code) ?? 0 })) });
}

/** Saves self-evaluation entries (and whatever else of the form is given) with the versions stored now. */
export async function saveSelfEvaluation(t: TestApp, username: string, id: string, input: { indicators?: ({ code: string } & Record<string, unknown>)[] } & Record<string, unknown>) {
  const versions = new Map((await level3(t, id)).map((row) => [row.code, row.selfEntry.version]));
  const indicators = input.indicators?.map((entry) => ({ ...entry, expectedVersion: versions.get(entry.code) ?? 0 }));
  return api(t, username, 'put', `/evaluations/${id}/self-evaluation`, { ...input, ...(indicators ? { indicators } : {}) });
}

/** The department fills the whole self-evaluation: every indicator at full marks, budget figures, every narrative section. */
export async function fillSelfEvaluation(t: TestApp, id: string, username = 'dept.staff') {
  const indicators = await level3(t, id);
  return api(t, username, 'put', `/evaluations/${id}/self-evaluation`, {
    indicators: indicators.map((row) => ({ code: row.code, target: '达到预期', actual: '已达到', selfScore: row.weight, expectedVersion: row.selfEntry.version })),
    budgetFen: 6383160000,
    spentFen: 5705590000,
    narrative: { overview: '部门概况……', goals: '绩效目标……', outputs: '产出与效益……', problems: '存在的问题……', improvements: '改进措施……' },
  });
}

/** The team scores every indicator: full marks except the first, which loses a point with its reason. */
export async function scoreAll(t: TestApp, id: string, username = 'evaluator') {
  const indicators = await level3(t, id);
  return api(t, username, 'put', `/evaluations/${id}/scores`, {
    scores: indicators.map((row, index) => ({
      code: row.code,
      score: index === 0 ? row.weight - 1 : row.weight,
      deductionReason: index === 0 ? '未提供部分记账凭证，扣1分' : null,
      expectedVersion: row.scoreEntry.version,
    })),
  });
}

/** Drives a key evaluation from draft to `target` (a state on the main path), asserting every step. */
export const KEY_PATH = [
  'commissioned',
  'self_evaluation',
  'self_evaluation_review',
  'fieldwork',
  'draft_review',
  'draft_for_comment',
  'adjudication',
  'final_review',
  'published',
] as const;

/** Fires an action and fails loudly with the answer when it is refused (a step of a fixture, not the test's point). */
async function stepOrThrow(t: TestApp, username: string, id: string, action: string): Promise<void> {
  const response = await fire(t, username, id, action);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** A key evaluation of 长沙市人民政府办公厅 taken to fieldwork through the real workflow (terms overridable, e.g. the year). */
export async function keyEvaluationInFieldwork(t: TestApp, ids: Ids, overrides: Record<string, unknown> = {}): Promise<string> {
  const { id } = await createKeyEvaluation(t, ids, overrides);
  await stepOrThrow(t, 'finance.officer', id, 'commission');
  await stepOrThrow(t, 'dept.head', id, 'start_self_evaluation');
  await fillSelfEvaluation(t, id, 'dept.head');
  await stepOrThrow(t, 'dept.head', id, 'submit_self_evaluation');
  await stepOrThrow(t, 'finance.officer', id, 'accept_self_evaluation');
  return id;
}

let reportNumbers = 0;

/** …and on to rectification with `findings` standing findings, so as many rectification items (their ids, by finding). */
export async function keyEvaluationInRectification(t: TestApp, ids: Ids, findings: number, overrides: Record<string, unknown> = {}): Promise<{ id: string; items: string[] }> {
  const id = await keyEvaluationInFieldwork(t, ids, overrides);
  await scoreAll(t, id, 'eval.lead');
  for (let n = 1; n <= findings; n++) {
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, { title: `问题${n}：预算编制不够细化`, description: '部分项目支出执行率偏低', causeAnalysis: '预算编制依据不足', recommendation: '细化预算编制，按季度分析执行' });
    if (created.status !== 201) throw new Error(`finding: ${created.status} ${JSON.stringify(created.body)}`);
  }
  await stepOrThrow(t, 'eval.lead', id, 'submit_draft');
  await stepOrThrow(t, 'finance.officer', id, 'issue_draft_for_comment');
  for (const finding of (await api(t, 'dept.head', 'get', `/evaluations/${id}/findings`)).body.items) {
    const answered = await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'accepted', expectedVersion: finding.version });
    if (answered.status !== 200) throw new Error(`answer: ${answered.status} ${JSON.stringify(answered.body)}`);
  }
  await stepOrThrow(t, 'eval.lead', id, 'start_adjudication');
  await stepOrThrow(t, 'eval.lead', id, 'submit_final_report');
  const version = (await api(t, 'finance.admin', 'get', `/evaluations/${id}`)).body.version;
  reportNumbers += 1;
  const numbered = await api(t, 'finance.admin', 'put', `/evaluations/${id}/report-number`, { reportNumber: `长财绩评〔2026〕${process.pid}${reportNumbers}号`, expectedVersion: version });
  if (numbered.status !== 200) throw new Error(`report number: ${numbered.status} ${JSON.stringify(numbered.body)}`);
  await stepOrThrow(t, 'finance.admin', id, 'approve_final_report');
  await stepOrThrow(t, 'finance.officer', id, 'start_rectification');
  const list = await api(t, 'dept.staff', 'get', `/evaluations/${id}/rectification-items`);
  return { id, items: list.body.items.map((item: { id: string }) => item.id) };
}
