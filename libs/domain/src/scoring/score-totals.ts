import type { FrameworkNode } from '../frameworks/framework-templates';
import { toHundredths, weightTenths } from './exact';
import { GRADE_LABELS, gradeOfHundredths, type Grade } from './grade';

/** A total of one node: the sum of the scores of the level-3 indicators under it (or its own score at level 3). */
export interface NodeTotal {
  readonly code: string;
  readonly level: 1 | 2 | 3;
  readonly weight: number;
  /** Sum of the scores given so far, two decimals; null when none is given. */
  readonly score: number | null;
  /** weight − score; null when score is null. */
  readonly deduction: number | null;
  /** Every level-3 indicator under the node is scored. */
  readonly complete: boolean;
}

export interface ScoreTotals {
  /** One per framework node, in the framework's order. */
  readonly nodes: readonly NodeTotal[];
  /** Sum over all level-3 indicators, two decimals; null when nothing is scored. */
  readonly total: number | null;
  readonly complete: boolean;
  /** Only when complete: a grade of a partial total would mislead. */
  readonly grade: Grade | null;
  readonly gradeLabel: string | null;
}

type TreeNode = Pick<FrameworkNode, 'code' | 'level' | 'weight' | 'parentCode'>;

/**
 * Totals per level-1 and level-2 node and overall, from the level-3 scores (points; absent or null = not scored).
 * Sums are in integer hundredths, so 33.33 + 33.33 + 33.34 is exactly 100.00. A level-3 node is attributed to every
 * ancestor by walking parentCode, so the tree's display order does not matter.
 */
export function scoreTotals(nodes: readonly TreeNode[], scores: ReadonlyMap<string, number | null | undefined>): ScoreTotals {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const sums = new Map<string, { sum: number; scored: number; indicators: number }>(nodes.map((n) => [n.code, { sum: 0, scored: 0, indicators: 0 }]));
  let total = 0;
  let scored = 0;
  let indicators = 0;
  for (const leaf of nodes) {
    if (leaf.level !== 3) continue;
    const value = scores.get(leaf.code);
    const hundredths = value == null ? null : toHundredths(value);
    indicators += 1;
    if (hundredths !== null) {
      total += hundredths;
      scored += 1;
    }
    // Walk up; the guard against cycles keeps a malformed tree from looping.
    const seen = new Set<string>();
    for (let at: TreeNode | undefined = leaf; at && !seen.has(at.code); at = at.parentCode ? byCode.get(at.parentCode) : undefined) {
      seen.add(at.code);
      const entry = sums.get(at.code)!;
      entry.indicators += 1;
      if (hundredths !== null) {
        entry.sum += hundredths;
        entry.scored += 1;
      }
    }
  }
  const complete = indicators > 0 && scored === indicators;
  return {
    nodes: nodes.map((n) => {
      const entry = sums.get(n.code)!;
      const score = entry.scored > 0 ? entry.sum / 100 : null;
      return {
        code: n.code,
        level: n.level,
        weight: n.weight,
        score,
        deduction: score === null ? null : (weightTenths(n.weight) * 10 - entry.sum) / 100,
        complete: entry.indicators > 0 && entry.scored === entry.indicators,
      };
    }),
    total: scored > 0 ? total / 100 : null,
    complete,
    grade: complete ? gradeOfHundredths(total) : null,
    gradeLabel: complete ? GRADE_LABELS[gradeOfHundredths(total)] : null,
  };
}

/** One row of the self-vs-evaluator comparison. difference = evaluator − self (negative: the team scored lower). */
export interface ScoreComparisonRow {
  readonly code: string;
  readonly level: 1 | 2 | 3;
  readonly self: number | null;
  readonly evaluator: number | null;
  readonly difference: number | null;
}

export interface ScoreComparison {
  readonly rows: readonly ScoreComparisonRow[];
  readonly self: ScoreTotals;
  readonly evaluator: ScoreTotals;
  /** evaluator total − self total; null unless both are complete. */
  readonly totalDifference: number | null;
}

/** 自评得分 vs 评价得分 per indicator and per level (totals of each side first, then the differences, exactly). */
export function compareScores(
  nodes: readonly TreeNode[],
  selfScores: ReadonlyMap<string, number | null | undefined>,
  evaluatorScores: ReadonlyMap<string, number | null | undefined>,
): ScoreComparison {
  const self = scoreTotals(nodes, selfScores);
  const evaluator = scoreTotals(nodes, evaluatorScores);
  const rows = self.nodes.map((s, i) => {
    const e = evaluator.nodes[i];
    // Per level only when both sides scored every indicator under the node, else the difference compares unlike sums.
    const comparable = s.level === 3 ? s.score !== null && e.score !== null : s.complete && e.complete;
    return {
      code: s.code,
      level: s.level,
      self: s.score,
      evaluator: e.score,
      difference: comparable ? (toHundredths(e.score!) - toHundredths(s.score!)) / 100 : null,
    };
  });
  const totalDifference = self.complete && evaluator.complete ? (toHundredths(evaluator.total!) - toHundredths(self.total!)) / 100 : null;
  return { rows, self, evaluator, totalDifference };
}
