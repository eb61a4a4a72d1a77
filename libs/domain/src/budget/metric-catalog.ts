/**
 * The catalogue of standard budget metrics (DOMAIN §4): one key per metric, shared by the metric computation, the
 * thresholds, the metric-bound scoring rule of an indicator and the reported-figure check. Labels are the terms the
 * reports print. Keys are only ever added.
 *
 * Issue 14: the common indicators of 财预〔2013〕53号 (预算绩效评价共性指标体系框架) that have a formula, and what reports
 * print beside them; and **variants**: under one name, regions compute different formulas (预算完成率 against the
 * allotment or against the funds available). Each variant is a named entry with its own formula text; a framework
 * version's metric-bound rule or a region's setting picks one (`MetricVariantChoices`), else the metric's default, which
 * is always the formula the metric had before variants existed (so every earlier figure stays as it was).
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
  // Issue 14: the rest of the 53号 common indicators with a formula, and what reports print beside them.
  'staff_adjustment_rate',
  'running_adjustment_rate',
  'project_line_adjustment_rate',
  'three_public_budget_change_vs_last_year',
  'period_spending_share',
  'period_allotment_share',
  'payment_schedule_rate',
  'income_change',
  'carry_over_change_rate',
  'key_spending_ratio',
  'fixed_asset_utilization',
  'work_completion_rate',
  'work_timeliness_rate',
  'work_quality_rate',
  'key_work_completion_rate',
  'funds_arrival_rate',
  'funds_timely_arrival_rate',
  'cost_saving_rate',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** One formula a metric may be computed by. `key` is unique within the metric; `${metric}:${key}` names it anywhere. */
export interface MetricVariant {
  readonly key: string;
  /** How people name the variant: "按全年指标下达数". */
  readonly zh: string;
  readonly formula: string;
  /** Other names the variant goes by on import (the key, the zh name and these are all recognised). */
  readonly aliases?: readonly string[];
}

export interface MetricDefinition {
  readonly key: MetricKey;
  readonly zh: string;
  /** The formula of the default variant, as the reports write it. */
  readonly formula: string;
  /** Per what one value is computed: the whole evaluation, each period end, each project, 三公 kind or income source. */
  readonly per: 'evaluation' | 'period' | 'project' | 'three_public' | 'income';
  /** Other names reports give the metric (recognised on import, like the key and `zh`). */
  readonly aliases: readonly string[];
  /** Every formula the metric may be computed by; the first is the default. */
  readonly variants: readonly [MetricVariant, ...MetricVariant[]];
  /** A split that follows another metric's choice unless it is chosen itself (basic_adjustment_rate follows adjustment_rate). */
  readonly follows?: MetricKey;
  /** The 53号 common indicator it is (or "reports print it beside them"). */
  readonly source: '财预〔2013〕53号' | '报告常用';
}

type Definition = Omit<MetricDefinition, 'key' | 'formula' | 'aliases' | 'variants' | 'source'> & {
  aliases?: readonly string[];
  variants?: readonly [MetricVariant, ...MetricVariant[]];
  formula?: string;
  source?: MetricDefinition['source'];
};

/** The single variant of a metric that has only one formula. */
const STANDARD = 'standard';
const only = (formula: string): [MetricVariant] => [{ key: STANDARD, zh: '标准口径', formula }];

const ADJUSTMENT_VARIANTS = (what: string): [MetricVariant, MetricVariant] => [
  { key: 'initial', zh: '按年初预算', formula: `${what}预算调整数 ÷ ${what}年初预算数 × 100%`, aliases: ['年初预算'] },
  { key: 'adjusted', zh: '按调整后预算', formula: `${what}预算调整数 ÷ ${what}全年指标下达数（调整后预算数） × 100%`, aliases: ['调整后预算', '全年指标下达数'] },
];

const DEFINITIONS: Record<MetricKey, Definition> = {
  execution_rate: {
    zh: '预算完成率',
    per: 'evaluation',
    aliases: ['预算执行率'],
    source: '财预〔2013〕53号',
    variants: [
      { key: 'allotted', zh: '按全年指标下达数', formula: '全年支出 ÷ 全年指标下达数 × 100%', aliases: ['指标下达数', '支出÷指标'] },
      {
        key: 'funds_available',
        zh: '按可支配资金',
        formula: '(可支配资金 − 年末结转结余) ÷ 可支配资金 × 100%，可支配资金 = 上年结转 + 年初预算 + 预算调整',
        aliases: ['可支配资金', '可用资金', '资金总额'],
      },
    ],
  },
  adjustment_rate: { zh: '预算调整率', per: 'evaluation', aliases: ['预算控制率'], source: '财预〔2013〕53号', variants: ADJUSTMENT_VARIANTS('') },
  basic_adjustment_rate: { zh: '基本支出预算调整率', per: 'evaluation', follows: 'adjustment_rate', variants: ADJUSTMENT_VARIANTS('基本支出') },
  project_adjustment_rate: { zh: '项目支出预算调整率', per: 'evaluation', follows: 'adjustment_rate', variants: ADJUSTMENT_VARIANTS('项目支出') },
  staff_adjustment_rate: { zh: '人员经费预算调整率', per: 'evaluation', follows: 'adjustment_rate', variants: ADJUSTMENT_VARIANTS('人员经费') },
  running_adjustment_rate: { zh: '公用经费预算调整率', per: 'evaluation', follows: 'adjustment_rate', variants: ADJUSTMENT_VARIANTS('公用经费') },
  project_line_adjustment_rate: { zh: '项目预算调整率', per: 'project', follows: 'adjustment_rate', variants: ADJUSTMENT_VARIANTS('项目') },
  payment_progress: { zh: '支付序时进度', per: 'period', aliases: ['序时支付进度', '序时进度'], formula: '期末累计支出 ÷ 期末累计指标下达数 × 100%' },
  payment_schedule_rate: {
    zh: '支付进度率',
    per: 'period',
    source: '财预〔2013〕53号',
    formula: '实际支付进度 ÷ 既定支付进度 × 100%（= 期末累计支出 ÷ 期末计划累计支出）',
  },
  project_fund_usage: { zh: '项目资金使用率', per: 'project', aliases: ['资金使用率'], formula: '项目支出 ÷ 项目指标下达数 × 100%' },
  three_public_control_rate: {
    zh: '“三公经费”控制率',
    per: 'three_public',
    aliases: ['三公经费控制率'],
    source: '财预〔2013〕53号',
    formula: '“三公经费”实际支出 ÷ 预算数 × 100%',
  },
  three_public_change_vs_budget: { zh: '“三公经费”较预算变动率', per: 'three_public', formula: '(“三公经费”实际支出 − 预算数) ÷ 预算数 × 100%' },
  three_public_change_vs_last_year: {
    zh: '“三公经费”变动率',
    per: 'three_public',
    aliases: ['三公经费变动率'],
    source: '财预〔2013〕53号',
    variants: [
      { key: 'spending', zh: '按决算支出', formula: '(本年度“三公经费”支出 − 上年度支出) ÷ 上年度支出 × 100%', aliases: ['支出', '决算'] },
      { key: 'budget', zh: '按预算数', formula: '(本年度“三公经费”预算数 − 上年度预算数) ÷ 上年度预算数 × 100%', aliases: ['预算'] },
    ],
  },
  three_public_budget_change_vs_last_year: {
    zh: '“三公经费”预算较上年变动率',
    per: 'three_public',
    aliases: ['三公经费预算变动率'],
    formula: '(本年度“三公经费”预算数 − 上年度预算数) ÷ 上年度预算数 × 100%',
  },
  procurement_execution_rate: { zh: '政府采购执行率', per: 'evaluation', source: '财预〔2013〕53号', formula: '政府采购实际金额 ÷ 政府采购预算数 × 100%' },
  running_cost_control_rate: {
    zh: '公用经费控制率',
    per: 'evaluation',
    source: '财预〔2013〕53号',
    variants: [
      { key: 'adjusted', zh: '按调整后预算', formula: '公用经费实际支出 ÷ 公用经费全年指标下达数（调整后预算数） × 100%', aliases: ['调整后预算', '全年指标下达数'] },
      { key: 'initial', zh: '按年初预算', formula: '公用经费实际支出 ÷ 公用经费年初预算数 × 100%', aliases: ['年初预算'] },
    ],
  },
  staffing_control_rate: { zh: '在职人员控制率', per: 'evaluation', source: '财预〔2013〕53号', formula: '实有在职人数 ÷ 编制数 × 100%' },
  basic_execution_rate: { zh: '基本支出预算完成率', per: 'evaluation', formula: '基本支出 ÷ 基本支出全年指标下达数 × 100%' },
  project_execution_rate: { zh: '项目支出预算资金使用率', per: 'evaluation', formula: '项目支出 ÷ 项目支出全年指标下达数 × 100%' },
  basic_payment_progress: { zh: '基本支出指标执行率（序时）', per: 'period', formula: '基本支出期末累计支出 ÷ 期末累计下达指标 × 100%' },
  project_payment_progress: { zh: '项目支出指标执行率（序时）', per: 'period', formula: '项目支出期末累计支出 ÷ 期末累计下达指标 × 100%' },
  project_fund_progress: { zh: '项目支付进度', per: 'project', formula: '项目期末累计支出 ÷ 项目指标下达数 × 100%' },
  carry_over_rate: {
    zh: '结转结余率',
    per: 'evaluation',
    source: '财预〔2013〕53号',
    variants: [
      { key: 'recovered_and_carried', zh: '含年末指标收回', formula: '(年末指标收回 + 结转结余) ÷ 全年指标下达数 × 100%', aliases: ['含收回'] },
      { key: 'carried_only', zh: '仅结转结余', formula: '年末结转结余 ÷ 全年指标下达数（支出预算数） × 100%', aliases: ['不含收回', '结转结余总额'] },
    ],
  },
  period_spending_share: {
    zh: '支出均衡率（当期支出占全年比重）',
    per: 'period',
    aliases: ['支出均衡性', '当期支出占比'],
    formula: '当期（月/季）支出 ÷ 全年支出 × 100%',
  },
  period_allotment_share: {
    zh: '指标下达均衡率（当期下达占全年比重）',
    per: 'period',
    aliases: ['指标下达均衡性', '当期下达占比'],
    formula: '当期（月/季）指标下达数 ÷ 全年指标下达数 × 100%',
  },
  income_change: { zh: '收入较上年变动率', per: 'income', aliases: ['收入变动率', '收入增长率'], formula: '(本年收入 − 上年收入) ÷ 上年收入 × 100%' },
  carry_over_change_rate: {
    zh: '结转结余变动率',
    per: 'evaluation',
    source: '财预〔2013〕53号',
    formula: '(年末结转结余 − 上年结转结余) ÷ 上年结转结余 × 100%',
  },
  key_spending_ratio: {
    zh: '重点支出安排率',
    per: 'evaluation',
    source: '财预〔2013〕53号',
    variants: [
      { key: 'spent', zh: '按支出', formula: '重点项目支出 ÷ 项目总支出 × 100%', aliases: ['支出'] },
      { key: 'allotted', zh: '按预算安排', formula: '重点项目全年指标下达数 ÷ 项目全年指标下达数 × 100%', aliases: ['预算', '安排'] },
    ],
  },
  fixed_asset_utilization: { zh: '固定资产利用率', per: 'evaluation', source: '财预〔2013〕53号', formula: '实际在用固定资产总额 ÷ 所有固定资产总额 × 100%' },
  work_completion_rate: { zh: '实际完成率', per: 'evaluation', source: '财预〔2013〕53号', formula: '实际完成工作数 ÷ 计划工作数 × 100%' },
  work_timeliness_rate: { zh: '完成及时率', per: 'evaluation', source: '财预〔2013〕53号', formula: '及时完成实际工作数 ÷ 实际完成工作数 × 100%' },
  work_quality_rate: { zh: '质量达标率', per: 'evaluation', source: '财预〔2013〕53号', formula: '质量达标工作数 ÷ 实际完成工作数 × 100%' },
  key_work_completion_rate: { zh: '重点工作办结率', per: 'evaluation', source: '财预〔2013〕53号', formula: '重点工作实际完成数 ÷ 交办或下达数 × 100%' },
  funds_arrival_rate: { zh: '资金到位率', per: 'evaluation', source: '财预〔2013〕53号', formula: '实际到位资金 ÷ 计划投入资金 × 100%' },
  funds_timely_arrival_rate: { zh: '到位及时率', per: 'evaluation', source: '财预〔2013〕53号', formula: '及时到位资金 ÷ 应到位资金 × 100%' },
  cost_saving_rate: { zh: '成本节约率', per: 'evaluation', source: '财预〔2013〕53号', formula: '(计划成本 − 实际成本) ÷ 计划成本 × 100%' },
};

export const METRIC_DEFINITIONS: Readonly<Record<MetricKey, MetricDefinition>> = Object.freeze(
  Object.fromEntries(
    METRIC_KEYS.map((key) => {
      const d = DEFINITIONS[key];
      const variants = d.variants ?? only(d.formula ?? '');
      const definition: MetricDefinition = {
        key,
        zh: d.zh,
        per: d.per,
        aliases: d.aliases ?? [],
        variants,
        formula: variants[0].formula,
        source: d.source ?? '报告常用',
        ...(d.follows ? { follows: d.follows } : {}),
      };
      return [key, Object.freeze(definition)];
    }),
  ) as Record<MetricKey, MetricDefinition>,
);

export const isMetricKey = (value: string): value is MetricKey => (METRIC_KEYS as readonly string[]).includes(value);

/** The metrics with more than one formula. */
export const VARIANT_METRICS: readonly MetricKey[] = METRIC_KEYS.filter((key) => METRIC_DEFINITIONS[key].variants.length > 1);

/** Which variant each metric uses: metric key → variant key. Missing: the metric's default (or the metric it follows). */
export type MetricVariantChoices = Partial<Record<MetricKey, string>>;

/** Where a metric's variant came from, shown with every result. */
export type VariantSource = 'framework' | 'region' | 'default';

/** Names compared without quotes, brackets, spaces and case: “三公经费”变动率 = 三公经费变动率 = "三公"经费变动率. */
export const normaliseMetricName = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s“”"'‘’「」『』《》]/g, '')
    .toLowerCase();

const NAME_INDEX: ReadonlyMap<string, MetricKey> = (() => {
  const index = new Map<string, MetricKey>();
  for (const key of METRIC_KEYS) {
    for (const name of [key, METRIC_DEFINITIONS[key].zh, ...METRIC_DEFINITIONS[key].aliases]) {
      const normal = normaliseMetricName(name);
      if (!index.has(normal)) index.set(normal, key);
    }
  }
  return index;
})();

/** The metric a key, name or alias names ("预算控制率" → adjustment_rate); undefined when none. */
export function metricByName(text: string): MetricKey | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return NAME_INDEX.get(normaliseMetricName(trimmed));
}

/** A variant of `metric` by its key, zh name or alias ("可支配资金" → funds_available). */
export function variantByName(metric: MetricKey, text: string): MetricVariant | undefined {
  const normal = normaliseMetricName(text);
  if (!normal) return undefined;
  return METRIC_DEFINITIONS[metric].variants.find((v) => [v.key, v.zh, ...(v.aliases ?? [])].some((name) => normaliseMetricName(name) === normal));
}

/**
 * "execution_rate:funds_available", "预算完成率（按可支配资金）", "预算完成率" → the metric and, when named, its variant.
 * `problem` says what is wrong (unknown metric, or a variant the metric does not have).
 */
export function parseMetricReference(text: string): { metric?: MetricKey; variant?: string; problem?: string } {
  const trimmed = text.trim();
  const match = /^(.+?)\s*(?:[:：]\s*(.+)|[（(]\s*(.+?)\s*[）)])$/.exec(trimmed);
  const direct = metricByName(trimmed);
  if (direct) return { metric: direct };
  if (!match) return { problem: `“${trimmed}”不是已知的预算指标` };
  const metric = metricByName(match[1]);
  if (!metric) return { problem: `“${match[1]}”不是已知的预算指标` };
  const variantText = match[2] ?? match[3];
  const variant = variantByName(metric, variantText);
  // "项目资金使用率（某项目）" style text is a metric with a remark, not a variant, when the metric has one formula.
  if (!variant) return METRIC_DEFINITIONS[metric].variants.length === 1 ? { metric } : { metric, problem: variantProblem(metric, variantText) };
  return { metric, variant: variant.key };
}

export function variantProblem(metric: MetricKey, variant: string): string {
  const d = METRIC_DEFINITIONS[metric];
  return `${d.zh}没有“${variant}”口径，可选：${d.variants.map((v) => `${v.key}（${v.zh}）`).join('、')}`;
}

/** The variant a metric uses under `choices`, and where the choice came from (framework over region over default). */
export function chosenVariant(
  metric: MetricKey,
  framework: MetricVariantChoices = {},
  region: MetricVariantChoices = {},
): { variant: MetricVariant; source: VariantSource } {
  const d = METRIC_DEFINITIONS[metric];
  const pick = (choices: MetricVariantChoices) => {
    for (const key of [metric, d.follows]) {
      const chosen = key ? choices[key] : undefined;
      const variant = chosen ? d.variants.find((v) => v.key === chosen) : undefined;
      if (variant) return variant;
    }
    return undefined;
  };
  const fromFramework = pick(framework);
  if (fromFramework) return { variant: fromFramework, source: 'framework' };
  const fromRegion = pick(region);
  if (fromRegion) return { variant: fromRegion, source: 'region' };
  return { variant: d.variants[0], source: 'default' };
}

/** Problems with a choices object (zh, naming the metric): unknown metrics or variants. */
export function variantChoiceProblems(choices: Record<string, string>): { path: string; message: string }[] {
  return Object.entries(choices).flatMap(([metric, variant]) => {
    if (!isMetricKey(metric)) return [{ path: metric, message: `“${metric}”不是已知的预算指标` }];
    if (!METRIC_DEFINITIONS[metric].variants.some((v) => v.key === variant)) return [{ path: metric, message: variantProblem(metric, variant) }];
    return [];
  });
}
