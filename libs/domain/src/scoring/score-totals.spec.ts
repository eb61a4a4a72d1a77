import type { FrameworkNode } from '../frameworks/framework-templates';
import { compareScores, scoreTotals } from './score-totals';

function n(code: string, weight: number): FrameworkNode {
  const parts = code.split('.');
  return { code, name: code, weight, level: parts.length as 1 | 2 | 3, parentCode: parts.length === 1 ? null : parts.slice(0, -1).join('.') };
}

/** 1 (60) → 1.1 (60) → 1.1.1 (33.3) / 1.1.2 (26.7);  2 (40) → 2.1 (40) → 2.1.1 (40). */
const TREE = [n('1', 60), n('1.1', 60), n('1.1.1', 33.3), n('1.1.2', 26.7), n('2', 40), n('2.1', 40), n('2.1.1', 40)];

describe('scoreTotals', () => {
  it('sums per level and overall in hundredths, with the grade once complete', () => {
    const totals = scoreTotals(TREE, new Map([['1.1.1', 33.33], ['1.1.2', 26.67], ['2.1.1', 30]]));
    expect(totals.total).toBe(90);
    expect(totals.complete).toBe(true);
    expect(totals.grade).toBe('excellent');
    expect(totals.gradeLabel).toBe('优秀');
    expect(totals.nodes.map((x) => [x.code, x.score, x.deduction, x.complete])).toEqual([
      ['1', 60, 0, true],
      ['1.1', 60, 0, true],
      ['1.1.1', 33.33, -0.03, true],
      ['1.1.2', 26.67, 0.03, true],
      ['2', 30, 10, true],
      ['2.1', 30, 10, true],
      ['2.1.1', 30, 10, true],
    ]);
  });

  it('0.1 + 0.2 scored parts sum to 0.3 exactly', () => {
    const tree = [n('1', 100), n('1.1', 100), n('1.1.1', 0.1), n('1.1.2', 0.2), n('1.1.3', 99.7)];
    const totals = scoreTotals(tree, new Map([['1.1.1', 0.1], ['1.1.2', 0.2], ['1.1.3', 0]]));
    expect(totals.nodes[1].score).toBe(0.3);
    expect(totals.total).toBe(0.3);
  });

  it('a partial total has no grade; unscored nodes have no score', () => {
    const totals = scoreTotals(TREE, new Map([['1.1.1', 30], ['1.1.2', null]]));
    expect(totals.total).toBe(30);
    expect(totals.complete).toBe(false);
    expect(totals.grade).toBeNull();
    expect(totals.nodes.find((x) => x.code === '1.1')).toMatchObject({ score: 30, complete: false });
    expect(totals.nodes.find((x) => x.code === '2')).toMatchObject({ score: null, deduction: null, complete: false });
  });

  it('nothing scored → null total; an empty tree is never complete', () => {
    expect(scoreTotals(TREE, new Map()).total).toBeNull();
    expect(scoreTotals([], new Map()).complete).toBe(false);
  });

  it('ignores display order and survives a cycle', () => {
    const shuffled = [TREE[6], TREE[2], TREE[0], TREE[5], TREE[1], TREE[3], TREE[4]];
    expect(scoreTotals(shuffled, new Map([['1.1.1', 1], ['1.1.2', 2], ['2.1.1', 3]])).nodes.find((x) => x.code === '1')?.score).toBe(3);
    const cyclic: FrameworkNode[] = [
      { code: 'a', name: 'a', weight: 1, level: 2, parentCode: 'b' },
      { code: 'b', name: 'b', weight: 1, level: 2, parentCode: 'a' },
      { code: 'c', name: 'c', weight: 1, level: 3, parentCode: 'a' },
    ];
    expect(scoreTotals(cyclic, new Map([['c', 1]])).total).toBe(1);
  });
});

describe('compareScores', () => {
  it('difference = evaluator − self per indicator and per level, and overall', () => {
    const comparison = compareScores(TREE, new Map([['1.1.1', 33.3], ['1.1.2', 26.7], ['2.1.1', 40]]), new Map([['1.1.1', 30], ['1.1.2', 20.5], ['2.1.1', 38.45]]));
    expect(comparison.rows.map((r) => [r.code, r.self, r.evaluator, r.difference])).toEqual([
      ['1', 60, 50.5, -9.5],
      ['1.1', 60, 50.5, -9.5],
      ['1.1.1', 33.3, 30, -3.3],
      ['1.1.2', 26.7, 20.5, -6.2],
      ['2', 40, 38.45, -1.55],
      ['2.1', 40, 38.45, -1.55],
      ['2.1.1', 40, 38.45, -1.55],
    ]);
    expect(comparison.self.total).toBe(100);
    expect(comparison.evaluator.total).toBe(88.95);
    expect(comparison.evaluator.gradeLabel).toBe('良好');
    expect(comparison.totalDifference).toBe(-11.05);
  });

  it('no difference where a side is incomplete', () => {
    const comparison = compareScores(TREE, new Map([['1.1.1', 33.3]]), new Map([['1.1.1', 30], ['1.1.2', 20]]));
    expect(comparison.rows.find((r) => r.code === '1.1.1')?.difference).toBe(-3.3);
    expect(comparison.rows.find((r) => r.code === '1.1.2')?.difference).toBeNull();
    expect(comparison.rows.find((r) => r.code === '1')?.difference).toBeNull();
    expect(comparison.totalDifference).toBeNull();
  });
});
