import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, createSelfEvaluation, fillSelfEvaluation, fire, lookupIds, saveScores, scoreAll, type Ids } from '../support/evaluation-steps';

/*
 * Both lifecycles from draft to closed through the HTTP API, each step by the demo user whose role the step needs,
 * with the history checked entry by entry. Real PostgreSQL, Redis and SMTP sink (tests/support/global-setup.ts).
 */
let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(() => t.close());

const history = async (id: string) => (await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`)).body.items;

async function expectStep(username: string, id: string, action: string, to: string, extra: { comment?: string; parameters?: Record<string, string> } = {}) {
  const response = await fire(t, username, id, action, extra);
  expect({ action, status: response.status, state: response.body.state, body: response.status === 200 ? undefined : response.body }).toEqual({
    action,
    status: 200,
    state: to,
    body: undefined,
  });
  return response.body;
}

describe('key evaluation: draft → closed', () => {
  it('goes through every stage, with returns, by the right people, and the history tells it all', async () => {
    const evaluation = await createKeyEvaluation(t, ids);
    expect(evaluation.state).toBe('draft');
    const id = evaluation.id;

    // The department cannot see a draft at all.
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${id}`)).status).toBe(404);

    await expectStep('finance.officer', id, 'commission', 'commissioned');
    await expectStep('dept.staff', id, 'start_self_evaluation', 'self_evaluation');

    // Submitting an empty self-evaluation is refused with every guard that fails.
    const early = await fire(t, 'dept.head', id, 'submit_self_evaluation');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('GUARD_FAILED');
    expect(early.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual([
      'self_scores_complete',
      'budget_data_entered',
      'narrative_complete',
    ]);
    // Staff fill the form but may not submit it: the head's approval is the submission.
    expect((await fillSelfEvaluation(t, id)).status).toBe(200);
    expect((await fire(t, 'dept.staff', id, 'submit_self_evaluation')).status).toBe(403);
    await expectStep('dept.head', id, 'submit_self_evaluation', 'self_evaluation_review');
    await expectStep('finance.officer', id, 'return_self_evaluation', 'self_evaluation', { comment: '预算执行数据口径与决算不一致，请核实' });
    await expectStep('dept.head', id, 'submit_self_evaluation', 'self_evaluation_review');
    await expectStep('finance.admin', id, 'accept_self_evaluation', 'fieldwork');

    // Fieldwork: the team scores and records a finding; the lead submits the draft.
    expect((await scoreAll(t, id)).status).toBe(200);
    const finding = await api(t, 'evaluator', 'post', `/evaluations/${id}/findings`, {
      category: '预算管理',
      title: '预算调整率偏高',
      description: '年中追加预算1,001.64万元，预算调整率18.61%',
      causeAnalysis: '年初预算编制不够精细',
      recommendation: '提高预算编制的准确性',
    });
    expect(finding.status).toBe(201);
    expect((await fire(t, 'evaluator', id, 'submit_draft')).status).toBe(403);
    await expectStep('eval.lead', id, 'submit_draft', 'draft_review');
    await expectStep('finance.officer', id, 'return_draft', 'fieldwork', { comment: '请补充支付序时进度分析' });
    await expectStep('eval.lead', id, 'submit_draft', 'draft_review');
    await expectStep('finance.officer', id, 'issue_draft_for_comment', 'draft_for_comment');

    // The department disputes the finding; the comment deadline has passed, so the lead may close the period.
    const disputed = await api(t, 'dept.staff', 'put', `/evaluations/${id}/findings/${finding.body.id}/answer`, {
      answer: 'disputed',
      text: '追加预算系上级专项转移支付，非编制原因',
      expectedVersion: finding.body.version,
    });
    expect(disputed.status).toBe(200);
    await expectStep('eval.lead', id, 'start_adjudication', 'adjudication');

    // Submitting the final report before adjudicating the dispute is refused; then the team withdraws the finding.
    const blocked = await fire(t, 'eval.lead', id, 'submit_final_report');
    expect(blocked.status).toBe(422);
    expect(blocked.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['all_answers_adjudicated']);
    const withdrawn = await api(t, 'eval.lead', 'put', `/evaluations/${id}/findings/${finding.body.id}/adjudication`, {
      adjudication: 'withdrawn',
      reason: '经核实，追加预算为上级专项资金，不属于预算编制问题',
      expectedVersion: disputed.body.version,
    });
    expect(withdrawn.status).toBe(200);
    await expectStep('eval.lead', id, 'submit_final_report', 'final_review');

    // Only the section head approves, and only once the report has its number.
    expect((await fire(t, 'finance.officer', id, 'approve_final_report')).status).toBe(403);
    const unnumbered = await fire(t, 'finance.admin', id, 'approve_final_report');
    expect(unnumbered.status).toBe(422);
    expect(unnumbered.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['report_number_assigned']);
    const current = await api(t, 'eval.lead', 'get', `/evaluations/${id}`);
    expect(
      (await api(t, 'eval.lead', 'put', `/evaluations/${id}/report-number`, { reportNumber: '湘浩元评字[2026]第 18 号', expectedVersion: current.body.version })).status,
    ).toBe(200);
    const published = await expectStep('finance.admin', id, 'approve_final_report', 'published');
    expect(published.reportNumber).toBe('湘浩元评字[2026]第 18 号');

    // No finding stands, so the bureau closes it without rectification.
    await expectStep('finance.officer', id, 'close', 'closed');

    const entries = await history(id);
    expect(entries.map((e: { action: string; from: string; to: string; actor: { displayName: string }; organisation: { name: string } }) => [e.action, e.from, e.to, e.actor.displayName, e.organisation.name])).toEqual([
      ['commission', 'draft', 'commissioned', '李文', '长沙市财政局'],
      ['start_self_evaluation', 'commissioned', 'self_evaluation', '张敏', '长沙市人民政府办公厅'],
      ['submit_self_evaluation', 'self_evaluation', 'self_evaluation_review', '刘主任', '长沙市人民政府办公厅'],
      ['return_self_evaluation', 'self_evaluation_review', 'self_evaluation', '李文', '长沙市财政局'],
      ['submit_self_evaluation', 'self_evaluation', 'self_evaluation_review', '刘主任', '长沙市人民政府办公厅'],
      ['accept_self_evaluation', 'self_evaluation_review', 'fieldwork', '周科长', '长沙市财政局'],
      ['submit_draft', 'fieldwork', 'draft_review', '王建国', '湖南浩元会计师事务所'],
      ['return_draft', 'draft_review', 'fieldwork', '李文', '长沙市财政局'],
      ['submit_draft', 'fieldwork', 'draft_review', '王建国', '湖南浩元会计师事务所'],
      ['issue_draft_for_comment', 'draft_review', 'draft_for_comment', '李文', '长沙市财政局'],
      ['start_adjudication', 'draft_for_comment', 'adjudication', '王建国', '湖南浩元会计师事务所'],
      ['submit_final_report', 'adjudication', 'final_review', '王建国', '湖南浩元会计师事务所'],
      ['approve_final_report', 'final_review', 'published', '周科长', '长沙市财政局'],
      ['close', 'published', 'closed', '李文', '长沙市财政局'],
    ]);
    expect(entries.map((e: { seq: number }) => e.seq)).toEqual(entries.map((_: unknown, i: number) => i + 1));
    // The role recorded is the one the actor acted in; comments of returns are kept.
    expect(entries[2].actor.roles).toEqual(['department_head']);
    expect(entries[3].comment).toBe('预算执行数据口径与决算不一致，请核实');
    // Approvals carry a snapshot of what was approved: the final report's scores and the (withdrawn) finding.
    const approval = entries[12];
    expect(approval.snapshot.evaluation.reportNumber).toBe('湘浩元评字[2026]第 18 号');
    // The snapshot is the report model: the withdrawn finding is out of the report's findings and listed apart.
    expect(approval.snapshot.findings).toEqual([]);
    expect(approval.snapshot.withdrawnFindings).toEqual([expect.objectContaining({ title: '预算调整率偏高' })]);
    expect(approval.snapshot.scoreTable.length).toBeGreaterThan(10);
    expect(entries.filter((e: { snapshot: unknown }) => e.snapshot !== null).map((e: { action: string }) => e.action)).toEqual([
      'commission',
      'submit_self_evaluation',
      'submit_self_evaluation',
      'accept_self_evaluation',
      'issue_draft_for_comment',
      'approve_final_report',
    ]);
    // Nothing is left to do on a closed evaluation.
    const actions = await api(t, 'finance.officer', 'get', `/evaluations/${id}/actions`);
    expect(actions.body.actions).toEqual([]);
  });

  it('a finding that stands becomes a rectification item, and closing waits for it', async () => {
    const { id } = await createKeyEvaluation(t, ids);
    await expectStep('finance.officer', id, 'commission', 'commissioned');
    await expectStep('dept.head', id, 'start_self_evaluation', 'self_evaluation');
    await fillSelfEvaluation(t, id, 'dept.head');
    await expectStep('dept.head', id, 'submit_self_evaluation', 'self_evaluation_review');
    await expectStep('finance.officer', id, 'accept_self_evaluation', 'fieldwork');
    await scoreAll(t, id, 'eval.lead');
    const finding = await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, {
      title: '三公经费预算编制不准确',
      description: '三公经费控制率52.37%',
      causeAnalysis: '预算编制依据不足',
      recommendation: '按实际需要编制三公经费预算',
    });
    await expectStep('eval.lead', id, 'submit_draft', 'draft_review');
    await expectStep('finance.officer', id, 'issue_draft_for_comment', 'draft_for_comment');
    await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${finding.body.id}/answer`, { answer: 'accepted', expectedVersion: finding.body.version });
    await expectStep('eval.lead', id, 'start_adjudication', 'adjudication');
    // A score changed after the draft went out needs its reason before the final report goes up.
    const rows = (await api(t, 'eval.lead', 'get', `/evaluations/${id}/indicators`)).body.rows.filter((r: { level: number }) => r.level === 3);
    await saveScores(t, 'eval.lead', id, [{ code: rows[1].code, score: rows[1].weight - 0.5, deductionReason: '三公经费控制率偏低' }]);
    const unexplained = await fire(t, 'eval.lead', id, 'submit_final_report');
    expect(unexplained.status).toBe(422);
    expect(unexplained.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['score_changes_have_reasons']);
    await saveScores(t, 'eval.lead', id, [{ code: rows[1].code, score: rows[1].weight - 0.5, deductionReason: '三公经费控制率偏低', changeReason: '采纳部门反馈后重新核定' }]);
    await expectStep('eval.lead', id, 'submit_final_report', 'final_review');
    const version = (await api(t, 'finance.admin', 'get', `/evaluations/${id}`)).body.version;
    await api(t, 'finance.admin', 'put', `/evaluations/${id}/report-number`, { reportNumber: '长财绩评〔2026〕3号', expectedVersion: version });
    await expectStep('finance.admin', id, 'approve_final_report', 'published');
    // With a finding standing, closing directly is refused; rectification opens one item per finding.
    const direct = await fire(t, 'finance.officer', id, 'close');
    expect(direct.status).toBe(422);
    expect(direct.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['no_findings']);
    await expectStep('finance.officer', id, 'start_rectification', 'rectification');
    const items = await t.db.query(`SELECT finding_id AS "findingId", state FROM rectification_items WHERE evaluation_id = $1`, [id]);
    expect(items).toEqual([{ findingId: finding.body.id, state: 'open' }]);
    const closing = await fire(t, 'finance.officer', id, 'close');
    expect(closing.status).toBe(422);
    expect(closing.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['all_rectification_items_closed']);
    // The department sees its rectification work in the inbox.
    const inbox = await api(t, 'dept.staff', 'get', '/me/tasks?pageSize=100');
    expect(inbox.body.items.find((task: { subjectId: string }) => task.subjectId === id)).toMatchObject({ state: 'rectification', work: [{ zh: '落实整改并报送整改情况' }] });
  });
});

describe('self-evaluation only: draft → closed', () => {
  it('is commissioned, filled, approved by the head, reviewed, rated and closed', async () => {
    const { id } = await createSelfEvaluation(t, ids);
    // Without a framework the commission is refused, naming the guard.
    await expectStep('finance.officer', id, 'commission', 'commissioned');
    await expectStep('dept.staff', id, 'start_self_evaluation', 'self_evaluation');
    expect((await fillSelfEvaluation(t, id)).status).toBe(200);
    await expectStep('dept.head', id, 'submit_self_evaluation', 'submitted');
    await expectStep('finance.officer', id, 'start_review', 'review');
    await expectStep('finance.officer', id, 'return_self_evaluation', 'self_evaluation', { comment: '偏差原因分析不充分' });
    await expectStep('dept.head', id, 'submit_self_evaluation', 'submitted');
    await expectStep('finance.admin', id, 'start_review', 'review');

    // Rating needs the review opinion and a valid rating.
    const noOpinion = await fire(t, 'finance.officer', id, 'rate', { parameters: { rating: 'good' } });
    expect(noOpinion.status).toBe(422);
    expect(noOpinion.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['review_opinion_written']);
    const version = (await api(t, 'finance.officer', 'get', `/evaluations/${id}`)).body.version;
    expect((await api(t, 'finance.officer', 'put', `/evaluations/${id}/review-opinion`, { reviewOpinion: '自评资料完整，目标设定较合理', expectedVersion: version })).status).toBe(200);
    const badRating = await fire(t, 'finance.officer', id, 'rate', { parameters: { rating: 'superb' } });
    expect(badRating.status).toBe(400);
    const rated = await expectStep('finance.officer', id, 'rate', 'rectification', { parameters: { rating: 'good' } });
    expect(rated.rating).toBe('good');
    // No review opinion items: nothing to rectify, so the bureau closes it.
    await expectStep('finance.officer', id, 'close', 'closed');

    const entries = await history(id);
    expect(entries.map((e: { action: string; to: string; actor: { displayName: string } }) => [e.action, e.to, e.actor.displayName])).toEqual([
      ['commission', 'commissioned', '李文'],
      ['start_self_evaluation', 'self_evaluation', '张敏'],
      ['submit_self_evaluation', 'submitted', '刘主任'],
      ['start_review', 'review', '李文'],
      ['return_self_evaluation', 'self_evaluation', '李文'],
      ['submit_self_evaluation', 'submitted', '刘主任'],
      ['start_review', 'review', '周科长'],
      ['rate', 'rectification', '李文'],
      ['close', 'closed', '李文'],
    ]);
    expect(entries[7].parameters).toEqual({ rating: 'good' });
    expect(entries[7].snapshot.evaluation.reviewOpinion).toBe('自评资料完整，目标设定较合理');
  });
});
