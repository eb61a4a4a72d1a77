import { formatRate, satisfactionSummary, tallyQuestion, type SatisfactionCounts } from './satisfaction';

const counts = (verySatisfied: number, satisfied: number, fairlySatisfied: number, dissatisfied: number): SatisfactionCounts => ({
  verySatisfied,
  satisfied,
  fairlySatisfied,
  dissatisfied,
});

describe('satisfaction rate of one question: (非常满意 + 满意) ÷ valid answers', () => {
  it.each([
    ['all four options', counts(30, 50, 15, 5), 80, 100, 0.8],
    ['基本满意 is not satisfied', counts(0, 0, 10, 0), 0, 10, 0],
    ['only satisfied answers', counts(3, 7, 0, 0), 10, 10, 1],
    ['one answer dissatisfied', counts(0, 0, 0, 1), 0, 1, 0],
    ['no valid answer: no rate', counts(0, 0, 0, 0), 0, 0, null],
    ['a third', counts(1, 0, 1, 1), 1, 3, 1 / 3],
  ])('%s', (_name, question, satisfied, valid, rate) => {
    expect(tallyQuestion(question)).toEqual({ satisfied, valid, rate });
  });
});

describe('overall satisfaction: answers of all questions pooled', () => {
  it.each([
    ['no questions', [], 0, 0, null],
    ['one question', [counts(30, 50, 15, 5)], 80, 100, 0.8],
    // (80 + 2) / (100 + 10) — not the mean (0.8 + 0.2) / 2 of the per-question rates.
    ['weighted by answers', [counts(30, 50, 15, 5), counts(1, 1, 4, 4)], 82, 110, 82 / 110],
    ['a question nobody answered adds nothing', [counts(5, 5, 0, 0), counts(0, 0, 0, 0)], 10, 10, 1],
  ])('%s', (_name, questions, satisfied, valid, rate) => {
    const summary = satisfactionSummary(questions.map((c) => ({ counts: c })));
    expect([summary.satisfied, summary.valid, summary.rate]).toEqual([satisfied, valid, rate]);
    expect(summary.questions).toHaveLength(questions.length);
  });
});

describe('formatRate', () => {
  it.each([
    [0.8, '80.0%'],
    [82 / 110, '74.5%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [2 / 3, '66.7%'],
    [null, '—'],
  ])('%s → %s', (rate, text) => expect(formatRate(rate)).toBe(text));
});
