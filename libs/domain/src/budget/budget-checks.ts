import type { BudgetData, BudgetLine, ReportedFigure } from './budget-data';
import { formatAmount } from './budget-data';
import { THREE_PUBLIC_TOTAL, type MetricResult } from './budget-metrics';
import type { MetricKey } from './metric-catalog';
import { formatPercent } from './metrics';

/* The checks a reviewer makes by hand: recompute each reported figure, reconcile two sources, add up the tables. */

export interface ReportedFigureCheck {
  metric: ReportedFigure['metric'];
  subject: string | null;
  source: string | null;
  reported: string;
  /** Computed value as hundredths of a percent and text, when the data allows the metric. */
  computed: number | null;
  computedText: string | null;
  /** computed − reported, in hundredths of a percent (two decimals, as the metric is printed). */
  differenceHundredths: number | null;
  /** Half a unit of the last printed digit, as text (e.g. "0.005%"). */
  tolerance: string;
  status: 'match' | 'differs' | 'not_computable';
  note: string;
}

/**
 * Compares each reported figure with the exact ratio behind the computed metric. A figure matches when it is within
 * half a unit of its own last printed digit of the exact value (so "89.4%" matches 89.385…%, "89.39%" does too, but
 * "20.24%" does not match 20.2469…%). Exact: |n × 100 × 10^k − V × d| × 2 ≤ d, all integers.
 */
export function checkReportedFigures(reported: readonly ReportedFigure[], metrics: readonly MetricResult[]): ReportedFigureCheck[] {
  return reported.map((figure) => {
    const metric = metrics.find((m) => m.key === figure.metric && (m.subject ?? null) === (figure.subject ?? null));
    const printed = figure.value.replace('%', '').trim();
    const decimals = printed.split('.')[1]?.length ?? 0;
    const tolerance = `0.${'0'.repeat(decimals)}5%`;
    const base = { metric: figure.metric, subject: figure.subject, source: figure.source, reported: figure.value.endsWith('%') ? figure.value : `${figure.value}%`, tolerance };
    if (!metric) {
      return { ...base, computed: null, computedText: null, differenceHundredths: null, status: 'not_computable' as const, note: '数据不足，无法复算该指标' };
    }
    const n = BigInt(metric.numerator);
    const d = BigInt(metric.denominator);
    const scale = 10n ** BigInt(decimals);
    const negative = printed.startsWith('-');
    const [whole, fraction = ''] = printed.replace('-', '').split('.');
    const magnitude = BigInt(whole) * scale + BigInt(fraction || '0');
    const v = negative ? -magnitude : magnitude;
    const absD = d < 0n ? -d : d;
    const signedN = d < 0n ? -n : n;
    const gap = signedN * 100n * scale - v * absD;
    const within = (gap < 0n ? -gap : gap) * 2n <= absD;
    // Shown to two decimals like the metric itself (a figure printed with more decimals is cut to two for display).
    const reportedHundredths = decimals <= 2 ? Number(v * 10n ** BigInt(2 - decimals)) : Number((v * 100n) / scale);
    const differenceHundredths = metric.value - reportedHundredths;
    return {
      ...base,
      computed: metric.value,
      computedText: metric.text,
      differenceHundredths,
      status: within ? ('match' as const) : ('differs' as const),
      note: within
        ? `复算${metric.text}（${metric.figures}），与报告数一致`
        : `复算${metric.text}（${metric.figures}），报告数${base.reported}，相差${formatPercent({ hundredths: differenceHundredths })}，超出舍入误差`,
    };
  });
}

export interface ReconciliationResult {
  sourceA: { name: string; amount: string };
  sourceB: { name: string; amount: string };
  /** sourceA − sourceB */
  difference: string;
  explained: string;
  unexplained: string;
  differences: { item: string; amount: string; reason: string | null; flagged: boolean }[];
  /** Balanced: the explained differences add up to the difference and each has its reason. */
  balanced: boolean;
  problems: string[];
}

export function reconcile(data: BudgetData): ReconciliationResult | null {
  const r = data.reconciliation;
  if (!r) return null;
  const unit = data.unit;
  const difference = r.sourceA.amount - r.sourceB.amount;
  const explained = r.differences.reduce((sum, d) => sum + d.amount, 0n);
  const unexplained = difference - explained;
  const problems: string[] = [];
  if (unexplained !== 0n) problems.push(`尚有${formatAmount(unexplained, unit)}${unitLabel(unit)}差额未作说明`);
  for (const d of r.differences) if (!d.reason) problems.push(`“${d.item}”差额${formatAmount(d.amount, unit)}${unitLabel(unit)}未说明原因`);
  return {
    sourceA: { name: r.sourceA.name, amount: formatAmount(r.sourceA.amount, unit) },
    sourceB: { name: r.sourceB.name, amount: formatAmount(r.sourceB.amount, unit) },
    difference: formatAmount(difference, unit),
    explained: formatAmount(explained, unit),
    unexplained: formatAmount(unexplained, unit),
    differences: r.differences.map((d) => ({ item: d.item, amount: formatAmount(d.amount, unit), reason: d.reason, flagged: !d.reason })),
    balanced: problems.length === 0,
    problems,
  };
}

const unitLabel = (unit: BudgetData['unit']) => (unit === 'yuan' ? '元' : '万元');

export interface ConsistencyCheck {
  check: string;
  expected: string;
  actual: string;
  ok: boolean;
}

/**
 * The sums a report's tables must satisfy (年初预算 + 调整 = 下达; 下达 − 支出 = 收回 + 结转; 人员 + 公用 = 基本;
 * 基本 + 项目 = 合计; the project list adds up to 项目支出). Only where every term is present.
 */
export function consistencyChecks(data: BudgetData): ConsistencyCheck[] {
  const unit = data.unit;
  const checks: ConsistencyCheck[] = [];
  const add = (check: string, expected: bigint | undefined, actual: bigint | undefined) => {
    if (expected === undefined || actual === undefined) return;
    checks.push({ check, expected: formatAmount(expected, unit), actual: formatAmount(actual, unit), ok: expected === actual });
  };
  const lines: [string, BudgetLine | undefined][] = [
    ['合计', data.total],
    ['基本支出', data.basic],
    ['人员经费', data.basic?.staff],
    ['公用经费', data.basic?.running],
    ['项目支出', data.project],
  ];
  for (const [name, line] of lines) {
    if (!line) continue;
    add(`${name}：年初预算 + 预算调整 = 全年指标下达数`, sum(line.initial, line.adjustments), line.allotted);
    const leftover = line.recovered === undefined && line.carryOver === undefined ? undefined : (line.recovered ?? 0n) + (line.carryOver ?? 0n);
    add(`${name}：全年指标下达数 − 支出 = 年末指标收回 + 结转结余`, line.allotted !== undefined && line.spent !== undefined ? line.allotted - line.spent : undefined, leftover);
  }
  for (const key of ['initial', 'adjustments', 'allotted', 'spent'] as const) {
    const label = { initial: '年初预算', adjustments: '预算调整', allotted: '全年指标下达数', spent: '支出' }[key];
    if (data.basic?.staff && data.basic.running) add(`人员经费 + 公用经费 = 基本支出（${label}）`, sum(data.basic.staff[key], data.basic.running[key]), data.basic[key]);
    if (data.basic && data.project) add(`基本支出 + 项目支出 = 合计（${label}）`, sum(data.basic[key], data.project[key]), data.total?.[key]);
    if (data.projects.length && (key === 'allotted' || key === 'spent')) {
      add(`项目清单合计 = 项目支出（${label}）`, sum(...data.projects.map((p) => p[key])), data.project?.[key]);
    }
  }
  return checks;
}

const sum = (...values: (bigint | undefined)[]) => (values.every((v) => v !== undefined) ? values.reduce<bigint>((s, v) => s + v!, 0n) : undefined);

/** A level-3 line of the self-evaluation form (自评表) whose indicator is bound to a budget metric. */
export interface SelfReportedLine {
  code: string;
  name: string;
  metric: MetricKey;
  /** 全年完成值 as the department typed it. */
  actual: string;
}

const PERCENT_TEXT = /^-?\d+(?:\.\d+)?%?$/;

/**
 * The value of `key` that an indicator bound to it measures: the whole evaluation, the 三公 total, or the
 * third-quarter end for payment progress (the indicator's 考核时点); undefined when the data does not allow it or the
 * subject is ambiguous (a per-project metric).
 */
export function indicatorMetric(metrics: readonly MetricResult[], key: MetricKey): MetricResult | undefined {
  const candidates = metrics.filter((m) => m.key === key);
  for (const subject of [null, THREE_PUBLIC_TOTAL, 'Q3']) {
    const found = candidates.find((m) => (m.subject ?? null) === subject);
    if (found) return found;
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The figures a department reports in its self-evaluation form that the system can compute (DOMAIN §4: recompute every
 * reported figure): the actual of each metric-bound indicator, compared like any other reported figure with the value
 * the indicator measures (`indicatorMetric`); a line that is not a percentage, or without such a value, is left out.
 */
export function selfReportedFigures(lines: readonly SelfReportedLine[], metrics: readonly MetricResult[]): ReportedFigure[] {
  return lines.flatMap((line) => {
    const actual = line.actual.replace(/\s/g, '');
    if (!PERCENT_TEXT.test(actual)) return [];
    const metric = indicatorMetric(metrics, line.metric);
    if (!metric) return [];
    return [{ metric: line.metric, subject: metric.subject ?? null, value: actual.endsWith('%') ? actual : `${actual}%`, source: `自评表 ${line.code} ${line.name}` }];
  });
}
