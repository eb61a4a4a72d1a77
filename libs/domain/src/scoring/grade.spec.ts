import { GRADE_LABELS, gradeOf, gradeOfHundredths } from './grade';

describe('grade bands (优秀 ≥ 90, 良好 80–<90, 中等 60–<80, 较差 < 60)', () => {
  it.each<[number, string]>([
    [100, '优秀'],
    [99, '优秀'],
    [90, '优秀'],
    [89.99, '良好'],
    [88.9, '良好'], // seed 000
    [80, '良好'],
    [79.99, '中等'],
    [60, '中等'],
    [59.99, '较差'],
    [0, '较差'],
  ])('%p → %s', (total, label) => {
    expect(GRADE_LABELS[gradeOf(total)]).toBe(label);
  });

  it('works in hundredths exactly', () => {
    expect(gradeOfHundredths(8999)).toBe('good');
    expect(gradeOfHundredths(9000)).toBe('excellent');
    expect(gradeOf(0.1 * 3 * 300)).toBe('excellent'); // 90.00000000000001 is 90.00
  });
});
