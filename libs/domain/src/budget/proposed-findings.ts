import { DEPARTMENT_WHOLE_TEMPLATE } from '../frameworks/framework-templates';
import type { MetricResult } from './budget-metrics';
import { metricSubjectKey } from './budget-metrics';
import { METRIC_DEFINITIONS, type MetricKey } from './metric-catalog';
import { formatPercent } from './metrics';
import type { ThresholdFlag } from './thresholds';

/**
 * A crossed threshold becomes a proposed finding (DOMAIN §4): a draft the evaluator confirms (it becomes a finding)
 * or discards with a reason. Keyed by metric + subject, so recomputing never duplicates one.
 */
export interface ProposedFindingDraft {
  key: string;
  metric: MetricKey;
  subject: string | null;
  category: string;
  title: string;
  description: string;
  figures: ProposalFigures;
  /** The level-3 indicator of the built-in department framework that scores this metric, if it has one. */
  indicatorCode: string | null;
  /** Suggested deduction in points (two decimals) by that indicator's rule; null where the rule is per indicator, not per item. */
  suggestedDeduction: string | null;
}

/** The figures a finding quotes; stored with it (findings.figures) so a later change of data cannot rewrite it. */
export interface ProposalFigures {
  metric: MetricKey;
  subject: string | null;
  value: number;
  text: string;
  numerator: string;
  denominator: string;
  quantity: MetricResult['quantity'];
  figures: string;
  formula: string;
  /** The variant that computed it (issue 14) and its name; absent on figures stored before variants existed. */
  variant?: string;
  variantZh?: string;
  threshold: { comparator: 'gte' | 'lte'; hundredths: number; text: string; basis: string | null };
}

/** How a metric maps to the department framework (by indicator name, so renumbering the template keeps it) and how its rule deducts. */
interface IndicatorBinding {
  indicator: string;
  category: string;
  /** higher: score = actual ÷ target × weight (DOMAIN §3); per_point_over: `step` points per percentage point over the standard. */
  rule: { kind: 'higher'; target: number } | { kind: 'per_point_over'; step: number } | { kind: 'none' };
  title: (m: MetricResult) => string;
}

const BINDINGS: Partial<Record<MetricKey, IndicatorBinding>> = {
  execution_rate: { indicator: '预算完成率', category: '预算管理', rule: { kind: 'higher', target: 10000 }, title: () => '预算完成率偏低' },
  adjustment_rate: { indicator: '预算调整率', category: '预算管理', rule: { kind: 'per_point_over', step: 20 }, title: () => '预算调整率偏高' },
  basic_adjustment_rate: { indicator: '预算调整率', category: '预算管理', rule: { kind: 'none' }, title: () => '基本支出预算调整率偏高' },
  project_adjustment_rate: { indicator: '预算调整率', category: '预算管理', rule: { kind: 'none' }, title: () => '项目支出预算调整率偏高' },
  payment_progress: { indicator: '支付进度率', category: '预算管理', rule: { kind: 'higher', target: 8000 }, title: (m) => `${periodLabel(m.subject)}支付序时进度偏慢` },
  project_fund_usage: { indicator: '项目资金使用率', category: '资金使用', rule: { kind: 'none' }, title: (m) => `“${m.subject}”资金使用率偏低` },
  project_fund_progress: { indicator: '项目资金使用率', category: '资金使用', rule: { kind: 'none' }, title: (m) => `“${m.subject}”支付进度偏慢` },
  procurement_execution_rate: { indicator: '政府采购执行率', category: '预算管理', rule: { kind: 'higher', target: 10000 }, title: () => '政府采购预算执行不足' },
  running_cost_control_rate: { indicator: '公用经费控制率', category: '预算管理', rule: { kind: 'per_point_over', step: 20 }, title: () => '公用经费超指标支出' },
  three_public_control_rate: { indicator: '“三公经费”控制率', category: '预算管理', rule: { kind: 'per_point_over', step: 20 }, title: (m) => `“三公经费”${m.subject && m.subject !== '合计' ? `（${m.subject}）` : ''}超预算` },
  three_public_change_vs_last_year: { indicator: '“三公经费”变动率', category: '预算管理', rule: { kind: 'per_point_over', step: 50 }, title: () => '“三公经费”较上年增长' },
  staffing_control_rate: { indicator: '在职人员控制率', category: '预算管理', rule: { kind: 'per_point_over', step: 50 }, title: () => '在职人员超编' },
  // Issue 14: the new metrics point at the indicator that reads them; their deduction is the scorer's (no rule here).
  staff_adjustment_rate: { indicator: '预算调整率', category: '预算管理', rule: { kind: 'none' }, title: () => '人员经费预算调整率偏高' },
  running_adjustment_rate: { indicator: '预算调整率', category: '预算管理', rule: { kind: 'none' }, title: () => '公用经费预算调整率偏高' },
  project_line_adjustment_rate: { indicator: '预算调整率', category: '预算管理', rule: { kind: 'none' }, title: (m) => `“${m.subject}”预算调整率偏高` },
  payment_schedule_rate: { indicator: '支付进度率', category: '预算管理', rule: { kind: 'none' }, title: (m) => `${periodLabel(m.subject)}支付进度未达计划` },
  carry_over_rate: { indicator: '结转结余率', category: '预算管理', rule: { kind: 'none' }, title: () => '结转结余率偏高' },
  key_spending_ratio: { indicator: '重点支出安排率', category: '预算管理', rule: { kind: 'none' }, title: () => '重点支出保障不足' },
  fixed_asset_utilization: { indicator: '固定资产利用率', category: '资产管理', rule: { kind: 'none' }, title: () => '固定资产利用率偏低' },
  period_spending_share: { indicator: '', category: '预算管理', rule: { kind: 'none' }, title: (m) => `${periodName(m.subject)}支出过于集中` },
  period_allotment_share: { indicator: '', category: '预算管理', rule: { kind: 'none' }, title: (m) => `${periodName(m.subject)}指标下达过于集中` },
};

/** A metric with no indicator of its own (the splits, the carry-over rate): a generic title, no deduction. */
const DEFAULT_BINDING: IndicatorBinding = {
  indicator: '',
  category: '预算管理',
  rule: { kind: 'none' },
  title: (m) => `${m.zh}${m.subject ? `（${m.subject}）` : ''}未达标准`,
};

function periodLabel(subject: string | null): string {
  if (!subject) return '';
  const quarter = /^Q([1-4])$/.exec(subject);
  if (quarter) return `第${'一二三四'[Number(quarter[1]) - 1]}季度末`;
  const month = /^M(\d\d)$/.exec(subject);
  return month ? `${Number(month[1])}月末` : subject;
}

/** A period itself (not its end): 第一季度, 1月. */
function periodName(subject: string | null): string {
  return periodLabel(subject).replace(/末$/, '');
}

const indicatorOf = (name: string | null | undefined) => (name ? DEPARTMENT_WHOLE_TEMPLATE.nodes.find((n) => n.level === 3 && n.name === name) ?? null : null);

/** Half away from zero, integers only: a / b rounded. */
const divideRounded = (a: number, b: number) => Math.sign(a) * Math.floor((2 * Math.abs(a) + b) / (2 * b));
const points = (hundredths: number) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

/**
 * The deduction the indicator's rule suggests, in hundredths of a point, capped at the weight. Integer arithmetic:
 * weights have at most one decimal, so weight × 100 is an integer.
 */
function suggestedDeduction(flag: ThresholdFlag, binding: IndicatorBinding, weight: number | null): string | null {
  if (weight === null) return null;
  const weightHundredths = Math.round(weight * 100);
  const value = flag.metric.value;
  let deduction: number;
  switch (binding.rule.kind) {
    case 'higher': {
      // score = actual ÷ target × weight; deduction = weight × (target − actual) ÷ target
      const target = binding.rule.target;
      deduction = value >= target ? 0 : divideRounded(weightHundredths * (target - value), target);
      break;
    }
    case 'per_point_over': {
      // each percentage point (100 hundredths) over the standard deducts `step` hundredths of a point
      const over = value - flag.threshold.hundredths;
      deduction = over <= 0 ? 0 : divideRounded(over * binding.rule.step, 100);
      break;
    }
    default:
      return null;
  }
  return points(Math.max(0, Math.min(weightHundredths, deduction)));
}

function description(flag: ThresholdFlag): string {
  const m = flag.metric;
  const limit = formatPercent({ hundredths: flag.threshold.hundredths });
  const relation = flag.threshold.comparator === 'gte' ? '低于' : '高于';
  const subject = m.subject && !m.subject.startsWith('Q') && !m.subject.startsWith('M') ? `“${m.subject}”` : periodLabel(m.subject);
  // A metric with several formulas names the one it used (口径), so a reader from another region is not misled.
  const variant = METRIC_DEFINITIONS[m.key].variants.length > 1 ? `（口径：${m.variantZh}）` : '';
  return `${subject}${m.zh}为${m.text}（${m.figures}），${relation}标准值${limit}。计算公式${variant}：${m.formula}。${flag.threshold.basis ? `标准依据：${flag.threshold.basis}。` : ''}`;
}

export function proposeFindings(flags: readonly ThresholdFlag[]): ProposedFindingDraft[] {
  return flags.map((flag) => {
    const m = flag.metric;
    const binding = BINDINGS[m.key];
    const node = indicatorOf(binding?.indicator ?? null);
    const used = binding ?? DEFAULT_BINDING;
    return {
      key: metricSubjectKey(m.key, m.subject),
      metric: m.key,
      subject: m.subject,
      category: used.category,
      title: used.title(m),
      description: description(flag),
      figures: {
        metric: m.key,
        subject: m.subject,
        value: m.value,
        text: m.text,
        numerator: m.numerator,
        denominator: m.denominator,
        quantity: m.quantity,
        figures: m.figures,
        formula: m.formula,
        variant: m.variant,
        variantZh: m.variantZh,
        threshold: { comparator: flag.threshold.comparator, hundredths: flag.threshold.hundredths, text: formatPercent({ hundredths: flag.threshold.hundredths }), basis: flag.threshold.basis },
      },
      indicatorCode: node?.code ?? null,
      suggestedDeduction: binding ? suggestedDeduction(flag, binding, node?.weight ?? null) : null,
    };
  });
}
