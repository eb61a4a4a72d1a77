import { isMetricKey, METRIC_DEFINITIONS, variantProblem, type MetricKey, type MetricVariantChoices } from '../budget/metric-catalog';

/**
 * The structured scoring rule (计分方式) of a level-3 indicator: the national rules of DOMAIN §3 as data, so the
 * system computes a score where the rule allows it and knows when an actual "misses the target". The rule *text*
 * (评分标准) stays on the node as what people read; this is what the code reads.
 */
export type ScoringRule =
  /** 正向指标: actual ≥ target → full weight; else actual ÷ target × weight. `target` in `unit` (e.g. 50 次, 90 %). */
  | { readonly kind: 'higher_is_better'; readonly target: number; readonly unit: string }
  /** 反向指标: actual ≤ target → full; target < actual < 2×target → (1 − (actual − target) ÷ target) × weight; else 0. */
  | { readonly kind: 'lower_is_better'; readonly target: number; readonly unit: string }
  /** 定性指标: the scorer picks a score in a band — 达成 80–100%, 部分达成 60–80%, 未达成 0–60% of the weight. */
  | { readonly kind: 'qualitative' }
  /** 预算执行率: min(spent ÷ budget, 100%) × weight. */
  | { readonly kind: 'budget_execution' }
  /**
   * Bound to a standard budget metric (DOMAIN §4): the metric's value is the actual; `targetHundredths` is the target in
   * hundredths of a percent (8000 = 80.00%), compared like higher/lower is better.
   */
  | {
      readonly kind: 'metric';
      readonly metric: MetricKey;
      /** The formula (口径) the indicator measures, when the metric has several (issue 14); omitted: the region's or the default. */
      readonly variant?: string;
      readonly direction: 'higher' | 'lower';
      readonly targetHundredths: number;
    }
  /** 扣分制: a deduction rule written as text ("每超过1个百分点扣0.2分") that the scorer applies by hand. */
  | { readonly kind: 'manual'; readonly deduction: string };

export type ScoringRuleKind = ScoringRule['kind'];

export const SCORING_RULE_KINDS: readonly ScoringRuleKind[] = ['higher_is_better', 'lower_is_better', 'qualitative', 'budget_execution', 'metric', 'manual'];

export const SCORING_RULE_LABELS: Readonly<Record<ScoringRuleKind, string>> = Object.freeze({
  higher_is_better: '定量（越高越好）',
  lower_is_better: '定量（越低越好）',
  qualitative: '定性（分档）',
  budget_execution: '预算执行率',
  metric: '绑定预算指标',
  manual: '扣分制（人工）',
});

/** The kinds whose actual is a number compared with a numeric target ("misses the target" is decided by numbers). */
export function isQuantitativeRule(rule: ScoringRule | undefined): rule is Extract<ScoringRule, { kind: 'higher_is_better' | 'lower_is_better' | 'metric' | 'budget_execution' }> {
  return rule !== undefined && (rule.kind === 'higher_is_better' || rule.kind === 'lower_is_better' || rule.kind === 'metric' || rule.kind === 'budget_execution');
}

/** A short zh description of the rule, as a formula where there is one (shown in tables and exports). */
export function describeScoringRule(rule: ScoringRule): string {
  switch (rule.kind) {
    case 'higher_is_better':
      return `实际值≥${rule.target}${rule.unit}得满分，否则按 实际值÷${rule.target}×分值 计分`;
    case 'lower_is_better':
      return `实际值≤${rule.target}${rule.unit}得满分；介于目标值与2倍目标值之间按 (1−(实际值−${rule.target})÷${rule.target})×分值 计分；≥2倍目标值得0分`;
    case 'qualitative':
      return '达成 80%–100%，部分达成 60%–80%，未达成 0–60%（按分值比例）';
    case 'budget_execution':
      return 'min(全年执行数÷全年预算数, 100%)×分值';
    case 'metric': {
      const target = `${rule.targetHundredths / 100}%`;
      const variant = rule.variant ? METRIC_DEFINITIONS[rule.metric]?.variants.find((v) => v.key === rule.variant) : undefined;
      const label = `${METRIC_DEFINITIONS[rule.metric]?.zh ?? rule.metric}${variant ? `（${variant.zh}：${variant.formula}）` : ''}`;
      return rule.direction === 'higher' ? `${label}≥${target}得满分，否则按 实际值÷${target}×分值 计分` : `${label}≤${target}得满分，超出按越低越好规则计分`;
    }
    case 'manual':
      return rule.deduction;
  }
}

/** Problems with one node's structured rule (zh, naming the node); empty when the rule is usable. */
export function scoringRuleProblems(code: string, rule: ScoringRule): string[] {
  const problems: string[] = [];
  const where = `指标 ${code} 的计分方式`;
  switch (rule.kind) {
    case 'higher_is_better':
      // A target of 0 would make every actual "full marks" and the ratio undefined: not a real quantitative target.
      if (!Number.isFinite(rule.target) || rule.target <= 0) problems.push(`${where}（越高越好）的目标值 ${rule.target} 无效：应为大于 0 的数`);
      if (Number.isFinite(rule.target) && decimalsOf(rule.target) > 4) problems.push(`${where}的目标值 ${rule.target} 最多四位小数`);
      break;
    case 'lower_is_better':
      if (!Number.isFinite(rule.target) || rule.target <= 0) problems.push(`${where}（越低越好）的目标值 ${rule.target} 无效：应为大于 0 的数`);
      if (Number.isFinite(rule.target) && decimalsOf(rule.target) > 4) problems.push(`${where}的目标值 ${rule.target} 最多四位小数`);
      break;
    case 'metric':
      if (!isMetricKey(rule.metric)) problems.push(`${where}绑定的预算指标 ${String(rule.metric)} 不存在`);
      else if (rule.variant !== undefined && !METRIC_DEFINITIONS[rule.metric].variants.some((v) => v.key === rule.variant)) problems.push(`${where}：${variantProblem(rule.metric, String(rule.variant))}`);
      if (!Number.isInteger(rule.targetHundredths) || rule.targetHundredths <= 0) {
        problems.push(`${where}的目标值 ${rule.targetHundredths} 无效：应为以万分之一计的正整数（8000 = 80%）`);
      }
      if (rule.direction !== 'higher' && rule.direction !== 'lower') problems.push(`${where}的方向 ${String(rule.direction)} 无效`);
      break;
    case 'manual':
      if (!rule.deduction?.trim()) problems.push(`${where}（扣分制）缺少扣分标准`);
      break;
    case 'qualitative':
    case 'budget_execution':
      break;
    default:
      problems.push(`${where} ${String((rule as { kind?: unknown }).kind)} 不是已知的计分方式`);
  }
  return problems;
}

function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e')) return 99;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The formulas a framework version's metric-bound rules choose: metric → variant (the first rule of a metric naming one). */
export function frameworkVariants(nodes: readonly { readonly scoring?: ScoringRule }[]): MetricVariantChoices {
  const choices: MetricVariantChoices = {};
  for (const node of nodes) {
    const rule = node.scoring;
    if (rule?.kind === 'metric' && rule.variant && isMetricKey(rule.metric) && !choices[rule.metric]) choices[rule.metric] = rule.variant;
  }
  return choices;
}
