import type { FrameworkNode } from '../frameworks/framework-templates';
import { UNIT_LABELS } from '../schemas/budget.schema';
import { formatAmount, type BudgetData, type BudgetLine } from '../budget/budget-data';
import { computeMetrics } from '../budget/budget-metrics';
import { executionRate, formatPercent } from '../budget/metrics';
import { scoreTotals } from '../scoring/score-totals';
import { GRADE_LABELS } from '../scoring/grade';
import { REPORT_MODEL_VERSION, REVIEW_RATINGS, REVIEW_RATING_LABELS, formatPoints, type FundRow, type ReportBudget, type ReportModel, type ReviewRating } from './report-model';

/*
 * The pure half of the report builder (issue 12 §1): from the rows the API reads, the report model. Rules:
 * - findings withdrawn in adjudication are left out of the report (kept in withdrawnFindings for the comparison);
 *   a revised finding is printed as revised (its row already holds the revised text); numbering is 1, 2, … over
 *   the printed ones;
 * - the score table lists every framework node in the framework's order: level-3 rows with weight, score,
 *   deduction (weight − score) and the deduction reason, levels 1–2 as subtotals of the level-3 scores under them;
 * - total and grade come from libs/domain scoring (exact hundredths); no grade while an indicator is unscored;
 * - a self-evaluation adds the 自评表 (the department's own target, actual, self-score, deviation reason); it has
 *   no team scores, so its conclusion totals and grades the self-scores (自评得分, 自评等级) and states the bureau's
 *   rating (审核等级 优/良/中/差), or that there is none yet.
 */

export interface ReportEvaluationInput {
  id: string;
  reference: string;
  kind: 'key' | 'self';
  scope: string;
  title: string;
  projectName: string | null;
  fiscalYear: number;
  departmentName: string;
  commissioningOrganisationName: string;
  evaluatorOrganisationName: string | null;
  frameworkName: string | null;
  frameworkVersion: number | null;
  legalBasis: string | null;
  reportNumber: string | null;
  team?: { displayName: string; role: 'lead' | 'member' }[];
  deadlines?: { key: string; dueOn: string }[];
  reviewOpinion?: string | null;
  /** A self-evaluation's 审核等级 (excellent/good/fair/poor); anything else reads as none. */
  rating?: string | null;
}

export interface ReportEntryInput {
  code: string;
  target: string | null;
  actual: string | null;
  selfScore: number | null;
  deviationReason: string | null;
  score: number | null;
  deductionReason: string | null;
  changeReason: string | null;
}

export interface ReportFindingInput {
  seq: number;
  category: string | null;
  title: string;
  description: string;
  causeAnalysis: string | null;
  recommendation: string | null;
  indicatorCode: string | null;
  answer: string | null;
  answerText: string | null;
  adjudication: string | null;
  adjudicationReason: string | null;
}

export interface ReportPriorYearInput {
  fiscalYear: number;
  findingTitle: string;
  measures: string | null;
  assessment: string | null;
  note: string | null;
  /** seq of the finding of this evaluation the item became, if it became one. */
  newFindingSeq?: number | null;
}

export interface ReportInputs {
  evaluation: ReportEvaluationInput;
  nodes: readonly FrameworkNode[];
  entries: readonly ReportEntryInput[];
  findings: readonly ReportFindingInput[];
  narrative: Readonly<Record<string, string>>;
  budget: BudgetData | null;
  priorYear: readonly ReportPriorYearInput[];
}

const DEFAULT_METHOD =
  '本次评价采用资料核查、现场核实、数据比对和问卷调查相结合的方法，按照评价指标体系逐项评分，综合分析形成评价结论。';
const SELF_METHOD =
  '部门对照自评指标体系，逐项比对年度指标值与实际完成值自评打分，分析偏差原因，形成自评结论；财政部门审核自评资料，提出审核意见并评定审核等级。';

const ratingOf = (value: string | null | undefined): ReviewRating | null => ((REVIEW_RATINGS as readonly string[]).includes(value ?? '') ? (value as ReviewRating) : null);

/** A self-evaluation's conclusion: the self-scores' total and grade, and the bureau's rating. */
function selfConclusion(subject: string, totals: ReturnType<typeof scoreTotals>, rating: ReviewRating | null, reviewItems: number): string {
  const gradeLabel = totals.grade ? GRADE_LABELS[totals.grade] : null;
  const scored =
    totals.total === null
      ? `${subject}尚未自评打分。`
      : `经部门自评，${subject}绩效自评得分为${formatPoints(totals.total)}分${gradeLabel ? `，自评等级为“${gradeLabel}”` : '（尚有指标未自评打分，暂不评定等级）'}。`;
  const rated = rating ? `财政部门审核等级为“${REVIEW_RATING_LABELS[rating]}”。` : '财政部门尚未评定审核等级。';
  return scored + rated + (reviewItems ? `审核提出问题${reviewItems}个，详见“审核意见”。` : '');
}

export function assembleReportModel(inputs: ReportInputs): ReportModel {
  const e = inputs.evaluation;
  const entries = new Map(inputs.entries.map((entry) => [entry.code, entry]));
  const totals = scoreTotals(inputs.nodes, new Map(inputs.entries.map((entry) => [entry.code, entry.score])));
  const totalsByCode = new Map(totals.nodes.map((n) => [n.code, n]));
  const scoreTable = inputs.nodes.map((node) => {
    const entry = entries.get(node.code);
    const total = totalsByCode.get(node.code);
    const score = node.level === 3 ? (entry?.score ?? null) : (total?.score ?? null);
    return {
      code: node.code,
      level: node.level,
      name: node.name,
      weight: node.weight,
      score,
      deduction: score === null ? null : Math.round((node.weight - score) * 100) / 100,
      reason: node.level === 3 ? blankToNull(entry?.deductionReason) : null,
      changeReason: node.level === 3 ? blankToNull(entry?.changeReason) : null,
    };
  });
  const totalWeight = inputs.nodes.filter((n) => n.level === 1).reduce((sum, n) => sum + Math.round(n.weight * 100), 0) / 100;

  const printed = inputs.findings.filter((f) => f.adjudication !== 'withdrawn');
  const findings = printed.map((f, index): ReportModel['findings'][number] => ({
    seq: f.seq,
    number: index + 1,
    category: f.category,
    title: f.title,
    description: f.description,
    causeAnalysis: f.causeAnalysis,
    recommendation: f.recommendation,
    indicatorCode: f.indicatorCode,
    answer: f.answer === 'accepted' || f.answer === 'disputed' ? (f.answer as 'accepted' | 'disputed') : null,
    answerText: f.answerText,
    adjudication: f.adjudication === 'upheld' || f.adjudication === 'revised' ? (f.adjudication as 'upheld' | 'revised') : null,
    adjudicationReason: f.adjudicationReason,
  }));
  const withdrawnFindings = inputs.findings.filter((f) => f.adjudication === 'withdrawn').map((f) => ({ seq: f.seq, title: f.title, adjudicationReason: f.adjudicationReason }));

  const self = e.kind === 'self';
  const rating = self ? ratingOf(e.rating) : null;
  // A self-evaluation has no team scores: its conclusion is the department's own (自评得分), and the bureau's rating.
  const concluded = self ? scoreTotals(inputs.nodes, new Map(inputs.entries.map((entry) => [entry.code, entry.selfScore]))) : totals;
  const grade = concluded.grade;
  const gradeLabel = grade ? GRADE_LABELS[grade] : null;
  const subject = e.projectName ? `${e.projectName}项目` : `${e.departmentName}${e.fiscalYear}年度部门整体支出`;
  const conclusionText = self
    ? selfConclusion(subject, concluded, rating, findings.length)
    : totals.total === null
      ? `${subject}尚未评分。`
      : `经综合评价，${subject}绩效评价得分为${formatPoints(totals.total)}分${gradeLabel ? `，评价等级为“${gradeLabel}”` : '（尚有指标未评分，暂不评定等级）'}。` +
        (findings.length ? `评价发现问题${findings.length}个，详见“存在的问题”。` : '评价未发现问题。');

  return {
    modelVersion: REPORT_MODEL_VERSION,
    evaluation: {
      id: e.id,
      reference: e.reference,
      kind: e.kind,
      scope: e.scope,
      title: e.title,
      projectName: e.projectName,
      fiscalYear: e.fiscalYear,
      departmentName: e.departmentName,
      commissioningOrganisationName: e.commissioningOrganisationName,
      evaluatorOrganisationName: e.evaluatorOrganisationName,
      frameworkName: e.frameworkName,
      frameworkVersion: e.frameworkVersion,
      reportNumber: blankToNull(e.reportNumber),
      team: e.team ?? [],
      deadlines: e.deadlines ?? [],
      reviewOpinion: blankToNull(e.reviewOpinion ?? null),
      rating,
    },
    basis: {
      legalBasis: (e.legalBasis ?? '')
        .split(/\r?\n|；|;/)
        .map((line) => line.trim())
        .filter(Boolean),
      method: self ? SELF_METHOD : DEFAULT_METHOD,
      framework: e.frameworkName
        ? `采用“${e.frameworkName}”（第${e.frameworkVersion ?? 1}版），共设一级指标${inputs.nodes.filter((n) => n.level === 1).length}个、三级指标${inputs.nodes.filter((n) => n.level === 3).length}个，总分${formatPoints(totalWeight)}分。`
        : '未选定指标体系。',
    },
    overview: inputs.narrative.overview ?? '',
    budget: inputs.budget ? reportBudget(inputs.budget) : null,
    goals: inputs.narrative.goals ?? '',
    outputs: inputs.narrative.outputs ?? '',
    problems: inputs.narrative.problems ?? '',
    improvements: inputs.narrative.improvements ?? '',
    // The finding the item became, by its number in this report (a withdrawn one is not printed: no number).
    priorYear: inputs.priorYear.map(({ newFindingSeq, ...p }) => ({ ...p, newFindingNumber: findings.find((f) => f.seq === newFindingSeq)?.number ?? null })),
    findings,
    withdrawnFindings,
    conclusion: { total: concluded.total, totalWeight, grade, gradeLabel, text: conclusionText },
    scoreTable,
    selfEvaluationTable:
      self
        ? inputs.nodes
            .filter((n) => n.level === 3)
            .map((n) => {
              const entry = entries.get(n.code);
              return {
                code: n.code,
                name: n.name,
                weight: n.weight,
                target: entry?.target ?? n.target ?? null,
                actual: entry?.actual ?? null,
                selfScore: entry?.selfScore ?? null,
                deviationReason: blankToNull(entry?.deviationReason),
              };
            })
        : null,
  };
}

function blankToNull(value: string | null | undefined): string | null {
  return value == null || value.trim() === '' ? null : value;
}

/** The fund tables and metrics of the budget data, amounts in its own unit. */
export function reportBudget(data: BudgetData): ReportBudget {
  const row = (item: string, line: BudgetLine | undefined): FundRow | null => {
    if (!line) return null;
    const amount = (fen: bigint | undefined) => (fen === undefined ? null : formatAmount(fen, data.unit));
    const rate = line.spent !== undefined && line.allotted !== undefined ? executionRate(line.spent, line.allotted) : null;
    return {
      item,
      carriedIn: amount(line.carriedIn),
      initial: amount(line.initial),
      adjustments: amount(line.adjustments),
      allotted: amount(line.allotted),
      spent: amount(line.spent),
      carryOver: amount(line.carryOver),
      executionRate: rate ? formatPercent(rate) : null,
    };
  };
  const allocation = [
    row('合计', data.total),
    row('基本支出', data.basic),
    row('其中：人员经费', data.basic?.staff),
    row('其中：公用经费', data.basic?.running),
    row('项目支出', data.project),
  ].filter((r): r is FundRow => r !== null);
  const projects = data.projects.map((p) => row(p.name, p)).filter((r): r is FundRow => r !== null);
  const metrics = computeMetrics(data).metrics.map((m) => ({ name: m.zh, subject: m.subject, value: m.text, figures: m.figures, formula: m.formula }));
  return { unitLabel: UNIT_LABELS[data.unit], allocation, projects, metrics };
}
