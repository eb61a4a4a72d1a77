import type { RegionDto } from '@evalflow/domain';

export interface RegionTreeNode {
  value: string;
  title: string;
  disabled: boolean;
  children: RegionTreeNode[];
}

/** Builds the region hierarchy for a TreeSelect; `isSelectable` disables regions the user may not use. */
export function buildRegionTree(regions: readonly RegionDto[], isSelectable: (region: RegionDto) => boolean): RegionTreeNode[] {
  const nodes = new Map<string, RegionTreeNode>();
  const sorted = [...regions].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
  for (const region of sorted) {
    nodes.set(region.id, { value: region.id, title: `${region.name}（${region.code}）`, disabled: !isSelectable(region), children: [] });
  }
  const roots: RegionTreeNode[] = [];
  for (const region of sorted) {
    const node = nodes.get(region.id);
    if (!node) continue;
    const parent = region.parentId ? nodes.get(region.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
