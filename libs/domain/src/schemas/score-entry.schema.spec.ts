import { saveScoresSchema, saveSelfEvaluationSchema } from './evaluation.schema';

/** The score and self-evaluation saves: the version per entry, and each indicator once per save. */
describe('saving indicator entries', () => {
  const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

  it.each([
    { case: 'the version loaded', entry: { expectedVersion: 3 }, ok: true },
    { case: 'a first save (0)', entry: { expectedVersion: 0 }, ok: true },
    { case: 'a first save (null)', entry: { expectedVersion: null }, ok: true },
    { case: 'a first save (omitted)', entry: {}, ok: true },
    { case: 'a negative version', entry: { expectedVersion: -1 }, ok: false },
    { case: 'a fractional version', entry: { expectedVersion: 1.5 }, ok: false },
  ])('scores and self-evaluation entries: $case', ({ entry, ok }) => {
    expect(saveScoresSchema.safeParse({ scores: [{ code: '1.1.1', score: 1, ...entry }] }).success).toBe(ok);
    expect(saveSelfEvaluationSchema.safeParse({ indicators: [{ code: '1.1.1', selfScore: 1, ...entry }] }).success).toBe(ok);
  });

  it('refuses one indicator listed twice, naming the second', () => {
    const twice = [
      { code: '1.1.1', score: 1, expectedVersion: 0 },
      { code: '1.1.2', score: 1, expectedVersion: 0 },
      { code: '1.1.1', score: 2, expectedVersion: 0 },
    ];
    expect(issues(saveScoresSchema.safeParse({ scores: twice }))).toEqual(['scores.2.code: this indicator is listed twice']);
    const selfTwice = twice.map(({ code, expectedVersion }) => ({ code, selfScore: 1, expectedVersion }));
    expect(issues(saveSelfEvaluationSchema.safeParse({ indicators: selfTwice }))).toEqual(['indicators.2.code: this indicator is listed twice']);
  });
});
