import type { ScoringRule } from '../frameworks/scoring-rule';
import { bandOf, bandRange, scoreIndicator, type IndicatorInputs } from './indicator-score';

const higher = (target: number, unit = '%'): ScoringRule => ({ kind: 'higher_is_better', target, unit });
const lower = (target: number, unit = '%'): ScoringRule => ({ kind: 'lower_is_better', target, unit });

/** [rule, weight, inputs, score, missesTarget] — one row per case of DOMAIN §3's formulas, rounding edges included. */
type Row = [string, ScoringRule | undefined, number, IndicatorInputs, number | null, boolean | null];

describe('scoreIndicator', () => {
  it.each<Row>([
    // higher is better: actual ≥ target → weight; else actual ÷ target × weight
    ['higher: above target', higher(50, '次'), 3, { actual: '60' }, 3, false],
    ['higher: exactly on target', higher(100), 10, { actual: '100%' }, 10, false],
    ['higher: 94.9 of 90 is full', higher(90), 10, { actual: '94.9%' }, 10, false],
    ['higher: 45 of 50 → 2.7', higher(50, '次'), 3, { actual: '45次' }, 2.7, true],
    ['higher: 89.39 of 100 × 3 → 2.6817 → 2.68', higher(100), 3, { actual: '89.39%' }, 2.68, true],
    ['higher: 2 of 3 × 10 → 6.666… → 6.67', higher(3, '项'), 10, { actual: '2项' }, 6.67, true],
    ['higher: 1 of 3 × 10 → 3.333… → 3.33', higher(3, '项'), 10, { actual: '1' }, 3.33, true],
    ['higher: half-up edge 0.125 → 0.13', higher(8), 1, { actual: '1' }, 0.13, true],
    ['higher: one decimal weight 1.5, 50% → 0.75', higher(100), 1.5, { actual: '50%' }, 0.75, true],
    ['higher: zero actual → 0', higher(100), 5, { actual: '0%' }, 0, true],
    ['higher: negative actual → 0', higher(100), 5, { actual: '-3%' }, 0, true],
    // lower is better: ≤ target → weight; (2t − a) ÷ t × w between; ≥ 2t → 0
    ['lower: below target', lower(100), 10, { actual: '95%' }, 10, false],
    ['lower: on target', lower(100), 10, { actual: '100%' }, 10, false],
    ['lower: 110 of 100 → 9', lower(100), 10, { actual: '110%' }, 9, true],
    ['lower: 150 of 100 → 5', lower(100), 10, { actual: '150%' }, 5, true],
    ['lower: 199.99 of 100 → 0.0010 → 0', lower(100), 10, { actual: '199.99%' }, 0, true],
    ['lower: 199.9 of 100 → 0.01', lower(100), 10, { actual: '199.9%' }, 0.01, true],
    ['lower: exactly twice → 0', lower(100), 10, { actual: '200%' }, 0, true],
    ['lower: beyond twice → 0', lower(100), 10, { actual: '350%' }, 0, true],
    ['lower: 3 days over 7 × 4 → 2.29', lower(7, '天'), 4, { actual: '10天' }, 2.29, true],
    // budget execution: min(spent ÷ budget, 100%) × weight
    ['budget: 5,705.59 of 6,383.16 → 8.94', { kind: 'budget_execution' }, 10, { spentFen: 570559n, budgetFen: 638316n }, 8.94, true],
    ['budget: 97.98% → 9.80', { kind: 'budget_execution' }, 10, { actual: '97.98%' }, 9.8, true],
    ['budget: overspent 146.21% → capped at 10', { kind: 'budget_execution' }, 10, { actual: '146.21%' }, 10, false],
    ['budget: overspent by fen → 10', { kind: 'budget_execution' }, 10, { spentFen: 273285n, budgetFen: 186912n }, 10, false],
    ['budget: exactly spent', { kind: 'budget_execution' }, 10, { spentFen: 100n, budgetFen: 100n }, 10, false],
    ['budget: fen win over text', { kind: 'budget_execution' }, 10, { spentFen: 50n, budgetFen: 100n, actual: '100%' }, 5, true],
    ['budget: a plain number is not a rate', { kind: 'budget_execution' }, 10, { actual: '97.98' }, null, null],
    ['budget: zero budget is not computable', { kind: 'budget_execution' }, 10, { spentFen: 0n, budgetFen: 0n }, null, null],
    // metric-bound: the metric's Percent is the actual
    ['metric: execution 89.39% vs 100% × 3 → 2.68', { kind: 'metric', metric: 'execution_rate', direction: 'higher', targetHundredths: 10000 }, 3, { metricValue: { hundredths: 8939 } }, 2.68, true],
    ['metric: Q3 progress 69.34% vs 80% × 2 → 1.73', { kind: 'metric', metric: 'payment_progress', direction: 'higher', targetHundredths: 8000 }, 2, { metricValue: { hundredths: 6934 } }, 1.73, true],
    ['metric: progress 85% vs 80% → full', { kind: 'metric', metric: 'payment_progress', direction: 'higher', targetHundredths: 8000 }, 2, { metricValue: { hundredths: 8500 } }, 2, false],
    ['metric: lower, 18.61% vs 10% × 2 → 0.28', { kind: 'metric', metric: 'adjustment_rate', direction: 'lower', targetHundredths: 1000 }, 2, { metricValue: { hundredths: 1861 } }, 0.28, true],
    ['metric: from the actual text when no metric value', { kind: 'metric', metric: 'execution_rate', direction: 'higher', targetHundredths: 10000 }, 3, { actual: '50%' }, 1.5, true],
    ['metric: nothing to read, no given score', { kind: 'metric', metric: 'execution_rate', direction: 'higher', targetHundredths: 10000 }, 3, {}, null, null],
    // qualitative / manual / no rule: the given score, target missed when below the weight
    ['qualitative: full', { kind: 'qualitative' }, 4, { givenScore: 4 }, 4, false],
    ['qualitative: partly', { kind: 'qualitative' }, 10, { givenScore: 7 }, 7, true],
    ['qualitative: no score yet', { kind: 'qualitative' }, 10, {}, null, null],
    ['manual: deduction applied by hand', { kind: 'manual', deduction: '每超过1个百分点扣0.2分' }, 2, { givenScore: 1.6 }, 1.6, true],
    ['no rule: given score', undefined, 5, { givenScore: 5 }, 5, false],
    ['no rule: nothing', undefined, 5, {}, null, null],
    // quantitative rule with a non-numeric actual falls back to the given score
    ['higher: text actual, given score', higher(100), 3, { actual: '基本完成', givenScore: 2 }, 2, true],
  ])('%s', (_label, scoring, weight, inputs, score, misses) => {
    const result = scoreIndicator({ code: '1.1.1', weight, scoring }, inputs);
    expect(result.score).toBe(score);
    expect(result.missesTarget).toBe(misses);
    expect(result.deviationReasonRequired).toBe(misses === true);
    if (score !== null) {
      expect(result.scoreHundredths).toBe(Math.round(score * 100));
      expect(result.deduction).toBe((Math.round(weight * 100) - Math.round(score * 100)) / 100);
      expect(result.explanation.length).toBeGreaterThan(0);
    } else {
      expect(result.deduction).toBeNull();
      expect(result.source).toBe('none');
    }
  });

  it('says where the score came from and explains the formula with its figures', () => {
    const computed = scoreIndicator({ code: '2.1.1', weight: 3, scoring: higher(50, '次') }, { actual: '45次' });
    expect(computed).toMatchObject({ source: 'rule', score: 2.7, deduction: 0.3 });
    expect(computed.explanation).toBe('实际值 45次 未达到目标值 50次：45次 ÷ 50次 × 3.00 = 2.70');
    const given = scoreIndicator({ code: '2.2.1', weight: 4, scoring: { kind: 'qualitative' } }, { givenScore: 3 });
    expect(given).toMatchObject({ source: 'given', band: 'partly' });
    expect(given.explanation).toContain('部分达成');
  });

  it('warns when a given score disagrees with the rule, and keeps the rule score', () => {
    const result = scoreIndicator({ code: '1', weight: 3, scoring: higher(50, '次') }, { actual: '60', givenScore: 2 });
    expect(result.score).toBe(3);
    expect(result.warning).toBe('给定得分 2.00 与按计分方式计算的 3.00 不一致');
    expect(scoreIndicator({ code: '1', weight: 3, scoring: higher(50, '次') }, { actual: '60', givenScore: 3 }).warning).toBeUndefined();
  });

  it.each<[number, string]>([
    [-1, '得分 -1.00 不在 0 至分值 5.00 之间'],
    [5.5, '得分 5.50 不在 0 至分值 5.00 之间'],
  ])('warns about a given score %p outside 0..weight', (givenScore, warning) => {
    expect(scoreIndicator({ code: '1', weight: 5 }, { givenScore }).warning).toBe(warning);
  });
});

describe('qualitative bands', () => {
  it.each<[number, number, string]>([
    [1000, 1000, 'achieved'],
    [800, 1000, 'achieved'],
    [799, 1000, 'partly'],
    [600, 1000, 'partly'],
    [599, 1000, 'not_achieved'],
    [0, 1000, 'not_achieved'],
    [320, 400, 'achieved'],
    [319, 400, 'partly'],
    [0, 0, 'achieved'],
  ])('%p of %p hundredths → %s', (score, weight, band) => {
    expect(bandOf(score, weight)).toBe(band);
  });

  it.each<['achieved' | 'partly' | 'not_achieved', number, { from: number; to: number }]>([
    ['achieved', 10, { from: 8, to: 10 }],
    ['partly', 10, { from: 6, to: 8 }],
    ['not_achieved', 10, { from: 0, to: 6 }],
    ['achieved', 1.5, { from: 1.2, to: 1.5 }],
    ['partly', 3, { from: 1.8, to: 2.4 }],
    ['partly', 0.7, { from: 0.42, to: 0.56 }],
  ])('%s of weight %p', (band, weight, range) => {
    expect(bandRange(band, weight)).toEqual(range);
  });
});
