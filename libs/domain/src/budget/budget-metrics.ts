import { THREE_PUBLIC_LABELS, type BudgetUnit } from '../schemas/budget.schema';
import type { BudgetData, BudgetLine, CumulativePair } from './budget-data';
import { formatAmount } from './budget-data';
import { METRIC_DEFINITIONS, type MetricKey } from './metric-catalog';
import { formatPercent, ratio } from './metrics';

/**
 * One computed metric. Numerator and denominator are exact integers written as decimal strings (fen, or heads for
 * the staffing rate) so the value survives JSON without a float; `value` is hundredths of a percent (8939 = 89.39%).
 */
export interface MetricResult {
  key: MetricKey;
  zh: string;
  /** Period ('Q3'), project name, 三公 kind label, 基本支出/项目支出 split … or null for the whole budget. */
  subject: string | null;
  value: number;
  text: string;
  numerator: string;
  denominator: string;
  /** What numerator and denominator count. */
  quantity: 'fen' | 'heads';
  /** The figures in the document's unit, as a report would print them: "5,705.59 ÷ 6,383.16". */
  figures: string;
  formula: string;
}

export interface SkippedMetric {
  key: MetricKey;
  subject: string | null;
  reason: string;
}

export interface MetricsReport {
  unit: BudgetUnit;
  metrics: MetricResult[];
  skipped: SkippedMetric[];
}

export const TOTAL_SUBJECT = null;
/** 三公 totals are printed as 合计 (the table's last line). */
export const THREE_PUBLIC_TOTAL = '合计';

/** Key of a metric value, stable across recomputation: metric + subject. */
export const metricSubjectKey = (key: MetricKey, subject: string | null) => `${key}|${subject ?? ''}`;

class MetricCollector {
  readonly metrics: MetricResult[] = [];
  readonly skipped: SkippedMetric[] = [];

  constructor(private readonly unit: BudgetUnit) {}

  /** Records numerator/denominator as a percentage, or why it cannot be computed. */
  money(key: MetricKey, subject: string | null, numerator: bigint | undefined, denominator: bigint | undefined, missing: string): void {
    if (numerator === undefined || denominator === undefined) return void this.skipped.push({ key, subject, reason: missing });
    this.push(key, subject, numerator, denominator, 'fen', `${formatAmount(numerator, this.unit)} ÷ ${formatAmount(denominator, this.unit)}`);
  }

  heads(key: MetricKey, subject: string | null, numerator: number, denominator: number): void {
    this.push(key, subject, BigInt(numerator), BigInt(denominator), 'heads', `${numerator}人 ÷ ${denominator}人`);
  }

  private push(key: MetricKey, subject: string | null, numerator: bigint, denominator: bigint, quantity: MetricResult['quantity'], figures: string): void {
    const percent = ratio(numerator, denominator);
    if (!percent) return void this.skipped.push({ key, subject, reason: 'the denominator is 0 (分母为0，无法计算)' });
    const definition = METRIC_DEFINITIONS[key];
    this.metrics.push({
      key,
      zh: definition.zh,
      subject,
      value: percent.hundredths,
      text: formatPercent(percent),
      numerator: numerator.toString(),
      denominator: denominator.toString(),
      quantity,
      figures,
      formula: definition.formula,
    });
  }
}

const difference = (a: bigint | undefined, b: bigint | undefined) => (a === undefined || b === undefined ? undefined : a - b);
const sumDefined = (...values: (bigint | undefined)[]) => (values.every((v) => v !== undefined) ? values.reduce<bigint>((s, v) => s + v!, 0n) : undefined);

/**
 * Every metric of the catalogue (DOMAIN §4) the data allows, each with its figures; what it does not allow is listed
 * in `skipped` with the reason. Order follows the report: execution, adjustment, progress, projects, 三公, others.
 */
export function computeMetrics(data: BudgetData): MetricsReport {
  const c = new MetricCollector(data.unit);
  const total: BudgetLine = data.total ?? {};

  c.money('execution_rate', TOTAL_SUBJECT, total.spent, total.allotted, '缺少全年支出或全年指标下达数 (total.spent / total.allotted)');
  if (data.basic) c.money('basic_execution_rate', TOTAL_SUBJECT, data.basic.spent, data.basic.allotted, '缺少基本支出的支出或指标下达数 (basic.spent / basic.allotted)');
  if (data.project) c.money('project_execution_rate', TOTAL_SUBJECT, data.project.spent, data.project.allotted, '缺少项目支出的支出或指标下达数 (project.spent / project.allotted)');

  c.money('adjustment_rate', TOTAL_SUBJECT, total.adjustments, total.initial, '缺少预算调整数或年初预算数 (total.adjustments / total.initial)');
  if (data.basic) c.money('basic_adjustment_rate', TOTAL_SUBJECT, data.basic.adjustments, data.basic.initial, '缺少基本支出预算调整数或年初预算数');
  if (data.project) c.money('project_adjustment_rate', TOTAL_SUBJECT, data.project.adjustments, data.project.initial, '缺少项目支出预算调整数或年初预算数');

  const recoveredAndCarried = total.recovered === undefined && total.carryOver === undefined ? undefined : (total.recovered ?? 0n) + (total.carryOver ?? 0n);
  c.money('carry_over_rate', TOTAL_SUBJECT, recoveredAndCarried, total.allotted, '缺少年末指标收回/结转结余或全年指标下达数');

  if (!data.periods.length) c.money('payment_progress', TOTAL_SUBJECT, undefined, undefined, '没有分期（季度/月度）累计数据 (periods)');
  for (const period of [...data.periods].sort((a, b) => a.period.localeCompare(b.period))) {
    c.money('payment_progress', period.period, period.spent, period.allotted, '');
    const split = (key: MetricKey, pair: CumulativePair | undefined) => pair && c.money(key, period.period, pair.spent, pair.allotted, '');
    split('basic_payment_progress', period.basic);
    split('project_payment_progress', period.project);
  }

  for (const project of data.projects) {
    c.money('project_fund_usage', project.name, project.spent, project.allotted, `项目“${project.name}”缺少支出或指标下达数`);
    for (const [period, spent] of Object.entries(project.cumulativeSpent)) {
      c.money('project_fund_progress', `${project.name} ${period}`, spent, project.allotted, `项目“${project.name}”缺少指标下达数`);
    }
  }
  if (!data.projects.length) c.money('project_fund_usage', TOTAL_SUBJECT, undefined, undefined, '没有项目清单 (projects)');

  threePublicMetrics(c, data);

  if (data.procurement) c.money('procurement_execution_rate', TOTAL_SUBJECT, data.procurement.actual, data.procurement.budget, '');
  else c.money('procurement_execution_rate', TOTAL_SUBJECT, undefined, undefined, '缺少政府采购预算和实际金额 (procurement)');

  const running = data.basic?.running;
  c.money('running_cost_control_rate', TOTAL_SUBJECT, running?.spent, running?.allotted, '缺少公用经费的支出或指标下达数 (basic.running.spent / basic.running.allotted)');

  if (data.staffing) c.heads('staffing_control_rate', TOTAL_SUBJECT, data.staffing.inPost, data.staffing.establishment);
  else c.money('staffing_control_rate', TOTAL_SUBJECT, undefined, undefined, '缺少编制数和实有在职人数 (staffing)');

  return { unit: data.unit, metrics: c.metrics, skipped: c.skipped };
}

/** 三公经费: per kind and 合计, against budget (control and change) and against last year. */
function threePublicMetrics(c: MetricCollector, data: BudgetData): void {
  if (!data.threePublic.length) {
    for (const key of ['three_public_control_rate', 'three_public_change_vs_budget', 'three_public_change_vs_last_year'] as const) {
      c.money(key, THREE_PUBLIC_TOTAL, undefined, undefined, '缺少“三公经费”数据 (threePublic)');
    }
    return;
  }
  const rows = data.threePublic.map((item) => ({ subject: THREE_PUBLIC_LABELS[item.kind], budget: item.budget, spent: item.spent, lastYear: item.lastYear }));
  // 合计 only when every kind is given: a partial sum would understate the total.
  if (data.threePublic.length === 3) {
    rows.push({
      subject: THREE_PUBLIC_TOTAL,
      budget: sumDefined(...data.threePublic.map((i) => i.budget)),
      spent: sumDefined(...data.threePublic.map((i) => i.spent)),
      lastYear: sumDefined(...data.threePublic.map((i) => i.lastYear)),
    });
  }
  for (const row of rows) {
    c.money('three_public_control_rate', row.subject, row.spent, row.budget, `${row.subject}缺少预算数或支出数`);
    c.money('three_public_change_vs_budget', row.subject, difference(row.spent, row.budget), row.budget, `${row.subject}缺少预算数或支出数`);
    c.money('three_public_change_vs_last_year', row.subject, difference(row.spent, row.lastYear), row.lastYear, `${row.subject}缺少上年支出数或本年支出数`);
  }
}
