import { THREE_PUBLIC_LABELS, type BudgetUnit } from '../schemas/budget.schema';
import type { BudgetData, BudgetLine, CumulativePair, ThreePublicAmounts } from './budget-data';
import { formatAmount, fundsAvailable } from './budget-data';
import { METRIC_DEFINITIONS, chosenVariant, type MetricKey, type MetricVariantChoices, type VariantSource } from './metric-catalog';
import { formatPercent, ratio } from './metrics';
import { derivePeriods, yearTotal, type DerivedPeriod } from './periods';

/**
 * One computed metric. Numerator and denominator are exact integers written as decimal strings (fen, or heads for
 * the staffing rate, or items for the work counts) so the value survives JSON without a float; `value` is hundredths
 * of a percent (8939 = 89.39%). `variant` and `formula` say which formula computed it (issue 14: one name, several
 * formulas across regions), `variantSource` who chose it.
 */
export interface MetricResult {
  key: MetricKey;
  zh: string;
  /** Period ('Q3'), project name, 三公 kind label, income source, 基本支出/项目支出 split … or null for the whole budget. */
  subject: string | null;
  value: number;
  text: string;
  numerator: string;
  denominator: string;
  /** What numerator and denominator count. */
  quantity: 'fen' | 'heads' | 'items';
  /** The figures in the document's unit, as a report would print them: "5,705.59 ÷ 6,383.16". */
  figures: string;
  formula: string;
  /** The variant's key ('standard' for a metric with one formula) and its name. */
  variant: string;
  variantZh: string;
  variantSource: VariantSource;
}

export interface SkippedMetric {
  key: MetricKey;
  subject: string | null;
  reason: string;
  variant?: string;
}

export interface MetricsReport {
  unit: BudgetUnit;
  metrics: MetricResult[];
  skipped: SkippedMetric[];
  /** The same metrics by the variants not in use (for a reviewer comparing with a report that used another formula). */
  alternatives: MetricResult[];
}

/** Who picks each metric's variant: the framework version's metric-bound rules, then the region's setting. */
export interface VariantSelection {
  framework?: MetricVariantChoices;
  region?: MetricVariantChoices;
}

export const TOTAL_SUBJECT = null;
/** 三公 and income totals are printed as 合计 (the table's last line). */
export const THREE_PUBLIC_TOTAL = '合计';
export const INCOME_TOTAL = '合计';

/** Key of a metric value, stable across recomputation: metric + subject. */
export const metricSubjectKey = (key: MetricKey, subject: string | null) => `${key}|${subject ?? ''}`;

/** numerator, denominator and why they are missing (when one is). */
type Fraction = [numerator: bigint | undefined, denominator: bigint | undefined, missing: string];

class MetricCollector {
  readonly metrics: MetricResult[] = [];
  readonly skipped: SkippedMetric[] = [];
  readonly alternatives: MetricResult[] = [];

  constructor(
    private readonly unit: BudgetUnit,
    private readonly selection: VariantSelection,
  ) {}

  /** A metric with one formula, in money. */
  money(key: MetricKey, subject: string | null, numerator: bigint | undefined, denominator: bigint | undefined, missing: string): void {
    this.variants(key, subject, () => [numerator, denominator, missing]);
  }

  /** A metric computed by every variant: the chosen one is the result, the others are alternatives. */
  variants(key: MetricKey, subject: string | null, fraction: (variant: string) => Fraction, quantity: MetricResult['quantity'] = 'fen'): void {
    const { variant: chosen, source } = chosenVariant(key, this.selection.framework, this.selection.region);
    for (const variant of METRIC_DEFINITIONS[key].variants) {
      const isChosen = variant.key === chosen.key;
      const [numerator, denominator, missing] = fraction(variant.key);
      const variantField = METRIC_DEFINITIONS[key].variants.length > 1 ? { variant: variant.key } : {};
      if (numerator === undefined || denominator === undefined) {
        if (isChosen) this.skipped.push({ key, subject, reason: missing, ...variantField });
        continue;
      }
      const result = this.result(key, subject, variant.key, isChosen ? source : 'default', numerator, denominator, quantity);
      if (!result) {
        if (isChosen) this.skipped.push({ key, subject, reason: 'the denominator is 0 (分母为0，无法计算)', ...variantField });
        continue;
      }
      (isChosen ? this.metrics : this.alternatives).push(result);
    }
  }

  counts(key: MetricKey, subject: string | null, numerator: number | undefined, denominator: number | undefined, quantity: 'heads' | 'items', missing: string): void {
    this.variants(key, subject, () => [numerator === undefined ? undefined : BigInt(numerator), denominator === undefined ? undefined : BigInt(denominator), missing], quantity);
  }

  private result(
    key: MetricKey,
    subject: string | null,
    variantKey: string,
    source: VariantSource,
    numerator: bigint,
    denominator: bigint,
    quantity: MetricResult['quantity'],
  ): MetricResult | null {
    const percent = ratio(numerator, denominator);
    if (!percent) return null;
    const definition = METRIC_DEFINITIONS[key];
    const variant = definition.variants.find((v) => v.key === variantKey)!;
    const unitOf = { heads: '人', items: '项', fen: '' }[quantity];
    const figures =
      quantity === 'fen' ? `${formatAmount(numerator, this.unit)} ÷ ${formatAmount(denominator, this.unit)}` : `${numerator}${unitOf} ÷ ${denominator}${unitOf}`;
    return {
      key,
      zh: definition.zh,
      subject,
      value: percent.hundredths,
      text: formatPercent(percent),
      numerator: numerator.toString(),
      denominator: denominator.toString(),
      quantity,
      figures,
      formula: variant.formula,
      variant: variant.key,
      variantZh: variant.zh,
      variantSource: source,
    };
  }
}

const difference = (a: bigint | undefined, b: bigint | undefined) => (a === undefined || b === undefined ? undefined : a - b);
const sumDefined = (...values: (bigint | undefined)[]) => (values.every((v) => v !== undefined) ? values.reduce<bigint>((s, v) => s + v!, 0n) : undefined);

/** The adjustment rate of a fund line by the variant: ÷ 年初预算 (initial) or ÷ 全年指标下达数 (adjusted). */
const adjustmentFraction = (line: BudgetLine | undefined, what: string) => (variant: string): Fraction =>
  variant === 'adjusted'
    ? [line?.adjustments, line?.allotted, `缺少${what}预算调整数或全年指标下达数`]
    : [line?.adjustments, line?.initial, `缺少${what}预算调整数或年初预算数`];

/**
 * Every metric of the catalogue (DOMAIN §4) the data allows, each with its figures and formula; what it does not allow
 * is listed in `skipped` with the reason. `selection` picks the variant of each metric with several formulas (the
 * first of the catalogue otherwise). Order follows the report: execution, adjustment, progress, projects, 三公, others.
 */
export function computeMetrics(data: BudgetData, selection: VariantSelection = {}): MetricsReport {
  const c = new MetricCollector(data.unit, selection);
  const total: BudgetLine = data.total ?? {};

  c.variants('execution_rate', TOTAL_SUBJECT, (variant) => {
    if (variant === 'funds_available') {
      const available = fundsAvailable(total);
      return [difference(available, total.carryOver), available, '缺少上年结转、年初预算与预算调整（或全年指标下达数）或年末结转结余 (total.carriedIn / initial / adjustments / carryOver)'];
    }
    return [total.spent, total.allotted, '缺少全年支出或全年指标下达数 (total.spent / total.allotted)'];
  });
  if (data.basic) c.money('basic_execution_rate', TOTAL_SUBJECT, data.basic.spent, data.basic.allotted, '缺少基本支出的支出或指标下达数 (basic.spent / basic.allotted)');
  if (data.project) c.money('project_execution_rate', TOTAL_SUBJECT, data.project.spent, data.project.allotted, '缺少项目支出的支出或指标下达数 (project.spent / project.allotted)');

  c.variants('adjustment_rate', TOTAL_SUBJECT, adjustmentFraction(total, ''));
  if (data.basic) c.variants('basic_adjustment_rate', TOTAL_SUBJECT, adjustmentFraction(data.basic, '基本支出'));
  if (data.basic?.staff) c.variants('staff_adjustment_rate', TOTAL_SUBJECT, adjustmentFraction(data.basic.staff, '人员经费'));
  if (data.basic?.running) c.variants('running_adjustment_rate', TOTAL_SUBJECT, adjustmentFraction(data.basic.running, '公用经费'));
  if (data.project) c.variants('project_adjustment_rate', TOTAL_SUBJECT, adjustmentFraction(data.project, '项目支出'));
  for (const project of data.projects) {
    if (project.adjustments !== undefined) c.variants('project_line_adjustment_rate', project.name, adjustmentFraction(project, `项目“${project.name}”`));
  }

  c.variants('carry_over_rate', TOTAL_SUBJECT, (variant) => {
    if (variant === 'carried_only') return [total.carryOver, total.allotted, '缺少年末结转结余或全年指标下达数 (total.carryOver / total.allotted)'];
    const recoveredAndCarried = total.recovered === undefined && total.carryOver === undefined ? undefined : (total.recovered ?? 0n) + (total.carryOver ?? 0n);
    return [recoveredAndCarried, total.allotted, '缺少年末指标收回/结转结余或全年指标下达数'];
  });
  c.money('carry_over_change_rate', TOTAL_SUBJECT, difference(total.carryOver, total.carriedIn), total.carriedIn, '缺少上年结转或年末结转结余 (total.carriedIn / total.carryOver)');

  periodMetrics(c, data);

  for (const project of data.projects) {
    c.money('project_fund_usage', project.name, project.spent, project.allotted, `项目“${project.name}”缺少支出或指标下达数`);
    for (const [period, spent] of Object.entries(project.cumulativeSpent)) {
      c.money('project_fund_progress', `${project.name} ${period}`, spent, project.allotted, `项目“${project.name}”缺少指标下达数`);
    }
  }
  if (!data.projects.length) c.money('project_fund_usage', TOTAL_SUBJECT, undefined, undefined, '没有项目清单 (projects)');
  keySpending(c, data);

  threePublicMetrics(c, data);
  incomeMetrics(c, data);

  if (data.procurement) c.money('procurement_execution_rate', TOTAL_SUBJECT, data.procurement.actual, data.procurement.budget, '');
  else c.money('procurement_execution_rate', TOTAL_SUBJECT, undefined, undefined, '缺少政府采购预算和实际金额 (procurement)');

  const running = data.basic?.running;
  c.variants('running_cost_control_rate', TOTAL_SUBJECT, (variant) =>
    variant === 'initial'
      ? [running?.spent, running?.initial, '缺少公用经费的支出或年初预算数 (basic.running.spent / basic.running.initial)']
      : [running?.spent, running?.allotted, '缺少公用经费的支出或指标下达数 (basic.running.spent / basic.running.allotted)'],
  );

  if (data.staffing) c.counts('staffing_control_rate', TOTAL_SUBJECT, data.staffing.inPost, data.staffing.establishment, 'heads', '');
  else c.money('staffing_control_rate', TOTAL_SUBJECT, undefined, undefined, '缺少编制数和实有在职人数 (staffing)');

  const assets = data.fixedAssets;
  c.money('fixed_asset_utilization', TOTAL_SUBJECT, assets?.inUse, assets?.closing, '缺少实际在用固定资产总额或年末固定资产总额 (fixedAssets.inUse / fixedAssets.closing)');

  const work = data.work ?? {};
  c.counts('work_completion_rate', TOTAL_SUBJECT, work.completed, work.planned, 'items', '缺少实际完成工作数或计划工作数 (work.completed / work.planned)');
  c.counts('work_timeliness_rate', TOTAL_SUBJECT, work.completedOnTime, work.completed, 'items', '缺少及时完成工作数或实际完成工作数 (work.completedOnTime / work.completed)');
  c.counts('work_quality_rate', TOTAL_SUBJECT, work.qualified, work.completed, 'items', '缺少质量达标工作数或实际完成工作数 (work.qualified / work.completed)');
  c.counts('key_work_completion_rate', TOTAL_SUBJECT, work.keyCompleted, work.keyAssigned, 'items', '缺少重点工作完成数或交办数 (work.keyCompleted / work.keyAssigned)');

  const funding = data.funding ?? {};
  c.money('funds_arrival_rate', TOTAL_SUBJECT, funding.arrived, funding.planned, '缺少实际到位资金或计划投入资金 (funding.arrived / funding.planned)');
  c.money('funds_timely_arrival_rate', TOTAL_SUBJECT, funding.arrivedOnTime, funding.due, '缺少及时到位资金或应到位资金 (funding.arrivedOnTime / funding.due)');
  c.money('cost_saving_rate', TOTAL_SUBJECT, difference(funding.plannedCost, funding.actualCost), funding.plannedCost, '缺少计划成本或实际成本 (funding.plannedCost / funding.actualCost)');

  return { unit: data.unit, metrics: c.metrics, skipped: c.skipped, alternatives: c.alternatives };
}

/** 支付序时进度 and its splits, 支付进度率, and the share of each period in the year (均衡性). */
function periodMetrics(c: MetricCollector, data: BudgetData): void {
  if (!data.periods.length) {
    c.money('payment_progress', TOTAL_SUBJECT, undefined, undefined, '没有分期（季度/月度）累计数据 (periods)');
    return;
  }
  const { periods } = derivePeriods(data.periods);
  const ordered = [...periods].sort((a, b) => a.period.localeCompare(b.period));
  for (const period of ordered) {
    c.money('payment_progress', period.period, period.spent, period.allotted, `${period.period}缺少期末累计支出或累计指标下达数`);
    const split = (key: MetricKey, pair: CumulativePair | undefined) => pair && c.money(key, period.period, pair.spent, pair.allotted, '');
    split('basic_payment_progress', period.basic);
    split('project_payment_progress', period.project);
  }
  for (const period of ordered) {
    if (period.plannedSpent !== undefined) c.money('payment_schedule_rate', period.period, period.spent, period.plannedSpent, `${period.period}缺少期末累计支出`);
  }
  share(c, data, periods, ordered, 'period_spending_share', 'spent', 'periodSpent', '全年支出');
  share(c, data, periods, ordered, 'period_allotment_share', 'allotted', 'periodAllotted', '全年指标下达数');
}

function share(
  c: MetricCollector,
  data: BudgetData,
  periods: readonly DerivedPeriod[],
  ordered: readonly DerivedPeriod[],
  key: MetricKey,
  series: 'spent' | 'allotted',
  field: 'periodSpent' | 'periodAllotted',
  label: string,
): void {
  for (const period of ordered) {
    const kind = period.period[0] as 'Q' | 'M';
    const year = yearTotal(data, periods, series, kind);
    if (period[field] === undefined) continue;
    c.money(key, period.period, period[field], year?.amount, `缺少${label}（total.${series}，或${kind === 'Q' ? '四季度' : '12月'}末累计数）`);
  }
}

/** 重点支出安排率: the projects marked 重点项目 against all project spending (or allotment). */
function keySpending(c: MetricCollector, data: BudgetData): void {
  const keyProjects = data.projects.filter((p) => p.keyProject);
  if (!keyProjects.length) {
    c.money('key_spending_ratio', TOTAL_SUBJECT, undefined, undefined, '项目清单中没有标记为重点项目的项目 (projects.keyProject)');
    return;
  }
  c.variants('key_spending_ratio', TOTAL_SUBJECT, (variant) => {
    const field = variant === 'allotted' ? 'allotted' : 'spent';
    const all = data.project?.[field] ?? sumDefined(...data.projects.map((p) => p[field]));
    return [sumDefined(...keyProjects.map((p) => p[field])), all, `重点项目或项目支出缺少${field === 'spent' ? '支出数' : '指标下达数'}`];
  });
}

/** 三公经费: per kind and 合计, against budget (control and change) and against last year (spending and budget). */
function threePublicMetrics(c: MetricCollector, data: BudgetData): void {
  const keys = ['three_public_control_rate', 'three_public_change_vs_budget', 'three_public_change_vs_last_year', 'three_public_budget_change_vs_last_year'] as const;
  if (!data.threePublic.length && !data.threePublicTotal) {
    for (const key of keys) c.money(key, THREE_PUBLIC_TOTAL, undefined, undefined, '缺少“三公经费”数据 (threePublic / threePublicTotal)');
    return;
  }
  const rows: (ThreePublicAmounts & { subject: string })[] = data.threePublic.map((item) => ({ ...item, subject: THREE_PUBLIC_LABELS[item.kind] }));
  const total = threePublicTotal(data);
  if (total) rows.push({ ...total, subject: THREE_PUBLIC_TOTAL });
  for (const row of rows) {
    c.money('three_public_control_rate', row.subject, row.spent, row.budget, `${row.subject}缺少预算数或支出数`);
    c.money('three_public_change_vs_budget', row.subject, difference(row.spent, row.budget), row.budget, `${row.subject}缺少预算数或支出数`);
    c.variants('three_public_change_vs_last_year', row.subject, (variant) =>
      variant === 'budget'
        ? [difference(row.budget, row.lastYearBudget), row.lastYearBudget, `${row.subject}缺少本年预算数或上年预算数`]
        : [difference(row.spent, row.lastYear), row.lastYear, `${row.subject}缺少上年支出数或本年支出数`],
    );
    c.money('three_public_budget_change_vs_last_year', row.subject, difference(row.budget, row.lastYearBudget), row.lastYearBudget, `${row.subject}缺少本年预算数或上年预算数`);
  }
}

/**
 * The 三公 合计: each figure as `threePublicTotal` gives it, else the sum of the three kinds when all three give it (a
 * partial sum would understate the total); undefined when nothing is known.
 */
export function threePublicTotal(data: BudgetData): ThreePublicAmounts | undefined {
  const given = data.threePublicTotal ?? {};
  const kinds = data.threePublic.length === 3 ? data.threePublic : null;
  const result: ThreePublicAmounts = {};
  for (const field of ['budget', 'spent', 'lastYear', 'lastYearBudget'] as const) {
    const value = given[field] ?? (kinds ? sumDefined(...kinds.map((k) => k[field])) : undefined);
    if (value !== undefined) result[field] = value;
  }
  return data.threePublicTotal || kinds ? result : undefined;
}

/** 收入较上年变动率: per source and 合计 (as given, else the sum of the sources when every source gives both years). */
function incomeMetrics(c: MetricCollector, data: BudgetData): void {
  if (!data.income.length) {
    c.money('income_change', INCOME_TOTAL, undefined, undefined, '缺少收入数据 (income)');
    return;
  }
  const sources = data.income.filter((i) => !i.isTotal);
  for (const item of sources) c.money('income_change', item.source, difference(item.thisYear, item.lastYear), item.lastYear, `${item.source}缺少本年或上年收入`);
  const given = data.income.find((i) => i.isTotal);
  const total = given
    ? { thisYear: given.thisYear, lastYear: given.lastYear }
    : sources.length > 1
      ? { thisYear: sumDefined(...sources.map((s) => s.thisYear)), lastYear: sumDefined(...sources.map((s) => s.lastYear)) }
      : undefined;
  if (total) c.money('income_change', INCOME_TOTAL, difference(total.thisYear, total.lastYear), total.lastYear, '收入合计缺少本年或上年收入');
}
