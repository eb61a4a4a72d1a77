import { Injectable } from '@nestjs/common';
import type { Workbook } from 'exceljs';
import {
  DomainError,
  NARRATIVE_SECTIONS,
  compareScores,
  scoreIndicator,
  computeMetrics,
  indicatorMetric,
  toBudgetData,
  type MetricResult,
  type IndicatorScoringDto,
  type IndicatorTotalsDto,
  type AdjudicateFindingInput,
  type AnswerFindingInput,
  type AppAbility,
  type CreateFindingInput,
  type FieldIssue,
  type FindingDto,
  type FrameworkNode,
  type IndicatorRowDto,
  type EntryPart,
  type SaveScoresInput,
  type SaveSelfEvaluationInput,
  type UpdateFindingInput,
} from '@evalflow/domain';
import {
  ASSIGNED_LEAD,
  ASSIGNED_TEAM,
  BUREAU_FINANCE,
  DEPARTMENT,
  DEPARTMENT_STAFF,
  FINDING_ADJUDICATION_TEXT,
  FINDING_ANSWER_TEXT,
  WORK_NOTICES,
  failingGuards,
  findingNoticeDetail,
  type Permit,
  type WorkNoticeKind,
} from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';
import { lifecycleOf, loadVisibleEvaluation } from './evaluation-lifecycle';
import { computeEvaluationFacts } from './evaluation-facts';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { OutboxRepository, type WorkNoticeEffect } from '../workflow/outbox.repository';
import { refusalError } from '../workflow/refusal';
import type { Queryable } from '../../infrastructure/database/queryable';
import { EvaluationRepository, type EvaluationRecord } from './evaluation.repository';
import { toDto } from './evaluations.service';
import { FINDINGS_WORK, withStageWork, type StageWork } from './stage-work';
import { UNSAVED_ENTRY, entryValues, entryVersions, writeScoreParts, writeSelfParts } from './indicator-entry.repository';
import { findingState, findingsOf, insertFinding, updateFinding, type FindingColumns } from './findings.repository';
import { saveSelfEvaluationReport, selfEvaluationReport, selfEvaluationReportContent } from './self-evaluation-report.repository';
import { budgetDocumentOf } from '../budget/budget.repository';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import { assertEntriesUnchanged, entriesChangedMeanwhile } from './entry-versions';
import { assertReviewWorkVisible, hidesBudgetData, hidesReviewWork } from './review-work-visibility';
import { scoreTableWorkbook, selfEvaluationWorkbook, type ScoreFormInput } from '../frameworks/score-workbooks';

const stage = (what: string, states: readonly string[], permits: readonly Permit[]): StageWork => ({ what, rules: [{ states, permits }] });

const SELF_EVALUATION_FORM = stage('fill the self-evaluation', ['self_evaluation'], [DEPARTMENT]);
const SCORING = stage('score indicators', ['fieldwork', 'adjudication'], [ASSIGNED_TEAM]);
const ANSWERING = stage('answer findings', ['draft_for_comment'], [DEPARTMENT]);
const ADJUDICATING = stage('adjudicate answers', ['adjudication'], [ASSIGNED_TEAM]);
/** The firm numbers its own report (湘浩元评字…), or the bureau does for its own team. */
const REPORT_NUMBER = stage('assign the report number', ['adjudication', 'final_review'], [ASSIGNED_LEAD, BUREAU_FINANCE]);
const REVIEW_OPINION = stage('write the review opinion', ['review'], [BUREAU_FINANCE]);
/** Staff hand the filled self-evaluation to the head, who alone approves and submits it. */
const HAND_OVER = stage('hand the self-evaluation to the head', ['self_evaluation'], [DEPARTMENT_STAFF]);

/**
 * The work of the stages that the guards read: the self-evaluation form and report, the team's scores, findings
 * with the department's answers and their adjudication, the report number and the review opinion. Each write locks
 * the evaluation row, so it cannot interleave with a transition that is deciding on the same data.
 */
@Injectable()
export class EvaluationWorkService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async indicators(user: AuthenticatedUser, ability: AppAbility, id: string) {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    const view = await this.indicatorView(user, evaluation);
    return { frameworkVersionId: evaluation.frameworkVersionId, scoresVisible: !view.hideScores, rows: view.rows, totals: view.totals };
  }

  /**
   * 自评表 / 评分表 as .xlsx. Read access like the indicators; the score table shows the team's scores, so the
   * department gets it only once the draft went out for comment (the same rule that hides the scores on screen).
   */
  async exportForm(user: AuthenticatedUser, ability: AppAbility, id: string, form: 'self-evaluation' | 'scores'): Promise<{ workbook: Workbook; filename: string }> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    const view = await this.indicatorView(user, evaluation);
    if (form === 'scores' && view.hideScores) throw new DomainError('FORBIDDEN', '评价得分在征求意见稿发出后才向被评价部门公开');
    const input: ScoreFormInput = {
      title: evaluation.title,
      departmentName: evaluation.departmentName,
      fiscalYear: evaluation.fiscalYear,
      nodes: view.nodes,
      lines: new Map(view.rows.map((row) => [row.code, row])),
      totals: view.totals,
      budgetFen: view.budgetFen,
      spentFen: view.spentFen,
    };
    return form === 'self-evaluation'
      ? { workbook: selfEvaluationWorkbook(input), filename: `${evaluation.title}-自评表.xlsx` }
      : { workbook: scoreTableWorkbook(input), filename: `${evaluation.title}-评分表.xlsx` };
  }

  /**
   * The framework tree with the entries, the score each rule computes, whether an actual misses its target (the
   * domain's rule, as the submission guard uses it), and the totals per level with grades for the department's
   * self-scores and, when the caller may see them, the team's scores — side by side with their differences.
   */
  private async indicatorView(user: AuthenticatedUser, evaluation: EvaluationRecord) {
    const nodes = await frameworkNodesOf(this.evaluations.db, evaluation.frameworkVersionId);
    const entries = new Map<string, Record<string, unknown>>((await entryValues(this.evaluations.db, evaluation.id)).map((row) => [row.code, { ...row }]));
    const report = await selfEvaluationReportContent(this.evaluations.db, evaluation.id);
    const budgetFen = report?.budgetFen != null ? BigInt(report.budgetFen) : null;
    const spentFen = report?.spentFen != null ? BigInt(report.spentFen) : null;
    // The scores are the team's working material: the department sees them when it sees the findings (one rule).
    const hideScores = hidesReviewWork(user, evaluation);
    // Metric-bound rules score the budget data; the department's view scores only the data it may read.
    const metrics = (await hidesBudgetData(this.evaluations.db, user, evaluation)) ? [] : await this.budgetMetrics(evaluation.id);
    const value = <T>(code: string, key: string): T | null => (entries.get(code)?.[key] as T | undefined) ?? null;
    const versions = await entryVersions(this.evaluations.db, evaluation.id);
    const selfScores = new Map(nodes.filter((n) => n.level === 3).map((n) => [n.code, value<number>(n.code, 'selfScore')]));
    const teamScores = new Map(nodes.filter((n) => n.level === 3).map((n) => [n.code, hideScores ? null : value<number>(n.code, 'score')]));
    const comparison = compareScores(nodes, selfScores, teamScores);
    const differences = new Map(comparison.rows.map((row) => [row.code, row.difference]));
    const rows = nodes.map((node) => {
      const actual = value<string>(node.code, 'actual');
      const selfScore = value<number>(node.code, 'selfScore');
      // The rule's own score from the actual (and, for budget execution, from the budget figures of the report).
      // A metric-bound rule scores the metric computed from the budget data where there is one (the actual otherwise).
      const metricValue = node.scoring?.kind === 'metric' ? (indicatorMetric(metrics, node.scoring.metric) ?? null) : null;
      const computed = node.level === 3 ? scoreIndicator(node, { actual, spentFen, budgetFen, metricValue: metricValue && { hundredths: metricValue.value } }) : null;
      // Whether the target is missed is judged on the form as filled: its actual, else its self-score.
      const judged = node.level === 3 ? scoreIndicator(node, { actual, givenScore: selfScore }) : null;
      return {
        code: node.code,
        name: node.name,
        level: node.level,
        parentCode: node.parentCode,
        weight: node.weight,
        points: node.points ?? null,
        rule: node.rule ?? null,
        scoringKind: node.scoring?.kind ?? null,
        target: value<string>(node.code, 'target') ?? node.target ?? null,
        actual,
        selfScore,
        deviationReason: value<string>(node.code, 'deviationReason'),
        score: hideScores ? null : value<number>(node.code, 'score'),
        deductionReason: hideScores ? null : value<string>(node.code, 'deductionReason'),
        scoreAtDraft: hideScores ? null : value<number>(node.code, 'scoreAtDraft'),
        changeReason: hideScores ? null : value<string>(node.code, 'changeReason'),
        ruleScore: computed?.source === 'rule' ? computed.score : null,
        ruleExplanation: computed?.explanation ?? null,
        missesTarget: judged?.missesTarget ?? null,
        deviationReasonRequired: judged?.deviationReasonRequired ?? false,
        difference: differences.get(node.code) ?? null,
        // The versions a save sends back, and who changed each part last (the score's only when the caller sees it).
        selfEntry: node.level === 3 ? (versions.get(node.code)?.self ?? UNSAVED_ENTRY) : null,
        scoreEntry: node.level === 3 && !hideScores ? (versions.get(node.code)?.score ?? UNSAVED_ENTRY) : null,
      } satisfies IndicatorRowDto & IndicatorScoringDto & Record<string, unknown>;
    });
    const summary = (totals: typeof comparison.self) => ({ total: totals.total, complete: totals.complete, grade: totals.grade, gradeLabel: totals.gradeLabel });
    const totals: IndicatorTotalsDto = {
      levels: comparison.rows.map((row, i) => ({ ...row, weight: nodes[i].weight })),
      self: summary(comparison.self),
      evaluator: hideScores ? null : summary(comparison.evaluator),
      totalDifference: hideScores ? null : comparison.totalDifference,
    };
    return { nodes, rows, totals, hideScores, budgetFen, spentFen };
  }

  async selfEvaluationReport(ability: AppAbility, id: string) {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    const row = await selfEvaluationReport(this.evaluations.db, evaluation.id);
    return {
      narrative: row?.narrative ?? {},
      // bigint as a JSON number: fen amounts of a department budget stay far below 2^53.
      budgetFen: row?.budgetFen != null ? Number(row.budgetFen) : null,
      spentFen: row?.spentFen != null ? Number(row.spentFen) : null,
      sections: NARRATIVE_SECTIONS,
      updatedAt: row?.updatedAt ? new Date(row.updatedAt).toISOString() : null,
    };
  }

  /**
   * 自评表 + 自评报告: saves what is given (a partial save is normal while the department works on it). Each indicator
   * entry is version-checked on its own, so two people of the department filling different lines do not collide.
   */
  async saveSelfEvaluation(user: AuthenticatedUser, ability: AppAbility, id: string, input: SaveSelfEvaluationInput) {
    await this.withWork(user, ability, id, SELF_EVALUATION_FORM, async (runner, evaluation) => {
      if (input.indicators?.length) {
        const weights = await this.level3Weights(runner, evaluation);
        const issues: FieldIssue[] = [];
        input.indicators.forEach((entry, index) => {
          const weight = weights.get(entry.code);
          if (weight === undefined) issues.push({ path: `indicators.${index}.code`, message: 'not a level-3 indicator of this framework' });
          else if (entry.selfScore != null && entry.selfScore > weight) issues.push({ path: `indicators.${index}.selfScore`, message: `more than the weight ${weight}` });
        });
        if (issues.length) throw new DomainError('RULE_VIOLATION', 'Some indicator entries do not fit the framework', issues);
        const writes = input.indicators.map((e) => ({
          code: e.code,
          target: e.target ?? null,
          actual: e.actual ?? null,
          selfScore: e.selfScore ?? null,
          deviationReason: e.deviationReason ?? null,
          expectedVersion: e.expectedVersion ?? 0,
        }));
        await this.writeEntries(runner, evaluation, 'self', writes, () => writeSelfParts(runner, evaluation.id, user.id, writes));
      }
      if (input.narrative !== undefined || input.budgetFen !== undefined || input.spentFen !== undefined) {
        await saveSelfEvaluationReport(runner, evaluation.id, { narrative: input.narrative, budgetFen: input.budgetFen, spentFen: input.spentFen }, user.id);
      }
    });
    return this.selfEvaluationReport(ability, id);
  }

  /**
   * 评分: the team's score, deduction reason and (after the draft went out) the reason for a change. Each score is
   * version-checked on its own: team members scoring different indicators never collide, one indicator saved by two
   * from the same version keeps the first and refuses the second (409, nothing of that save written).
   */
  async saveScores(user: AuthenticatedUser, ability: AppAbility, id: string, input: SaveScoresInput) {
    await this.withWork(user, ability, id, SCORING, async (runner, evaluation) => {
      const weights = await this.level3Weights(runner, evaluation);
      const issues: FieldIssue[] = [];
      input.scores.forEach((entry, index) => {
        const weight = weights.get(entry.code);
        if (weight === undefined) issues.push({ path: `scores.${index}.code`, message: 'not a level-3 indicator of this framework' });
        else if (entry.score != null && entry.score > weight) issues.push({ path: `scores.${index}.score`, message: `more than the weight ${weight}` });
      });
      if (issues.length) throw new DomainError('RULE_VIOLATION', 'Some scores do not fit the framework', issues);
      const writes = input.scores.map((e) => ({
        code: e.code,
        score: e.score,
        deductionReason: e.deductionReason ?? null,
        changeReason: e.changeReason ?? null,
        expectedVersion: e.expectedVersion ?? 0,
      }));
      await this.writeEntries(runner, evaluation, 'score', writes, () => writeScoreParts(runner, evaluation.id, user.id, writes));
    });
    return this.indicators(user, ability, id);
  }

  /** The findings as the caller may read them: the department from the draft for comment on (403 with the reason before). */
  async visibleFindings(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<FindingDto[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    assertReviewWorkVisible(user, evaluation);
    return this.findingsOf(evaluation.id);
  }

  /** Every finding, for the callers that decide visibility themselves (the demo loader, the team's own answers). */
  async findings(ability: AppAbility, id: string): Promise<FindingDto[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    return this.findingsOf(evaluation.id);
  }

  private findingsOf(evaluationId: string): Promise<FindingDto[]> {
    return findingsOf(this.evaluations.db, evaluationId);
  }

  async createFinding(user: AuthenticatedUser, ability: AppAbility, id: string, input: CreateFindingInput): Promise<FindingDto> {
    return this.withWork(user, ability, id, FINDINGS_WORK, async (runner, evaluation) => {
      await this.checkIndicatorCode(runner, evaluation, input.indicatorCode);
      return insertFinding(runner, evaluation.id, input, user.id);
    });
  }

  async updateFinding(user: AuthenticatedUser, ability: AppAbility, id: string, findingId: string, input: UpdateFindingInput): Promise<FindingDto> {
    return this.withWork(user, ability, id, FINDINGS_WORK, async (runner, evaluation) => {
      await this.checkIndicatorCode(runner, evaluation, input.indicatorCode);
      const columns: FindingColumns = {
        category: input.category,
        title: input.title,
        description: input.description,
        cause_analysis: input.causeAnalysis,
        recommendation: input.recommendation,
        indicator_code: input.indicatorCode,
      };
      return this.updateFindingRow(runner, evaluation.id, findingId, input.expectedVersion, columns);
    });
  }

  /** 反馈意见: the department accepts a finding or disputes it with an explanation; the team is told (it adjudicates). */
  async answerFinding(user: AuthenticatedUser, ability: AppAbility, id: string, findingId: string, input: AnswerFindingInput): Promise<FindingDto> {
    const finding = await this.withWork(user, ability, id, ANSWERING, async (runner, evaluation) => {
      const answered = await this.updateFindingRow(runner, evaluation.id, findingId, input.expectedVersion, {
        answer: input.answer,
        answer_text: input.text ?? null,
        answered_by: user.id,
        answered_at: new Date(),
      });
      await this.tell(runner, evaluation, user, 'finding_answered', findingNoticeDetail(answered, FINDING_ANSWER_TEXT[input.answer], input.text));
      return answered;
    });
    this.relay.kick();
    return finding;
  }

  /** The team's decision on an answer: the finding stands, is revised, or is withdrawn; always with the reason. */
  async adjudicateFinding(user: AuthenticatedUser, ability: AppAbility, id: string, findingId: string, input: AdjudicateFindingInput): Promise<FindingDto> {
    const adjudicated = await this.withWork(user, ability, id, ADJUDICATING, async (runner, evaluation) => {
      const finding = await findingState(runner, evaluation.id, findingId);
      if (finding && finding.answer === null) throw new DomainError('RULE_VIOLATION', 'The department has not answered this finding', [{ path: 'adjudication', message: 'no answer to adjudicate' }]);
      const decided = await this.updateFindingRow(runner, evaluation.id, findingId, input.expectedVersion, {
        adjudication: input.adjudication,
        adjudication_reason: input.reason,
        adjudicated_by: user.id,
        adjudicated_at: new Date(),
      });
      // The department answered; it learns the outcome now rather than from the final report.
      await this.tell(runner, evaluation, user, 'finding_adjudicated', findingNoticeDetail(decided, FINDING_ADJUDICATION_TEXT[input.adjudication], input.reason));
      return decided;
    });
    this.relay.kick();
    return adjudicated;
  }

  /**
   * 提请负责人审核: department staff fill the form, but only the head approves and submits it (the submission is the
   * approval, see libs/workflow). Staff hand it over when it is complete — the submission's own guards, so the head
   * is not called to a form that cannot go yet (422 GUARD_FAILED with every missing part) — and the heads are told.
   */
  async handOverSelfEvaluation(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<{ notified: true }> {
    await this.withWork(user, ability, id, HAND_OVER, async (runner, evaluation) => {
      const definition = lifecycleOf(evaluation.kind);
      const submission = definition.transitions.find((transition) => transition.action === 'submit_self_evaluation');
      const facts = await computeEvaluationFacts(runner, evaluation.id, evaluation.kind);
      const failed = failingGuards(definition.guards, submission?.guards ?? [], facts);
      if (failed.length > 0) throw refusalError(definition, { kind: 'guard_failed', failed });
      await this.tell(runner, evaluation, user, 'self_evaluation_ready', `${WORK_NOTICES.self_evaluation_ready.label.zh}（请在“自评报告”中审核后报送）`);
    });
    this.relay.kick();
    return { notified: true };
  }

  /** Writes a stage-work notice to the outbox in the caller's transaction: it commits with the write it tells about. */
  private async tell(runner: Queryable, evaluation: EvaluationRecord, user: AuthenticatedUser, notice: WorkNoticeKind, detail: string): Promise<void> {
    const effect: WorkNoticeEffect = { type: 'work_notice', notice, to: WORK_NOTICES[notice].to, actorId: user.id, detail };
    await this.outbox.write(runner, [{ aggregateType: 'evaluation', aggregateId: evaluation.id, historyId: null, effect, appliedInTransaction: false }]);
  }

  async setReportNumber(user: AuthenticatedUser, ability: AppAbility, id: string, reportNumber: string, expectedVersion: number) {
    await this.withWork(user, ability, id, REPORT_NUMBER, (runner, evaluation) => this.setEvaluationField(runner, evaluation, expectedVersion, 'report_number', reportNumber));
    return toDto((await this.evaluations.findById(id))!);
  }

  async setReviewOpinion(user: AuthenticatedUser, ability: AppAbility, id: string, reviewOpinion: string, expectedVersion: number) {
    await this.withWork(user, ability, id, REVIEW_OPINION, (runner, evaluation) => this.setEvaluationField(runner, evaluation, expectedVersion, 'review_opinion', reviewOpinion));
    return toDto((await this.evaluations.findById(id))!);
  }

  private async setEvaluationField(runner: Queryable, evaluation: EvaluationRecord, expectedVersion: number, column: 'report_number' | 'review_opinion', value: string) {
    if (evaluation.version !== expectedVersion || !(await this.evaluations.setField(runner, evaluation.id, expectedVersion, column, value))) {
      throw versionConflict(evaluation.version);
    }
  }

  /** The finding with the columns set, version-checked: 404 when the evaluation has no such finding, 409 when it moved on. */
  private async updateFindingRow(runner: Queryable, evaluationId: string, findingId: string, expectedVersion: number, columns: FindingColumns): Promise<FindingDto> {
    const updated = await updateFinding(runner, evaluationId, findingId, expectedVersion, columns);
    if (updated) return updated;
    const exists = await findingState(runner, evaluationId, findingId);
    if (!exists) throw new DomainError('NOT_FOUND', 'Finding not found');
    throw versionConflict(exists.version);
  }

  /**
   * Writes one part of the entries if nobody changed any of them since the caller loaded them: a stale one refuses
   * the whole save with 409 naming it (all or nothing: the stage work's transaction rolls back).
   */
  private async writeEntries(runner: Queryable, evaluation: EvaluationRecord, part: EntryPart, entries: { code: string; expectedVersion: number }[], write: () => Promise<number>) {
    const names = async () => new Map((await this.frameworkNodes(runner, evaluation)).map((node) => [node.code, node.name]));
    await assertEntriesUnchanged(runner, evaluation.id, part, entries, names);
    // The evaluation's row lock makes this unreachable; if a write still found a version moved, it must not half-apply.
    if ((await write()) !== entries.length) throw entriesChangedMeanwhile();
  }

  private withWork<T>(user: AuthenticatedUser, ability: AppAbility, id: string, work: StageWork, run: (runner: Queryable, evaluation: EvaluationRecord) => Promise<T>): Promise<T> {
    return withStageWork(this.evaluations, user, ability, id, work, run);
  }

  /** The metrics of the evaluation's budget data (预算数据), or none when it has none yet. */
  private async budgetMetrics(evaluationId: string): Promise<MetricResult[]> {
    const document = await budgetDocumentOf(this.evaluations.db, evaluationId);
    const data = document ? toBudgetData(document) : null;
    return data?.ok ? computeMetrics(data.value).metrics : [];
  }

  private frameworkNodes(runner: Queryable, evaluation: EvaluationRecord): Promise<FrameworkNode[]> {
    return frameworkNodesOf(runner, evaluation.frameworkVersionId);
  }

  private async level3Weights(runner: Queryable, evaluation: EvaluationRecord): Promise<Map<string, number>> {
    return new Map((await this.frameworkNodes(runner, evaluation)).filter((n) => n.level === 3).map((n) => [n.code, n.weight]));
  }

  private async checkIndicatorCode(runner: Queryable, evaluation: EvaluationRecord, code: string | null | undefined): Promise<void> {
    if (code && !(await this.frameworkNodes(runner, evaluation)).some((n) => n.code === code)) {
      throw new DomainError('RULE_VIOLATION', 'Unknown indicator', [{ path: 'indicatorCode', message: 'not an indicator of this framework' }]);
    }
  }
}
