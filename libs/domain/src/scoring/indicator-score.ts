import type { Percent } from '../budget/metrics';
import type { ScoringRule } from '../frameworks/scoring-rule';
import { divRoundHalfAway, formatHundredths, formatMeasure, MEASURE_SCALE, parseMeasuredText, toHundredths, toMeasure, weightTenths } from './exact';

/** 定性指标 bands, in percent of the weight (DOMAIN §3). */
export type QualitativeBand = 'achieved' | 'partly' | 'not_achieved';
export const QUALITATIVE_BANDS: Readonly<Record<QualitativeBand, { readonly zh: string; readonly fromPercent: number; readonly toPercent: number }>> = Object.freeze({
  achieved: { zh: '达成年度指标', fromPercent: 80, toPercent: 100 },
  partly: { zh: '部分达成', fromPercent: 60, toPercent: 80 },
  not_achieved: { zh: '未达成', fromPercent: 0, toPercent: 60 },
});

/** What a scorer knows about one indicator. Every field is optional: the rule says which ones it uses. */
export interface IndicatorInputs {
  /** The actual (全年完成值) as entered, e.g. '60', '94.9%', '受到市政府领导肯定'. */
  readonly actual?: string | null;
  /** For a metric-bound rule: the metric computed from the budget data (overrides a number in `actual`). */
  readonly metricValue?: Percent | null;
  /** For the budget-execution rule: spending and budget in fen (override a percentage in `actual`). */
  readonly spentFen?: bigint | null;
  readonly budgetFen?: bigint | null;
  /** A score a person gave (self-score or evaluator score): the score of qualitative and manual rules. */
  readonly givenScore?: number | null;
}

export interface IndicatorScore {
  /** The score from the rule where it is computable, else the given score, else null. Two decimals. */
  readonly score: number | null;
  readonly scoreHundredths: number | null;
  /** Where the score came from: computed by the rule, taken from the given score, or none. */
  readonly source: 'rule' | 'given' | 'none';
  /** weight − score (扣分), two decimals; null without a score. */
  readonly deduction: number | null;
  /** Why, in zh: the formula with its figures, or what is missing. */
  readonly explanation: string;
  /** Whether the actual misses the target (quantitative: by the numbers; otherwise: score below the weight). null = unknown yet. */
  readonly missesTarget: boolean | null;
  /** A deviation reason (偏差原因) is required: the target is missed. */
  readonly deviationReasonRequired: boolean;
  /** Qualitative rules: the band the score falls in. */
  readonly band?: QualitativeBand;
  /** A given score that disagrees with the rule's score, or lies outside 0..weight, in zh; absent when consistent. */
  readonly warning?: string;
}

export interface ScoredIndicator {
  readonly code: string;
  readonly weight: number;
  readonly scoring?: ScoringRule;
}

/**
 * Scores one level-3 indicator by its structured rule (DOMAIN §3). Pure and exact: weights in tenths, measures with
 * four decimals, one rounding (half away from zero) to hundredths of a point. Without a structured rule, or when the
 * rule needs a person's judgement (qualitative, manual) or the inputs lack a number, the given score is used.
 */
export function scoreIndicator(indicator: ScoredIndicator, inputs: IndicatorInputs = {}): IndicatorScore {
  const weight = weightTenths(indicator.weight) * 10; // hundredths of a point
  const given = inputs.givenScore == null ? null : toHundredths(inputs.givenScore);
  const rule = indicator.scoring;
  const computed = rule ? computeByRule(rule, weight, inputs) : null;
  if (computed) {
    const warning = given !== null && given !== computed.hundredths ? `给定得分 ${formatHundredths(given)} 与按计分方式计算的 ${formatHundredths(computed.hundredths)} 不一致` : undefined;
    return result(computed.hundredths, 'rule', weight, computed.explanation, computed.misses, { warning });
  }
  const missing = rule ? missingInputExplanation(rule) : '未设置计分方式，按评分人给定的得分';
  if (given === null) return { score: null, scoreHundredths: null, source: 'none', deduction: null, explanation: missing, missesTarget: null, deviationReasonRequired: false };
  const outOfRange = given < 0 || given > weight ? `得分 ${formatHundredths(given)} 不在 0 至分值 ${formatHundredths(weight)} 之间` : undefined;
  const band = rule?.kind === 'qualitative' ? bandOf(given, weight) : undefined;
  const explanation = band ? `定性指标：得分 ${formatHundredths(given)}，属“${QUALITATIVE_BANDS[band].zh}”档（分值的 ${QUALITATIVE_BANDS[band].fromPercent}%–${QUALITATIVE_BANDS[band].toPercent}%）` : missing;
  // Without numbers to compare, the target counts as missed when the score is below the weight (brief: otherwise self-score < weight).
  return result(given, 'given', weight, explanation, given < weight, { band, warning: outOfRange });
}

function result(
  hundredths: number,
  source: 'rule' | 'given',
  weight: number,
  explanation: string,
  misses: boolean,
  extra: { band?: QualitativeBand; warning?: string },
): IndicatorScore {
  return {
    score: hundredths / 100,
    scoreHundredths: hundredths,
    source,
    deduction: Math.max(0, weight - hundredths) / 100,
    explanation,
    missesTarget: misses,
    deviationReasonRequired: misses,
    ...(extra.band ? { band: extra.band } : {}),
    ...(extra.warning ? { warning: extra.warning } : {}),
  };
}

interface Computed {
  readonly hundredths: number;
  readonly misses: boolean;
  readonly explanation: string;
}

function computeByRule(rule: ScoringRule, weight: number, inputs: IndicatorInputs): Computed | null {
  switch (rule.kind) {
    case 'higher_is_better': {
      const target = toMeasure(rule.target);
      const actual = parseMeasuredText(inputs.actual);
      if (target === null || target <= 0n || actual === null) return null;
      return higherIsBetter(actual.value, target, weight, `${formatMeasure(actual.value)}${rule.unit}`, `${rule.target}${rule.unit}`);
    }
    case 'lower_is_better': {
      const target = toMeasure(rule.target);
      const actual = parseMeasuredText(inputs.actual);
      if (target === null || target <= 0n || actual === null) return null;
      return lowerIsBetter(actual.value, target, weight, `${formatMeasure(actual.value)}${rule.unit}`, `${rule.target}${rule.unit}`);
    }
    case 'metric': {
      // Percent hundredths → measure scale (×100): 8939 → 89.39.
      const fromMetric = inputs.metricValue ? BigInt(inputs.metricValue.hundredths) * (MEASURE_SCALE / 100n) : null;
      const fromText = parseMeasuredText(inputs.actual)?.value ?? null;
      const actual = fromMetric ?? fromText;
      if (actual === null || rule.targetHundredths <= 0) return null;
      const target = BigInt(rule.targetHundredths) * (MEASURE_SCALE / 100n);
      const compare = rule.direction === 'higher' ? higherIsBetter : lowerIsBetter;
      return compare(actual, target, weight, `${formatMeasure(actual)}%`, `${formatMeasure(target)}%`);
    }
    case 'budget_execution':
      return budgetExecution(weight, inputs);
    case 'qualitative':
    case 'manual':
      return null;
  }
}

/** actual ≥ target → weight; else actual ÷ target × weight (a negative actual scores 0). */
function higherIsBetter(actual: bigint, target: bigint, weight: number, actualText: string, targetText: string): Computed {
  if (actual >= target) return { hundredths: weight, misses: false, explanation: `实际值 ${actualText} ≥ 目标值 ${targetText}，得满分 ${formatHundredths(weight)}` };
  const hundredths = actual <= 0n ? 0 : Number(divRoundHalfAway(actual * BigInt(weight), target));
  return {
    hundredths,
    misses: true,
    explanation: `实际值 ${actualText} 未达到目标值 ${targetText}：${actualText} ÷ ${targetText} × ${formatHundredths(weight)} = ${formatHundredths(hundredths)}`,
  };
}

/** actual ≤ target → weight; target < actual < 2 × target → (2 × target − actual) ÷ target × weight; else 0. */
function lowerIsBetter(actual: bigint, target: bigint, weight: number, actualText: string, targetText: string): Computed {
  if (actual <= target) return { hundredths: weight, misses: false, explanation: `实际值 ${actualText} ≤ 目标值 ${targetText}，得满分 ${formatHundredths(weight)}` };
  if (actual >= 2n * target) return { hundredths: 0, misses: true, explanation: `实际值 ${actualText} ≥ 目标值 ${targetText} 的 2 倍，得 0 分` };
  // (1 − (a − t) ÷ t) × w = (2t − a) ÷ t × w, one division so one rounding.
  const hundredths = Number(divRoundHalfAway((2n * target - actual) * BigInt(weight), target));
  return {
    hundredths,
    misses: true,
    explanation: `实际值 ${actualText} 超过目标值 ${targetText}：(1 − (${actualText} − ${targetText}) ÷ ${targetText}) × ${formatHundredths(weight)} = ${formatHundredths(hundredths)}`,
  };
}

/** min(spent ÷ budget, 100%) × weight, from fen when given, else from a percentage actual ("97.98%"). */
function budgetExecution(weight: number, inputs: IndicatorInputs): Computed | null {
  if (inputs.spentFen != null && inputs.budgetFen != null && inputs.budgetFen > 0n) {
    const spent = inputs.spentFen < 0n ? 0n : inputs.spentFen;
    const capped = spent > inputs.budgetFen ? inputs.budgetFen : spent;
    const hundredths = Number(divRoundHalfAway(capped * BigInt(weight), inputs.budgetFen));
    const rate = divRoundHalfAway(spent * 10_000n, inputs.budgetFen);
    const rateText = `${formatHundredths(Number(rate))}%`;
    return {
      hundredths,
      misses: spent < inputs.budgetFen,
      explanation: `预算执行率 ${rateText}：min(${rateText}, 100%) × ${formatHundredths(weight)} = ${formatHundredths(hundredths)}`,
    };
  }
  const actual = parseMeasuredText(inputs.actual);
  if (!actual?.percent) return null;
  const full = 100n * MEASURE_SCALE;
  const rate = actual.value < 0n ? 0n : actual.value;
  const capped = rate > full ? full : rate;
  const hundredths = Number(divRoundHalfAway(capped * BigInt(weight), full));
  const rateText = `${formatMeasure(actual.value)}%`;
  return { hundredths, misses: rate < full, explanation: `预算执行率 ${rateText}：min(${rateText}, 100%) × ${formatHundredths(weight)} = ${formatHundredths(hundredths)}` };
}

function missingInputExplanation(rule: ScoringRule): string {
  switch (rule.kind) {
    case 'higher_is_better':
    case 'lower_is_better':
      return `实际值不是数值，无法按目标值 ${rule.target}${rule.unit} 计算，按评分人给定的得分`;
    case 'metric':
      return '缺少绑定预算指标的数值，按评分人给定的得分';
    case 'budget_execution':
      return '缺少全年预算数和执行数（或执行率），按评分人给定的得分';
    case 'qualitative':
      return '定性指标：由评分人按达成程度给分';
    case 'manual':
      return `扣分制：${rule.deduction}`;
  }
}

/** The qualitative band a score falls in; a score exactly on a boundary belongs to the upper band (80% → 达成). */
export function bandOf(scoreHundredths: number, weightHundredths: number): QualitativeBand {
  if (weightHundredths <= 0) return 'achieved';
  // Compare score ÷ weight with 80% and 60% without dividing: score × 100 ≥ weight × 80.
  if (scoreHundredths * 100 >= weightHundredths * 80) return 'achieved';
  if (scoreHundredths * 100 >= weightHundredths * 60) return 'partly';
  return 'not_achieved';
}

/** The score range of a band for a weight, in points (two decimals, rounded half away from zero). */
export function bandRange(band: QualitativeBand, weight: number): { from: number; to: number } {
  const w = BigInt(weightTenths(weight) * 10);
  const { fromPercent, toPercent } = QUALITATIVE_BANDS[band];
  return { from: Number(divRoundHalfAway(w * BigInt(fromPercent), 100n)) / 100, to: Number(divRoundHalfAway(w * BigInt(toPercent), 100n)) / 100 };
}
