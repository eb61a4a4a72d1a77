import { EXTRA_COVERED_YEARS, PACKAGE_COVERED_YEARS, publishedIsWorkday } from './chinese-holidays';

/**
 * Working-day (工作日) and calendar-day arithmetic on plain dates (YYYY-MM-DD, Beijing days; no time zone enters).
 * Working days follow the statutory holidays and make-up days; a date outside the covered years is computed as
 * Monday–Friday but flagged `beyondCalendar`, because the holidays of that year are not published yet.
 */
export const DEADLINE_KINDS = ['calendar', 'working_days'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const DEADLINE_KIND_LABELS: Record<DeadlineKind, { zh: string; en: string }> = {
  calendar: { zh: '自然日', en: 'calendar days' },
  working_days: { zh: '工作日', en: 'working days' },
};

/** Years the calendar covers: the package's years plus any maintained here. */
export function coveredYears(): number[] {
  const years: number[] = [];
  for (let year = PACKAGE_COVERED_YEARS.from; year <= PACKAGE_COVERED_YEARS.to; year++) years.push(year);
  for (const year of EXTRA_COVERED_YEARS) if (!years.includes(year)) years.push(year);
  return years.sort((a, b) => a - b);
}

export function isCovered(date: string): boolean {
  return coveredYears().includes(Number(date.slice(0, 4)));
}

const DAY_MS = 86_400_000;
const toUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addCalendarDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function isWorkingDay(date: string): boolean {
  if (isCovered(date)) return publishedIsWorkday(date);
  const weekday = new Date(toUtc(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** A date with the flag that says whether it was computed through years the calendar does not cover. */
export interface ComputedDate {
  date: string;
  beyondCalendar: boolean;
}

/**
 * N working days after `date` (N < 0: before). Day 0 is `date` itself, so 5 working days from Monday 2026-09-28
 * is 2026-10-10, the make-up Saturday after the National Day holiday. Every day stepped over is checked for coverage.
 */
export function addWorkingDays(date: string, days: number): ComputedDate {
  const step = days < 0 ? -1 : 1;
  let current = date;
  let remaining = Math.abs(days);
  let beyondCalendar = !isCovered(date);
  while (remaining > 0) {
    current = addCalendarDays(current, step);
    if (!isCovered(current)) beyondCalendar = true;
    if (isWorkingDay(current)) remaining--;
  }
  return { date: current, beyondCalendar };
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string): ComputedDate & { days: number } {
  let days = 0;
  let beyondCalendar = !isCovered(from) || !isCovered(to);
  for (let current = addCalendarDays(from, 1); current <= to; current = addCalendarDays(current, 1)) {
    if (!isCovered(current)) beyondCalendar = true;
    if (isWorkingDay(current)) days++;
  }
  return { date: to, days, beyondCalendar };
}

/** How a deadline is set: a fixed date, or N days of its kind from a start date (the stage start when none given). */
export type DeadlineDefinition =
  | { kind: DeadlineKind; date: string }
  | { kind: DeadlineKind; days: number; from: string | null };

/**
 * The due date of a definition; `stageStart` stands in for a missing `from` (the day the stage starts, or a
 * provisional day before it has). Any due date in a year the calendar does not cover is flagged (DOMAIN §7).
 */
export function computeDueDate(definition: DeadlineDefinition, stageStart: string): ComputedDate {
  if ('date' in definition) return { date: definition.date, beyondCalendar: !isCovered(definition.date) };
  const from = definition.from ?? stageStart;
  if (definition.kind === 'working_days') return addWorkingDays(from, definition.days);
  const date = addCalendarDays(from, definition.days);
  return { date, beyondCalendar: !isCovered(date) };
}
