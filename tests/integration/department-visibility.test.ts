import { REFERENCE_BUDGET_DATA, type FindingDto } from '@evalflow/domain';
import { REVIEW_WORK_HIDDEN_MESSAGE, reviewWorkVisibleToDepartment } from '@evalflow/workflow';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, createSelfEvaluation, fillSelfEvaluation, fire, lookupIds, scoreAll, type Ids } from '../support/evaluation-steps';

/*
 * Issue 16, defect 5 and the silent hand-offs, against the running app.
 *
 * 1. What the evaluated department reads of the reviewers' working material, state by state: one key evaluation and
 *    one self-evaluation are driven along their main path; in every state each read route is asked by the department
 *    (head and staff) and by a reviewer, and the answer must follow `reviewWorkVisibleToDepartment` — refused with
 *    the plain reason before the draft for comment (the rating), shown from then on. The budget data is the
 *    department's own until the team corrects it in fieldwork; then it too waits for the draft.
 * 2. The notices of stage work: an answer tells the team, an adjudication the department, a hand-over the head —
 *    each exactly once, with a deep link, and nobody else.
 */
let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
}, 120_000);
afterAll(() => t?.close());

const DEPARTMENT = ['dept.head', 'dept.staff'] as const;
const seed000 = REFERENCE_BUDGET_DATA.seed000 as Record<string, unknown>;

/** The read routes that carry the reviewers' material (and the budget data, which is the department's at first). */
const READS = {
  findings: (id: string) => `/evaluations/${id}/findings`,
  'proposed-findings': (id: string) => `/evaluations/${id}/proposed-findings`,
  metrics: (id: string) => `/evaluations/${id}/metrics`,
  'budget-data': (id: string) => `/evaluations/${id}/budget-data`,
  'budget-data export': (id: string) => `/evaluations/${id}/budget-data/export.xlsx`,
} as const;
type Read = keyof typeof READS;

async function must(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}
const step = async (username: string, id: string, action: string, extra: { parameters?: Record<string, string> } = {}) =>
  must(await fire(t, username, id, action, extra), 200, action);
const budgetVersion = async (id: string) => (await t.db.query(`SELECT version FROM evaluation_budget_data WHERE evaluation_id = $1`, [id]))[0]?.version ?? 0;
const putBudget = (username: string, id: string, data: unknown, expectedVersion: number) => api(t, username, 'put', `/evaluations/${id}/budget-data`, { expectedVersion, data });

/** What the department may read in this state: the rule, and the budget data while it is still its own. */
function departmentExpects(kind: 'key' | 'self', state: string, read: Read, teamCorrected: boolean): number {
  const visible = reviewWorkVisibleToDepartment(kind, state);
  if (read === 'budget-data' || read === 'budget-data export') return visible || !teamCorrected ? 200 : 403;
  return visible ? 200 : 403;
}

/** Every read × the department and a reviewer in the evaluation's current state, against the expectation. */
async function checkReads(kind: 'key' | 'self', id: string, reviewer: string, teamCorrected: boolean) {
  const [{ state }] = await t.db.query(`SELECT state FROM evaluations WHERE id = $1`, [id]);
  const actual: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const [read, path] of Object.entries(READS) as [Read, (id: string) => string][]) {
    for (const username of [...DEPARTMENT, reviewer]) {
      const response = await api(t, username, 'get', path(id));
      actual[`${state} ${read} as ${username}`] = response.status;
      expected[`${state} ${read} as ${username}`] = username === reviewer ? 200 : departmentExpects(kind, state, read, teamCorrected);
      if (response.status === 403) {
        expect(response.body).toEqual({ code: 'FORBIDDEN', message: REVIEW_WORK_HIDDEN_MESSAGE[kind], details: { reason: 'review_work_not_published' } });
      }
    }
  }
  // The scores follow the same rule on the indicators (which the department always reads: its own form is there).
  const indicators = await must(await api(t, 'dept.staff', 'get', `/evaluations/${id}/indicators`), 200, 'indicators');
  actual[`${state} scores visible to the department`] = indicators.scoresVisible ? 1 : 0;
  expected[`${state} scores visible to the department`] = reviewWorkVisibleToDepartment(kind, state) ? 1 : 0;
  expect(actual).toEqual(expected);
}

const notices = async (link: string) =>
  (await t.db.query(`SELECT u.username, n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.link = $1 ORDER BY u.username`, [link])) as {
    username: string;
    title: string;
    body: string;
  }[];
/** Waits for the notify job to record the notices of this link, then lets the relay settle to show none arrives twice. */
async function noticesOf(link: string, count: number) {
  await eventually(async () => (await notices(link)).length >= count);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return notices(link);
}

describe('a key evaluation from commission to adjudication: the department reads the team material from the draft for comment on; hand-offs are told', () => {
  let id: string;
  let finding: FindingDto;
  const link = (tab: string) => `/evaluations/${id}?tab=${tab}`;

  beforeAll(async () => {
    ({ id } = await createKeyEvaluation(t, ids, { title: `可见性测试评价 ${Date.now()}` }));
    await step('finance.officer', id, 'commission');
  });

  it('commissioned: nothing of the team yet, and the department sees no material', async () => {
    await checkReads('key', id, 'eval.lead', false);
  });

  it('self-evaluation: the department enters and reads its own budget data, but not the metrics or proposed findings computed from it', async () => {
    await step('dept.staff', id, 'start_self_evaluation');
    await must(await putBudget('dept.staff', id, seed000, 0), 200, 'the department enters the budget data');
    await checkReads('key', id, 'eval.lead', false);
  });

  it('hand-over: refused with what is missing while the form is incomplete; then the head (only) is told once, with a deep link', async () => {
    const early = await api(t, 'dept.staff', 'post', `/evaluations/${id}/self-evaluation/hand-over`);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('GUARD_FAILED');
    expect(early.body.details.failedGuards.map((guard: { id: string }) => guard.id)).toEqual(expect.arrayContaining(['self_scores_complete', 'narrative_complete']));
    expect(await notices(link('self-evaluation'))).toEqual([]);
    // The head approves by submitting; handing over is the staff's; nobody else may.
    for (const username of ['dept.head', 'eval.lead', 'finance.officer', 'admin']) {
      expect((await api(t, username, 'post', `/evaluations/${id}/self-evaluation/hand-over`)).status).toBe(403);
    }
    await must(await fillSelfEvaluation(t, id), 200, 'fill');
    await must(await api(t, 'dept.staff', 'post', `/evaluations/${id}/self-evaluation/hand-over`), 201, 'hand over');
    const told = await noticesOf(link('self-evaluation'), 1);
    expect(told.map((n) => n.username)).toEqual(['dept.head']);
    expect(told[0].title).toContain('提请负责人审核');
  });

  it('self-evaluation review and fieldwork: the department reads its submission until the team corrects it; the team material stays hidden', async () => {
    await step('dept.head', id, 'submit_self_evaluation');
    await checkReads('key', id, 'eval.lead', false);
    await step('finance.officer', id, 'accept_self_evaluation');
    await checkReads('key', id, 'eval.lead', false);
    // The team corrects the data (a different document: the reference one without its first project).
    const corrected = { ...seed000, projects: (seed000.projects as unknown[]).slice(1) };
    await must(await putBudget('evaluator', id, corrected, await budgetVersion(id)), 200, 'the team corrects the budget data');
    finding = (await must(
      await api(t, 'evaluator', 'post', `/evaluations/${id}/findings`, { title: '预算调整率偏高', description: '年中追加预算', causeAnalysis: '编制不精细', recommendation: '提高准确性', deduction: 1 }),
      201,
      'record a finding',
    )) as unknown as FindingDto;
    await must(await scoreAll(t, id), 200, 'score');
    await checkReads('key', id, 'eval.lead', true);
  });

  it('draft review: still hidden from the department', async () => {
    await step('eval.lead', id, 'submit_draft');
    await checkReads('key', id, 'eval.lead', true);
  });

  it('draft for comment: everything shown; the answer tells the team (lead and evaluator) once', async () => {
    await step('finance.officer', id, 'issue_draft_for_comment');
    await checkReads('key', id, 'eval.lead', true);
    const [current] = (await must(await api(t, 'dept.staff', 'get', `/evaluations/${id}/findings`), 200, 'findings')).items as FindingDto[];
    await must(
      await api(t, 'dept.staff', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'disputed', text: '追加预算系上级专项转移支付', expectedVersion: current.version }),
      200,
      'answer',
    );
    const told = await noticesOf(link('findings'), 2);
    expect(told.map((n) => n.username)).toEqual(['eval.lead', 'evaluator']);
    expect(told[0].title).toContain('被评价部门已反馈意见');
    expect(told[0].body).toContain('问题1「预算调整率偏高」：有异议——追加预算系上级专项转移支付');
  });

  it('adjudication: shown; the adjudication tells the department (head and staff) once', async () => {
    await step('eval.lead', id, 'start_adjudication');
    await checkReads('key', id, 'eval.lead', true);
    const before = (await notices(link('findings'))).length;
    const [current] = (await must(await api(t, 'eval.lead', 'get', `/evaluations/${id}/findings`), 200, 'findings')).items as FindingDto[];
    await must(
      await api(t, 'eval.lead', 'put', `/evaluations/${id}/findings/${finding.id}/adjudication`, { adjudication: 'upheld', reason: '经核实，问题成立', expectedVersion: current.version }),
      200,
      'adjudicate',
    );
    const told = (await noticesOf(link('findings'), before + 2)).filter((n) => n.title.includes('评价组已处理反馈意见'));
    expect(told.map((n) => n.username)).toEqual(['dept.head', 'dept.staff']);
    expect(told[0].body).toContain('问题1「预算调整率偏高」：维持原问题——经核实，问题成立');
    // Exactly once: the answer's two and the adjudication's two, one mail job each (job id from row and user).
    expect((await notices(link('findings'))).length).toBe(4);
  });

  it('a refused answer tells nobody (the notice commits with the write or not at all)', async () => {
    const before = (await notices(link('findings'))).length;
    expect((await api(t, 'dept.staff', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'accepted', expectedVersion: 1 })).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await notices(link('findings'))).length).toBe(before);
  });
});

describe('a self-evaluation: the bureau review material is shown to the department from the rating on', () => {
  it('from commission to rectification, state by state', async () => {
    const { id } = await createSelfEvaluation(t, ids);
    await step('finance.officer', id, 'commission');
    await step('dept.staff', id, 'start_self_evaluation');
    await must(await putBudget('dept.staff', id, seed000, 0), 200, 'the department enters the budget data');
    await checkReads('self', id, 'finance.officer', false);
    await must(await fillSelfEvaluation(t, id), 200, 'fill');
    await step('dept.head', id, 'submit_self_evaluation');
    await checkReads('self', id, 'finance.officer', false);
    await step('finance.officer', id, 'start_review');
    await must(await api(t, 'finance.officer', 'post', `/evaluations/${id}/findings`, { title: '绩效目标设定不够细化', description: '部分产出指标未量化' }), 201, 'review opinion');
    await checkReads('self', id, 'finance.officer', false);
    await must(await api(t, 'finance.officer', 'put', `/evaluations/${id}/review-opinion`, { reviewOpinion: '自评资料完整', expectedVersion: (await t.db.query(`SELECT version FROM evaluations WHERE id = $1`, [id]))[0].version }), 200, 'opinion');
    await step('finance.officer', id, 'rate', { parameters: { rating: 'good' } });
    await checkReads('self', id, 'finance.officer', false);
  });
});
