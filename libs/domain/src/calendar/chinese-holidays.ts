/**
 * The one file that touches `chinese-days` (the published statutory holiday and make-up-day calendar, DOMAIN §7).
 * It is a data package (no I/O, no framework), so libs/domain may use it; everything else asks this module.
 * Its data covers 2004–2026; later years must be flagged, never computed as if they had no holidays.
 */
import { isWorkday } from 'chinese-days';

/** Years whose holidays and make-up days are published in the package (checked by the spec against its data). */
export const PACKAGE_COVERED_YEARS = { from: 2004, to: 2026 } as const;

/**
 * Corrections and later years maintained here until the package catches up: a date listed as `working: false` is a
 * holiday, `working: true` a make-up working day (调休上班). A year counts as covered only when `COVERED_YEARS`
 * includes it, so add a year's full list here and extend `EXTRA_COVERED_YEARS` together.
 */
export const CALENDAR_OVERRIDES: readonly { date: string; working: boolean; note: string }[] = [];
export const EXTRA_COVERED_YEARS: readonly number[] = [];

const overrides = new Map(CALENDAR_OVERRIDES.map((entry) => [entry.date, entry.working]));

/** Whether the published calendar makes `date` (YYYY-MM-DD) a working day; overrides win. */
export function publishedIsWorkday(date: string): boolean {
  const override = overrides.get(date);
  return override ?? isWorkday(date);
}
