/** 等级 by total score out of 100 (DOMAIN §3): 优秀 ≥ 90; 良好 80–<90; 中等 60–<80; 较差 < 60. */
export type Grade = 'excellent' | 'good' | 'fair' | 'poor';

export const GRADE_LABELS: Readonly<Record<Grade, string>> = Object.freeze({ excellent: '优秀', good: '良好', fair: '中等', poor: '较差' });

/** The grade of a total given in hundredths of a point (exact: 8999 is 良好, 9000 is 优秀). */
export function gradeOfHundredths(totalHundredths: number): Grade {
  if (totalHundredths >= 9000) return 'excellent';
  if (totalHundredths >= 8000) return 'good';
  if (totalHundredths >= 6000) return 'fair';
  return 'poor';
}

/** The grade of a total in points (88.9 → good). Rounded to hundredths first, as totals are. */
export function gradeOf(total: number): Grade {
  return gradeOfHundredths(Math.round(total * 100));
}
