import type { Fen } from './money';

/**
 * The standard budget metrics of DOMAIN §4, as the reports compute them: a ratio in percent with two decimals,
 * rounded half away from zero (四舍五入) from exact integer arithmetic, so 5,705.59 / 6,383.16 is 89.39% every time.
 * A percentage is held as hundredths of a percent (basis points ×1, e.g. 8939 = 89.39%).
 */
export interface Percent {
  /** Hundredths of a percent: 8939 means 89.39%. */
  readonly hundredths: number;
}

/** numerator / denominator as a percentage, rounded half away from zero to two decimals; null when the denominator is 0. */
export function ratio(numerator: bigint, denominator: bigint): Percent | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  // percent × 100 = n / d × 10000; add half the divisor before dividing to round half up on the magnitude.
  const hundredths = (n * 10000n * 2n + d) / (2n * d);
  return { hundredths: Number(negative ? -hundredths : hundredths) };
}

/** "89.39%" */
export function formatPercent(percent: Percent): string {
  const negative = percent.hundredths < 0;
  const abs = Math.abs(percent.hundredths);
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** 预算完成率 budget execution rate: spending / total allotted. */
export const executionRate = (spent: Fen, allotted: Fen) => ratio(spent, allotted);
/** 预算调整率 adjustment rate: adjustments / initial budget. */
export const adjustmentRate = (adjustments: Fen, initialBudget: Fen) => ratio(adjustments, initialBudget);
/** 支付序时进度 payment progress at a period end: cumulative spending / cumulative allotment. */
export const paymentProgress = (cumulativeSpent: Fen, cumulativeAllotted: Fen) => ratio(cumulativeSpent, cumulativeAllotted);
/** 资金使用率 per project: project spending / project allotment. */
export const fundUsageRate = (projectSpent: Fen, projectAllotted: Fen) => ratio(projectSpent, projectAllotted);
/** 三公经费控制率: spent / budgeted. */
export const controlRate = (spent: Fen, budgeted: Fen) => ratio(spent, budgeted);
/** 变动率 against a base (三公 against budget or last year): (value − base) / base. */
export const changeRate = (value: Fen, base: Fen) => ratio(value - base, base);
/** 政府采购执行率: actual procurement / procurement budget. */
export const procurementExecutionRate = (actual: Fen, budget: Fen) => ratio(actual, budget);
/** 在职人员控制率: staff in post / authorised establishment (head counts, not money). */
export const staffingControlRate = (inPost: number, establishment: number) => ratio(BigInt(inPost), BigInt(establishment));
