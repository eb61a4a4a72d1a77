import { FRAMEWORK_TEMPLATES } from '../frameworks/framework-templates';
import { assessmentMakesFinding, deductionPerItem, nextPriorYearDeduction, priorYearIndicator, type PriorYearAssessment } from './prior-year';

describe('the prior-year indicator of a framework', () => {
  it('is 2.2.5 上年度评价问题整改情况 in the department-whole template', () => {
    const template = FRAMEWORK_TEMPLATES.find((t) => t.code === 'department-whole-common')!;
    expect(priorYearIndicator(template.nodes)).toMatchObject({ code: '2.2.5', name: '上年度评价问题整改情况', weight: 1.5 });
  });

  it.each([
    ['上年度评价问题整改情况', 3, true],
    ['以前年度问题整改落实情况', 3, true],
    ['上年度评价问题整改情况', 2, false],
    ['预算执行率', 3, false],
    ['上年度结转资金', 3, false],
  ] as const)('%s at level %i is the indicator: %s', (name, level, found) => {
    const nodes = [{ code: '9.9.9', name, weight: 1, level, parentCode: null }];
    expect(priorYearIndicator(nodes) !== null).toBe(found);
  });
});

describe('the deduction per unrectified item', () => {
  it.each<[string | undefined, number | null]>([
    ['全部整改到位的，得满分；每有一项未整改或整改不到位的，扣0.5分，扣完为止。', 0.5],
    ['每发现一项问题扣 1 分', 1],
    ['每项扣0.25分，扣完为止', 0.25],
    ['视情况酌情扣分', null],
    [undefined, null],
  ])('%s → %s', (rule, points) => expect(deductionPerItem(rule)).toBe(points));

  const indicator = { weight: 1.5, rule: '每有一项未整改或整改不到位的，扣0.5分，扣完为止。' };
  it.each<[number, number | null]>([
    [0, 0.5],
    [0.5, 0.5],
    [1, 0.5],
    [1.25, 0.25],
    [1.5, 0],
    [2, 0],
  ])('after %f deducted, the next item costs %f (扣完为止)', (already, next) => expect(nextPriorYearDeduction(indicator, already)).toBe(next));

  it('leaves it to the scorer when the rule names no points', () => expect(nextPriorYearDeduction({ weight: 2, rule: '酌情扣分' }, 0)).toBeNull());

  it.each<[PriorYearAssessment, boolean]>([
    ['rectified', false],
    ['partly_rectified', true],
    ['not_rectified', true],
  ])('%s makes a finding: %s', (assessment, makes) => expect(assessmentMakesFinding(assessment)).toBe(makes));
});
