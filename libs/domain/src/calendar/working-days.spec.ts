import { getHolidaysInRange } from 'chinese-days';
import { PACKAGE_COVERED_YEARS } from './chinese-holidays';
import { addCalendarDays, addWorkingDays, calendarDaysBetween, computeDueDate, coveredYears, isCovered, isWorkingDay, workingDaysBetween } from './working-days';

describe('working-day calendar', () => {
  it.each([
    // [start, days, expected, beyondCalendar]
    ['2026-09-28', 5, '2026-10-10', false], // the acceptance vector: National Day week, make-up Saturday
    ['2026-09-28', 1, '2026-09-29', false],
    ['2026-09-30', 1, '2026-10-08', false], // 10-01..10-07 are holidays
    ['2026-10-09', 1, '2026-10-10', false], // make-up Saturday counts
    ['2026-10-10', 1, '2026-10-12', false], // Sunday 10-11 does not
    ['2026-10-10', -1, '2026-10-09', false],
    ['2026-10-08', -1, '2026-09-30', false],
    ['2026-10-09', -1, '2026-10-08', false],
    ['2026-02-13', 1, '2026-02-14', false], // Spring Festival make-up Saturday
    ['2026-06-01', 0, '2026-06-01', false],
    ['2026-12-30', 3, '2027-01-04', true], // walks into 2027: flagged
    ['2027-09-28', 5, '2027-10-05', true], // 2027 is not published: computed Monday–Friday, flagged
  ])('%s + %i working days = %s (beyond calendar: %s)', (start, days, expected, beyond) => {
    expect(addWorkingDays(start, days)).toEqual({ date: expected, beyondCalendar: beyond });
  });

  it.each([
    ['2026-10-01', false], // National Day
    ['2026-10-10', true], // make-up Saturday
    ['2026-10-11', false], // Sunday
    ['2026-09-28', true],
    ['2027-10-01', true], // what the package says for an unpublished year: hence the flag
    ['2027-10-02', false], // Saturday outside coverage
  ])('is %s a working day: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('covers exactly the years the package publishes, and flags the next one', () => {
    expect(coveredYears()[0]).toBe(PACKAGE_COVERED_YEARS.from);
    expect(coveredYears().at(-1)).toBe(PACKAGE_COVERED_YEARS.to);
    for (const year of coveredYears()) expect(getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length).toBeGreaterThan(0);
    expect(getHolidaysInRange(`${PACKAGE_COVERED_YEARS.to + 1}-01-01`, `${PACKAGE_COVERED_YEARS.to + 1}-12-31`, false)).toHaveLength(0);
    expect(isCovered('2026-12-31')).toBe(true);
    expect(isCovered('2027-01-01')).toBe(false);
    expect(isCovered('2003-12-31')).toBe(false);
  });

  it.each([
    ['2026-09-28', '2026-10-10', 5],
    ['2026-09-28', '2026-09-28', 0],
    ['2026-10-01', '2026-10-07', 0],
    ['2026-10-01', '2026-10-08', 1],
    ['2026-10-10', '2026-09-28', 0],
  ])('working days after %s up to %s: %i', (from, to, days) => {
    expect(workingDaysBetween(from, to)).toEqual({ date: to, days, beyondCalendar: false });
  });

  it('counts calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(calendarDaysBetween('2026-09-28', '2026-10-10')).toBe(12);
    expect(calendarDaysBetween('2026-10-10', '2026-09-28')).toBe(-12);
  });

  it.each([
    [{ kind: 'calendar' as const, date: '2026-10-10' }, '2026-01-01', { date: '2026-10-10', beyondCalendar: false }],
    [{ kind: 'calendar' as const, date: '2027-03-31' }, '2026-01-01', { date: '2027-03-31', beyondCalendar: true }],
    [{ kind: 'working_days' as const, days: 5, from: '2026-09-28' }, '2026-01-01', { date: '2026-10-10', beyondCalendar: false }],
    [{ kind: 'working_days' as const, days: 5, from: null }, '2026-09-28', { date: '2026-10-10', beyondCalendar: false }],
    [{ kind: 'calendar' as const, days: 30, from: null }, '2026-12-15', { date: '2027-01-14', beyondCalendar: true }],
    [{ kind: 'calendar' as const, days: 10, from: '2026-09-28' }, '2026-01-01', { date: '2026-10-08', beyondCalendar: false }],
  ])('due date of %j from stage start %s', (definition, stageStart, expected) => {
    expect(computeDueDate(definition, stageStart)).toEqual(expected);
  });
});
