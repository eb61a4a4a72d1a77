import { THREE_PUBLIC_LABELS } from '../schemas/budget.schema';
import type { BudgetData, BudgetLine, ReportedFigure } from './budget-data';
import { formatAmount } from './budget-data';
import { THREE_PUBLIC_TOTAL, type MetricResult } from './budget-metrics';
import { METRIC_DEFINITIONS, type MetricKey } from './metric-catalog';
import { formatPercent } from './metrics';
import { derivePeriods, periodParts, quarterEndMonth, yearEnd } from './periods';

/* The checks a reviewer makes by hand: recompute each reported figure, reconcile two sources, add up the tables. */

export interface ReportedFigureCheck {
  metric: ReportedFigure['metric'];
  /** The variant the figure was recomputed by (the one it names, else the one in use); null when not computable. */
  variant: string | null;
  /** That variant's formula. */
  formula: string | null;
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
export function checkReportedFigures(reported: readonly ReportedFigure[], metrics: readonly MetricResult[], alternatives: readonly MetricResult[] = []): ReportedFigureCheck[] {
  return reported.map((figure) => {
    // A figure naming a variant is recomputed by that formula (a report from a region that uses another one).
    const sameSubject = (m: MetricResult) => m.key === figure.metric && (m.subject ?? null) === (figure.subject ?? null);
    const metric = figure.variant ? [...metrics, ...alternatives].find((m) => sameSubject(m) && m.variant === figure.variant) : metrics.find(sameSubject);
    const printed = figure.value.replace('%', '').trim();
    const decimals = printed.split('.')[1]?.length ?? 0;
    const tolerance = `0.${'0'.repeat(decimals)}5%`;
    const base = {
      metric: figure.metric,
      variant: metric?.variant ?? figure.variant ?? null,
      formula: metric?.formula ?? (figure.variant ? (METRIC_DEFINITIONS[figure.metric].variants.find((v) => v.key === figure.variant)?.formula ?? null) : null),
      subject: figure.subject,
      source: figure.source,
      reported: figure.value.endsWith('%') ? figure.value : `${figure.value}%`,
      tolerance,
    };
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
  /** actual − expected, in the unit, when they differ. */
  difference?: string;
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
    const ok = expected === actual;
    checks.push({ check, expected: formatAmount(expected, unit), actual: formatAmount(actual, unit), ok, ...(ok ? {} : { difference: formatAmount(actual - expected, unit) }) });
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
    const used = line.allotted !== undefined && line.spent !== undefined ? line.allotted - line.spent : undefined;
    // With an opening carry-over the funds available are 上年结转 + 下达, and what is left of them is recovered or carried.
    if (line.carriedIn === undefined) add(`${name}：全年指标下达数 − 支出 = 年末指标收回 + 结转结余`, used, leftover);
    else add(`${name}：上年结转 + 全年指标下达数 − 支出 = 年末指标收回 + 年末结转结余`, used === undefined ? undefined : line.carriedIn + used, leftover);
  }
  for (const key of ['carriedIn', 'initial', 'adjustments', 'allotted', 'spent', 'carryOver'] as const) {
    const label = { carriedIn: '上年结转', initial: '年初预算', adjustments: '预算调整', allotted: '全年指标下达数', spent: '支出', carryOver: '年末结转结余' }[key];
    if (data.basic?.staff && data.basic.running) add(`人员经费 + 公用经费 = 基本支出（${label}）`, sum(data.basic.staff[key], data.basic.running[key]), data.basic[key]);
    if (data.basic && data.project) add(`基本支出 + 项目支出 = 合计（${label}）`, sum(data.basic[key], data.project[key]), data.total?.[key]);
    if (data.projects.length && (key === 'allotted' || key === 'spent')) {
      add(`项目清单合计 = 项目支出（${label}）`, sum(...data.projects.map((p) => p[key])), data.project?.[key]);
    }
  }
  periodChecks(data, add);
  // 三公: the kinds add up to the total a report gives.
  const givenTotal = data.threePublicTotal;
  if (givenTotal && data.threePublic.length === 3) {
    for (const [field, label] of [['budget', '预算数'], ['spent', '决算支出数'], ['lastYear', '上年决算支出数'], ['lastYearBudget', '上年预算数']] as const) {
      add(`“三公经费”${data.threePublic.map((k) => THREE_PUBLIC_LABELS[k.kind]).join(' + ')} = 合计（${label}）`, sum(...data.threePublic.map((k) => k[field])), givenTotal[field]);
    }
  }
  // 收入: the sources add up to the total.
  const incomeTotal = data.income.find((i) => i.isTotal);
  const sources = data.income.filter((i) => !i.isTotal);
  if (incomeTotal && sources.length) {
    add('各项收入之和 = 收入合计（本年）', sum(...sources.map((i) => i.thisYear)), incomeTotal.thisYear);
    add('各项收入之和 = 收入合计（上年）', sum(...sources.map((i) => i.lastYear)), incomeTotal.lastYear);
  }
  // 固定资产: 年初 + 本年增加 − 本年减少 = 年末; in use at most all of them.
  const assets = data.fixedAssets;
  if (assets) {
    const movement = assets.opening !== undefined && assets.additions !== undefined && assets.disposals !== undefined ? assets.opening + assets.additions - assets.disposals : undefined;
    add('固定资产：年初 + 本年增加 − 本年减少 = 年末', movement, assets.closing);
  }
  return checks;
}

/**
 * The periods: 上期末累计 + 当期 = 本期末累计 where both were entered; the year-end cumulative (Q4 / M12) and the sum of
 * the periods against the year's total; a quarter's end against its month (Q3 = M09) when both are given.
 */
function periodChecks(data: BudgetData, add: (check: string, expected: bigint | undefined, actual: bigint | undefined) => void): void {
  if (!data.periods.length) return;
  const { periods, mismatches } = derivePeriods(data.periods);
  const label = { allotted: '指标下达数', spent: '支出' } as const;
  for (const m of mismatches) add(`${m.period}：上期末累计 + 当期${label[m.series]} = 本期末累计${label[m.series]}`, m.expected, m.actual);
  for (const kind of ['Q', 'M'] as const) {
    const ofKind = periods.filter((p) => p.period[0] === kind);
    if (!ofKind.length) continue;
    const name = kind === 'Q' ? '各季度' : '各月';
    for (const series of ['allotted', 'spent'] as const) {
      const field = series === 'spent' ? 'periodSpent' : 'periodAllotted';
      const yearly = data.total?.[series];
      const complete = ofKind.length === (kind === 'Q' ? 4 : 12) && ofKind.every((p) => p[field] !== undefined);
      if (complete) add(`${name}当期${label[series]}之和 = 全年${label[series]}`, sum(...ofKind.map((p) => p[field])), yearly);
      const end = ofKind.find((p) => p.period === yearEnd(kind));
      // Entered (not derived) year-end cumulative against the year; derived ones are the sum above.
      if (end && !end.derived.includes(series) && !complete) add(`${end.period}末累计${label[series]} = 全年${label[series]}`, end[series], yearly);
    }
  }
  for (const quarter of periods.filter((p) => p.period[0] === 'Q')) {
    const month = periods.find((p) => p.period === quarterEndMonth(quarter.period));
    if (!month) continue;
    for (const series of ['allotted', 'spent'] as const) {
      add(`第${'一二三四'[periodParts(quarter.period).index - 1]}季度末累计${label[series]} = ${month.period.slice(1).replace(/^0/, '')}月末累计${label[series]}`, month[series], quarter[series]);
    }
  }
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
