import { isCovered } from './working-days';

/**
 * What a page or a mail says ONCE about dates the holiday calendar does not cover, in words a clerk understands
 * (not a flag on every date): "2027年法定节假日安排尚未公布，暂按周一至周五计算工作日". Null when every date is covered.
 * Only dates in an uncovered year count: counting forward from a covered year into an uncovered one always ends there.
 */
export function holidayCalendarNote(dates: readonly (string | null | undefined)[]): string | null {
  const years = [...new Set(dates.filter((date): date is string => typeof date === 'string' && date !== '' && !isCovered(date)).map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b);
  if (years.length === 0) return null;
  return `${years.map((year) => `${year}年`).join('、')}法定节假日安排尚未公布，暂按周一至周五计算工作日`;
}
