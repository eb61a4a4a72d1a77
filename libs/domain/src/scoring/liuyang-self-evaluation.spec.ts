import { frameworkProblems } from '../frameworks/framework-validation';
import { LIUYANG_2020_LINES, LIUYANG_2020_TOTAL, liuyang2020Framework, liuyang2020Level3Codes } from './fixtures/liuyang-office-2020-self-evaluation';
import { scoreIndicator } from './indicator-score';
import { scoreTotals } from './score-totals';

/**
 * Acceptance (issue 4): the 2020 self-evaluation form of 浏阳市人民政府办公室 (seed 003) through the framework and
 * scoring code — weights 30/25/45, every line's target, actual and self-score, total 99.
 */
describe('seed 003 self-evaluation form (浏阳市人民政府办公室 2020)', () => {
  it('as entered, validation flags the 社会效益指标 header (10) holding two 10-point indicators', () => {
    expect(frameworkProblems(liuyang2020Framework('asEntered'))).toEqual([
      '指标 3（效益指标）的下级指标分值合计 35，与其分值 45 不符',
      '指标 3.1（社会效益指标）的下级指标分值合计 20，与其分值 10 不符',
    ]);
  });

  it('corrected, the tree validates against the declared split 30/25/45', () => {
    const framework = liuyang2020Framework('corrected');
    expect(frameworkProblems(framework)).toEqual([]);
    expect(framework.nodes.filter((x) => x.level === 1).map((x) => [x.name, x.weight])).toEqual([
      ['投入管理指标', 30],
      ['产出指标', 25],
      ['效益指标', 45],
    ]);
  });

  it('a declared split that disagrees with the corrected tree is refused', () => {
    const framework = { ...liuyang2020Framework('corrected'), declaredLevel1Weights: { '1': 30, '2': 35, '3': 35 } };
    expect(frameworkProblems(framework)).toEqual([
      '表头声明的一级指标分值（1=30、2=35、3=35）与指标表不符：指标 2（产出指标）声明 35，指标表为 25',
      '表头声明的一级指标分值（1=30、2=35、3=35）与指标表不符：指标 3（效益指标）声明 35，指标表为 45',
    ]);
  });

  it('scores every line, totals 99 (投入 29, 产出 25, 效益 45) and grades 优秀', () => {
    const framework = liuyang2020Framework('corrected');
    const codes = liuyang2020Level3Codes();
    const scores = new Map<string, number | null>();
    LIUYANG_2020_LINES.forEach((line, i) => {
      const node = framework.nodes.find((x) => x.code === codes[i])!;
      expect(node).toMatchObject({ name: line.level3, weight: line.weight, target: line.target });
      const result = scoreIndicator(node, { actual: line.actual, givenScore: line.selfScore });
      // Where the rule computes (督查暗访 60 of ≥50次, 用地保障率 100%, 满意率 94.9% of ≥90%) it agrees with the form.
      expect(result.warning).toBeUndefined();
      expect(result.score).toBe(line.selfScore);
      scores.set(node.code, result.score);
    });
    const totals = scoreTotals(framework.nodes, scores);
    expect(totals.total).toBe(LIUYANG_2020_TOTAL);
    expect(totals.complete).toBe(true);
    expect(totals.gradeLabel).toBe('优秀');
    expect(totals.nodes.filter((x) => x.level === 1).map((x) => [x.code, x.weight, x.score])).toEqual([
      ['1', 30, 29],
      ['2', 25, 25],
      ['3', 45, 45],
    ]);
  });

  it('computes the quantitative lines by their rules, without the self-score', () => {
    const framework = liuyang2020Framework('corrected');
    const byName = (name: string) => framework.nodes.find((x) => x.name === name)!;
    expect(scoreIndicator(byName('组织开展督查暗访'), { actual: '60' })).toMatchObject({ score: 3, source: 'rule', missesTarget: false });
    expect(scoreIndicator(byName('民生工程和重点项目用地保障率'), { actual: '100%' })).toMatchObject({ score: 3, source: 'rule' });
    expect(scoreIndicator(byName('建议提案办理满意率'), { actual: '94.9%' })).toMatchObject({ score: 10, source: 'rule' });
  });

  it('the one line below its weight (预算执行管理 3 of 4) needs a deviation reason the form does not give', () => {
    const framework = liuyang2020Framework('corrected');
    const codes = liuyang2020Level3Codes();
    const needing = LIUYANG_2020_LINES.filter((line, i) => {
      const node = framework.nodes.find((x) => x.code === codes[i])!;
      return scoreIndicator(node, { actual: line.actual, givenScore: line.selfScore }).deviationReasonRequired;
    }).map((line) => line.level3);
    expect(needing).toEqual(['预算执行管理']);
  });
});
