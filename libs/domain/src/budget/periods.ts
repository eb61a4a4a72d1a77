import type { BudgetData, BudgetPeriod } from './budget-data';
import type { Fen } from './money';

/*
 * Monthly or quarterly figures may be entered cumulatively (期末累计, as payment systems print them), per period (当期,
 * as a monthly table prints them), or both. Each is derived from the other where the periods before it allow:
 * 当期 = 本期末累计 − 上期末累计 (the first period's is its cumulative), 累计 = 上期末累计 + 当期. A derived figure is
 * marked as such; where both are entered and disagree, the difference is reported (never silently replaced).
 */

export type PeriodSeries = 'allotted' | 'spent';

export interface DerivedPeriod extends BudgetPeriod {
  /** Which figures were derived rather than entered. */
  derived: ('allotted' | 'spent' | 'periodAllotted' | 'periodSpent')[];
}

export interface PeriodMismatch {
  period: string;
  series: PeriodSeries;
  /** 上期末累计 + 当期 */
  expected: Fen;
  /** 本期末累计 as entered */
  actual: Fen;
}

export interface DerivedPeriods {
  periods: DerivedPeriod[];
  mismatches: PeriodMismatch[];
}

const PERIOD_FIELD: Record<PeriodSeries, 'periodAllotted' | 'periodSpent'> = { allotted: 'periodAllotted', spent: 'periodSpent' };

/** 'Q3' → {kind: 'Q', index: 3}; 'M09' → {kind: 'M', index: 9}. */
export const periodParts = (period: string) => ({ kind: period[0] as 'Q' | 'M', index: Number(period.slice(1)) });
export const PERIODS_PER_YEAR = { Q: 4, M: 12 } as const;
/** The year-end period of a granularity: Q4 or M12. */
export const yearEnd = (kind: 'Q' | 'M') => (kind === 'Q' ? 'Q4' : 'M12');

/** Quarters first, then months, each in order. */
export const periodOrder = (a: string, b: string) => (a[0] === b[0] ? periodParts(a).index - periodParts(b).index : a[0] === 'Q' ? -1 : 1);

export function derivePeriods(periods: readonly BudgetPeriod[]): DerivedPeriods {
  const mismatches: PeriodMismatch[] = [];
  const result: DerivedPeriod[] = [...periods].sort((a, b) => periodOrder(a.period, b.period)).map((p) => ({ ...p, derived: [] }));
  for (const kind of ['Q', 'M'] as const) {
    const ofKind = new Map(result.filter((p) => p.period[0] === kind).map((p) => [periodParts(p.period).index, p]));
    for (const series of ['allotted', 'spent'] as const) {
      const field = PERIOD_FIELD[series];
      // The cumulative figure at the end of the previous period: 0 before the first, unknown after a gap.
      let previous: Fen | undefined = 0n;
      for (let index = 1; index <= PERIODS_PER_YEAR[kind]; index++) {
        const p = ofKind.get(index);
        if (!p) {
          previous = undefined;
          continue;
        }
        if (p[series] === undefined && p[field] !== undefined && previous !== undefined) {
          p[series] = previous + p[field];
          p.derived.push(series);
        } else if (p[field] === undefined && p[series] !== undefined && previous !== undefined) {
          p[field] = p[series] - previous;
          p.derived.push(field);
        } else if (p[series] !== undefined && p[field] !== undefined && previous !== undefined && previous + p[field] !== p[series]) {
          mismatches.push({ period: p.period, series, expected: previous + p[field], actual: p[series] });
        }
        previous = p[series];
      }
    }
  }
  return { periods: result, mismatches };
}

/** The year's figure of a series: the fund table's total when given, else the year-end cumulative (Q4 / M12). */
export function yearTotal(data: BudgetData, periods: readonly DerivedPeriod[], series: PeriodSeries, kind: 'Q' | 'M'): { amount: Fen; from: 'total' | 'year_end' } | undefined {
  const total = data.total?.[series];
  if (total !== undefined) return { amount: total, from: 'total' };
  const end = periods.find((p) => p.period === yearEnd(kind))?.[series];
  return end === undefined ? undefined : { amount: end, from: 'year_end' };
}

/** Zero-padded month of a quarter's end: Q1 → M03. */
export const quarterEndMonth = (quarter: string) => `M${String(periodParts(quarter).index * 3).padStart(2, '0')}`;
