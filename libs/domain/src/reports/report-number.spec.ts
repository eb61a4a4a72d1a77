import { formatReportNumber, reportNumberPatternSchema, reportNumberYear } from './report-number';

describe('文号 patterns', () => {
  it.each([
    ['长财绩评〔{year}〕{n}号', 2026, 7, '长财绩评〔2026〕7号'],
    ['湘浩元评字[{year}]第{n}号', 2026, 12, '湘浩元评字[2026]第12号'],
    ['长财绩评〔{year}〕{n:3}号', 2026, 7, '长财绩评〔2026〕007号'],
    ['绩评{n}号', 2027, 1, '绩评1号'],
  ])('%s, %i, %i → %s', (pattern, year, n, expected) => {
    expect(reportNumberPatternSchema.parse(pattern)).toBe(pattern);
    expect(formatReportNumber(pattern, year, n)).toBe(expected);
  });

  it.each([
    ['', '请填写文号规则'],
    ['长财绩评〔{year}〕号', '须含且仅含一个序号占位符'],
    ['{n}{n}', '须含且仅含一个序号占位符'],
    ['{year}{year}{n}', '最多含一个年份占位符'],
    ['长财{dept}{n}号', '只能使用占位符'],
    ['长财{n:9}号', '须含且仅含一个序号占位符'],
    ['x'.repeat(61) + '{n}', '最多60个字'],
    ['长财\u0007{n}', '控制字符'],
  ])('refuses %j', (pattern, message) => {
    const result = reportNumberPatternSchema.safeParse(pattern);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(' ')).toContain(message);
  });

  it('numbers by the Beijing year of the approval', () => {
    expect(reportNumberYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(reportNumberYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});
