import { z } from 'zod';
import { hasControlCharacters } from '../schemas/common.schema';

/*
 * 文号 (issue 12 §5): the issuer's numbering pattern, e.g. `长财绩评〔{year}〕{n}号` or `湘浩元评字[{year}]第{n}号`.
 * `{n}` is the number within the issuer's year (1, 2, …; `{n:3}` pads it to three digits: 001), `{year}` the
 * four-digit year of the approval. Pure: the API advances the counter in the approval's transaction and formats here.
 */
export const REPORT_NUMBER_PLACEHOLDER = /\{n(?::([1-6]))?\}/g;

/** What a pattern may contain besides its placeholders: no control characters; at most 60 characters. */
export const reportNumberPatternSchema = z
  .string()
  .trim()
  .min(1, '请填写文号规则')
  .max(60, '文号规则最多60个字')
  .refine((pattern) => !hasControlCharacters(pattern) && !/[\t\r\n]/.test(pattern), '文号规则不能含控制字符')
  .refine((pattern) => (pattern.match(REPORT_NUMBER_PLACEHOLDER) ?? []).length === 1, '文号规则须含且仅含一个序号占位符 {n}（可写作 {n:3} 补足三位）')
  .refine((pattern) => (pattern.match(/\{year\}/g) ?? []).length <= 1, '文号规则最多含一个年份占位符 {year}')
  .refine((pattern) => !/\{(?!year\}|n\}|n:[1-6]\})/.test(pattern), '文号规则只能使用占位符 {year} 和 {n}');

/** The number `n` of `year` by `pattern`. */
export function formatReportNumber(pattern: string, year: number, n: number): string {
  return pattern.replace(/\{year\}/g, String(year)).replace(REPORT_NUMBER_PLACEHOLDER, (_match, width?: string) => String(n).padStart(width ? Number(width) : 0, '0'));
}

/** The year a number is issued in: the approval's Beijing calendar year. */
export function reportNumberYear(instant: Date): number {
  return new Date(instant.getTime() + 8 * 3_600_000).getUTCFullYear();
}
