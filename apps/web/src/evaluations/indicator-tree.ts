import type { IndicatorRowDto, LevelTotalDto } from '@evalflow/domain';
import type { IndicatorRow } from './evaluation-work-api';

/** A framework node for the tree table; level 1/2 rows carry the sums of their level-3 indicators. */
export interface IndicatorNode extends IndicatorRow {
  children?: IndicatorNode[];
}

/** Scores have at most two decimals: add them as integer hundredths so 0.1 + 0.2 stays 0.3. */
function sum(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return null;
  return present.reduce((total, value) => total + Math.round(value * 100), 0) / 100;
}

function withSums(node: IndicatorNode): IndicatorNode {
  if (!node.children?.length) return { ...node, children: undefined };
  const children = node.children.map(withSums);
  return {
    ...node,
    children,
    selfScore: sum(children.map((child) => child.selfScore)),
    score: sum(children.map((child) => child.score)),
    scoreAtDraft: sum(children.map((child) => child.scoreAtDraft)),
  };
}

/**
 * Flat rows (parents first, as the API sends them) → the tree, with subtotals on levels 1 and 2. The self-vs-team
 * difference of a level-1/2 row is the server's (libs/domain compareScores: only where both sides are complete).
 */
export function indicatorTree(rows: readonly IndicatorRow[], levels: readonly LevelTotalDto[] = []): IndicatorNode[] {
  const differences = new Map(levels.map((level) => [level.code, level.difference]));
  const byCode = new Map(rows.map((row) => [row.code, { ...row, difference: differences.get(row.code) ?? row.difference ?? null, children: [] as IndicatorNode[] }]));
  const roots: IndicatorNode[] = [];
  for (const node of byCode.values()) {
    const parent = node.parentCode ? byCode.get(node.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots.map(withSums);
}

export function totalOf(rows: readonly IndicatorRowDto[], field: 'weight' | 'selfScore' | 'score'): number | null {
  return sum(rows.filter((row) => row.level === 3).map((row) => row[field]));
}

export const formatScore = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : String(value));
