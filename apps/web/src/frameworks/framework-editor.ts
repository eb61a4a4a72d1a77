import type { FrameworkNode, ScoringRule, ScoringRuleKind } from '@evalflow/domain';

/**
 * Pure edits of a framework tree held by the editor page (immutable: each returns a new array). Codes are the
 * dotted codes people use; a child gets the next free number under its parent.
 */
export function addNode(nodes: readonly FrameworkNode[], parent: FrameworkNode | null): FrameworkNode[] {
  const siblings = nodes.filter((n) => n.parentCode === (parent?.code ?? null) && n.level === (parent ? parent.level + 1 : 1));
  const used = new Set(nodes.map((n) => n.code));
  let index = siblings.length + 1;
  const codeOf = (i: number) => (parent ? `${parent.code}.${i}` : String(i));
  while (used.has(codeOf(index))) index += 1;
  const level = (parent ? parent.level + 1 : 1) as 1 | 2 | 3;
  const node: FrameworkNode = { code: codeOf(index), name: level === 3 ? '新三级指标' : level === 2 ? '新二级指标' : '新一级指标', weight: 0, level, parentCode: parent?.code ?? null };
  // Insert after the parent's last descendant, so the display order stays parents-before-children.
  const insertAt = parent ? lastDescendantIndex(nodes, parent.code) + 1 : nodes.length;
  return [...nodes.slice(0, insertAt), node, ...nodes.slice(insertAt)];
}

function lastDescendantIndex(nodes: readonly FrameworkNode[], code: string): number {
  let last = nodes.findIndex((n) => n.code === code);
  nodes.forEach((n, i) => {
    if (n.code.startsWith(`${code}.`) || isDescendant(nodes, n, code)) last = Math.max(last, i);
  });
  return last;
}

function isDescendant(nodes: readonly FrameworkNode[], node: FrameworkNode, ancestor: string): boolean {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  for (let at = node.parentCode ? byCode.get(node.parentCode) : undefined, guard = 0; at && guard < 5; at = at.parentCode ? byCode.get(at.parentCode) : undefined, guard += 1) {
    if (at.code === ancestor) return true;
  }
  return false;
}

/** Removes a node and everything under it. */
export function removeNode(nodes: readonly FrameworkNode[], code: string): FrameworkNode[] {
  return nodes.filter((n) => n.code !== code && !isDescendant(nodes, n, code));
}

/** Changes fields of one node; a changed code is carried to its children's parentCode. */
export function updateNode(nodes: readonly FrameworkNode[], code: string, changes: Partial<FrameworkNode>): FrameworkNode[] {
  return nodes.map((n) => {
    if (n.code === code) return clean({ ...n, ...changes });
    if (changes.code !== undefined && n.parentCode === code) return { ...n, parentCode: changes.code };
    return n;
  });
}

/** Optional texts left empty are absent, as the API stores them. */
function clean(node: FrameworkNode): FrameworkNode {
  const copy: Record<string, unknown> = { ...node };
  for (const key of ['points', 'rule', 'target', 'formula'] as const) if (copy[key] === '' || copy[key] === null) delete copy[key];
  if (copy.scoring === undefined || copy.scoring === null) delete copy.scoring;
  return copy as unknown as FrameworkNode;
}

/** A fresh rule of a kind, keeping what carries over (a target number, a unit). */
export function ruleOfKind(kind: ScoringRuleKind | null, previous: ScoringRule | undefined, ruleText: string | undefined): ScoringRule | undefined {
  const target = previous && 'target' in previous ? previous.target : previous?.kind === 'metric' ? previous.targetHundredths / 100 : 100;
  switch (kind) {
    case null:
      return undefined;
    case 'higher_is_better':
    case 'lower_is_better':
      return { kind, target, unit: previous && 'unit' in previous ? previous.unit : '%' };
    case 'metric':
      return { kind, metric: 'execution_rate', direction: 'higher', targetHundredths: Math.round(target * 100) };
    case 'manual':
      return { kind, deduction: previous?.kind === 'manual' ? previous.deduction : (ruleText ?? '') };
    case 'qualitative':
    case 'budget_execution':
      return { kind };
  }
}

/** "1=30;2=25;3=45" ⇄ {1: 30, 2: 25, 3: 45}; undefined when the text does not parse. */
export function parseDeclaredSplit(text: string): Record<string, number> | null | undefined {
  const parts = text.split(/[;；,，\s]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const split: Record<string, number> = {};
  for (const part of parts) {
    const match = /^([^=＝:：]+)[=＝:：](-?\d+(?:\.\d+)?)$/.exec(part);
    if (!match) return undefined;
    split[match[1]] = Number(match[2]);
  }
  return split;
}

export function formatDeclaredSplit(split: Record<string, number> | null | undefined): string {
  return split ? Object.entries(split).map(([code, weight]) => `${code}=${weight}`).join(';') : '';
}
