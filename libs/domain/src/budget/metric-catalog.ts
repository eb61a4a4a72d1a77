/**
 * The catalogue of standard budget metrics (DOMAIN §4): one key per metric, shared by the metric computation, the
 * thresholds, the metric-bound scoring rule of an indicator and the reported-figure check. Labels are the terms the
 * reports print.
 */
export const METRIC_KEYS = [
  'execution_rate',
  'adjustment_rate',
  'basic_adjustment_rate',
  'project_adjustment_rate',
  'payment_progress',
  'project_fund_usage',
  'three_public_control_rate',
  'three_public_change_vs_budget',
  'three_public_change_vs_last_year',
  'procurement_execution_rate',
  'running_cost_control_rate',
  'staffing_control_rate',
  // Added with the budget data (issue 4): the splits and per-project figures seed 000 prints in its analysis.
  'basic_execution_rate',
  'project_execution_rate',
  'basic_payment_progress',
  'project_payment_progress',
  'project_fund_progress',
  'carry_over_rate',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface MetricDefinition {
  readonly key: MetricKey;
  readonly zh: string;
  /** The formula as the reports write it. */
  readonly formula: string;
  /** Per what one value is computed: the whole evaluation, each period end, or each project. */
  readonly per: 'evaluation' | 'period' | 'project' | 'three_public';
}

export const METRIC_DEFINITIONS: Readonly<Record<MetricKey, MetricDefinition>> = Object.freeze({
  execution_rate: { key: 'execution_rate', zh: '预算完成率', formula: '全年支出 ÷ 全年指标下达数 × 100%', per: 'evaluation' },
  adjustment_rate: { key: 'adjustment_rate', zh: '预算调整率', formula: '预算调整数 ÷ 年初预算数 × 100%', per: 'evaluation' },
  basic_adjustment_rate: { key: 'basic_adjustment_rate', zh: '基本支出预算调整率', formula: '基本支出预算调整数 ÷ 基本支出年初预算数 × 100%', per: 'evaluation' },
  project_adjustment_rate: { key: 'project_adjustment_rate', zh: '项目支出预算调整率', formula: '项目支出预算调整数 ÷ 项目支出年初预算数 × 100%', per: 'evaluation' },
  payment_progress: { key: 'payment_progress', zh: '支付序时进度', formula: '期末累计支出 ÷ 期末累计指标下达数 × 100%', per: 'period' },
  project_fund_usage: { key: 'project_fund_usage', zh: '项目资金使用率', formula: '项目支出 ÷ 项目指标下达数 × 100%', per: 'project' },
  three_public_control_rate: { key: 'three_public_control_rate', zh: '“三公经费”控制率', formula: '“三公经费”实际支出 ÷ 预算数 × 100%', per: 'three_public' },
  three_public_change_vs_budget: { key: 'three_public_change_vs_budget', zh: '“三公经费”较预算变动率', formula: '(“三公经费”实际支出 − 预算数) ÷ 预算数 × 100%', per: 'three_public' },
  three_public_change_vs_last_year: { key: 'three_public_change_vs_last_year', zh: '“三公经费”变动率', formula: '(本年度“三公经费”支出 − 上年度支出) ÷ 上年度支出 × 100%', per: 'three_public' },
  procurement_execution_rate: { key: 'procurement_execution_rate', zh: '政府采购执行率', formula: '政府采购实际金额 ÷ 政府采购预算数 × 100%', per: 'evaluation' },
  running_cost_control_rate: { key: 'running_cost_control_rate', zh: '公用经费控制率', formula: '公用经费实际支出 ÷ 公用经费预算数 × 100%', per: 'evaluation' },
  staffing_control_rate: { key: 'staffing_control_rate', zh: '在职人员控制率', formula: '实有在职人数 ÷ 编制数 × 100%', per: 'evaluation' },
  basic_execution_rate: { key: 'basic_execution_rate', zh: '基本支出预算完成率', formula: '基本支出 ÷ 基本支出全年指标下达数 × 100%', per: 'evaluation' },
  project_execution_rate: { key: 'project_execution_rate', zh: '项目支出预算资金使用率', formula: '项目支出 ÷ 项目支出全年指标下达数 × 100%', per: 'evaluation' },
  basic_payment_progress: { key: 'basic_payment_progress', zh: '基本支出指标执行率（序时）', formula: '基本支出期末累计支出 ÷ 期末累计下达指标 × 100%', per: 'period' },
  project_payment_progress: { key: 'project_payment_progress', zh: '项目支出指标执行率（序时）', formula: '项目支出期末累计支出 ÷ 期末累计下达指标 × 100%', per: 'period' },
  project_fund_progress: { key: 'project_fund_progress', zh: '项目支付进度', formula: '项目期末累计支出 ÷ 项目指标下达数 × 100%', per: 'project' },
  carry_over_rate: { key: 'carry_over_rate', zh: '结转结余率', formula: '(年末指标收回 + 结转结余) ÷ 全年指标下达数 × 100%', per: 'evaluation' },
});

export const isMetricKey = (value: string): value is MetricKey => (METRIC_KEYS as readonly string[]).includes(value);
