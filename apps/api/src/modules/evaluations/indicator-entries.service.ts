import { Injectable } from '@nestjs/common';
import type { Workbook } from 'exceljs';
import {
  DomainError,
  compareScores,
  computeMetrics,
  indicatorMetric,
  scoreIndicator,
  toBudgetData,
  type AppAbility,
  type IndicatorRowDto,
  type IndicatorScoringDto,
  type IndicatorTotalsDto,
  type MetricResult,
  type SaveScoresInput,
} from '@evalflow/domain';
import { ASSIGNED_TEAM } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { budgetDocumentOf } from '../budget/budget.repository';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import { scoreTableWorkbook, selfEvaluationWorkbook, type ScoreFormInput } from '../frameworks/score-workbooks';
import { assertEntriesFitFramework, writeEntryPart } from './entry-versions';
import { loadVisibleEvaluation } from './evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord } from './evaluation.repository';
import { UNSAVED_ENTRY, entryValues, entryVersions, writeScoreParts } from './indicator-entry.repository';
import { hidesBudgetData, hidesReviewWork } from './review-work-visibility';
import { selfEvaluationReportContent } from './self-evaluation-report.repository';
import { stage, withStageWork } from './stage-work';

const SCORING = stage('score indicators', ['fieldwork', 'adjudication'], [ASSIGNED_TEAM]);

/**
 * 指标: the framework tree with the department's self-evaluation and the team's scores side by side, the forms as
 * .xlsx, and the team's scoring (评分). The department's part of the entries is saved with the self-evaluation.
 */
@Injectable()
export class IndicatorEntriesService {
  constructor(private readonly evaluations: EvaluationRepository) {}

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

  /**
   * 评分: the team's score, deduction reason and (after the draft went out) the reason for a change. Each score is
   * version-checked on its own: team members scoring different indicators never collide, one indicator saved by two
   * from the same version keeps the first and refuses the second (409, nothing of that save written).
   */
  async saveScores(user: AuthenticatedUser, ability: AppAbility, id: string, input: SaveScoresInput) {
    await withStageWork(this.evaluations, user, ability, id, SCORING, async (runner, evaluation) => {
      const points = input.scores.map((entry) => ({ code: entry.code, points: entry.score }));
      await assertEntriesFitFramework(runner, evaluation, points, { list: 'scores', points: 'score' }, 'Some scores do not fit the framework');
      const writes = input.scores.map((e) => ({
        code: e.code,
        score: e.score,
        deductionReason: e.deductionReason ?? null,
        changeReason: e.changeReason ?? null,
        expectedVersion: e.expectedVersion ?? 0,
      }));
      await writeEntryPart(runner, evaluation, 'score', writes, () => writeScoreParts(runner, evaluation.id, user.id, writes));
    });
    return this.indicators(user, ability, id);
  }

  /** The metrics of the evaluation's budget data (预算数据), or none when it has none yet. */
  private async budgetMetrics(evaluationId: string): Promise<MetricResult[]> {
    const document = await budgetDocumentOf(this.evaluations.db, evaluationId);
    const data = document ? toBudgetData(document) : null;
    return data?.ok ? computeMetrics(data.value).metrics : [];
  }
}
