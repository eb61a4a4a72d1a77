import type { FrameworkNode, FrameworkTemplate } from './framework-templates';
import { isQuantitativeRule, scoringRuleProblems, type ScoringRule } from './scoring-rule';

const LEVEL_ZH: Record<1 | 2 | 3, string> = { 1: '一级', 2: '二级', 3: '三级' };

/**
 * Targets left as placeholders in real frameworks (DOMAIN §3): "不少于XX场", "压减X%以上", "完成X项", "≥X", "××",
 * full-width copies from Word (ＸＸ, Ｘ％), "待定". A single X counts only where a number belongs: before a percent
 * sign or a Chinese unit, or after a comparator or Chinese text — so "Excel", "XML" and "3x3" are not placeholders.
 */
export const PLACEHOLDER_TARGET =
  /[XＸxｘ]{2,}|[XＸxｘ]\s*[%％]|(?<![A-Za-zＡ-Ｚａ-ｚ0-9])[XＸxｘ](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff≥≤＞＜><=]\s*)[XＸxｘ](?![A-Za-z0-9])|[×＊*]{2,}|[□○〇]{2,}|某某|待定|待填/;

export function isPlaceholderTarget(target: string): boolean {
  return PLACEHOLDER_TARGET.test(target);
}

/**
 * The placeholder in a longer text (评价要点, 评分标准) with a few characters either side, so the message points at it
 * ("…组织不少于XX场培训…"); null when there is none. Same patterns as targets.
 */
export function placeholderExcerpt(text: string, around = 8): string | null {
  const match = PLACEHOLDER_TARGET.exec(text);
  if (!match) return null;
  const start = Math.max(0, match.index - around);
  const end = Math.min(text.length, match.index + match[0].length + around);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** Weights are compared in tenths of a point: 33.3 + 33.3 + 33.4 must equal 100 although the floats do not. */
function tenths(weight: number): number {
  return Math.round(weight * 10);
}

/** A weight is valid when it is a non-negative number of points with at most one decimal, so tenths are exact. */
function isValidWeight(weight: number): boolean {
  return typeof weight === 'number' && Number.isFinite(weight) && weight >= 0 && Math.abs(weight * 10 - tenths(weight)) < 1e-6;
}

function formatTenths(value: number): string {
  return String(value / 10);
}

/** Codes are what entries, findings and spreadsheets refer to: short, no spaces (the entries column is varchar(20)). */
const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

/** A template, a stored version (declared split null when none) or an editor's draft. */
type Checked = Pick<FrameworkTemplate, 'nodes'> & { readonly declaredLevel1Weights?: Readonly<Record<string, number>> | null };

/**
 * Problems with a framework, as readable strings in zh (empty when none). Every message names the offending code so
 * an administrator editing a framework can find the row. Checks, in this order:
 * codes (format, duplicates) and names; weights (non-negative, one decimal at most); parents (missing, absent, not
 * one level up); a level-1/2 node whose children do not add up to it (including one with points but no children,
 * which could never be scored); level-1 total not 100; the declared level-1 split against the tree; placeholder
 * targets, and the same placeholders in 评价要点 and 评分标准; structured scoring rules (only on level 3, valid parameters, a target number that agrees with the target
 * text). Nodes already reported for a bad weight or a wrong parent level are left out of the sums, so one mistake
 * gives one message rather than a cascade.
 */
export function frameworkProblems(framework: Checked): string[] {
  const nodes = framework.nodes;
  const problems: string[] = [];

  for (const n of nodes) {
    if (typeof n.code !== 'string' || !CODE_PATTERN.test(n.code)) problems.push(`指标编码“${String(n.code)}”无效：应为 1–20 位字母、数字或“.”，如 1.2.3`);
    if (typeof n.name !== 'string' || n.name.trim() === '') problems.push(`指标 ${n.code} 缺少名称`);
    if (!isValidWeight(n.weight)) problems.push(`指标 ${n.code} 的分值 ${n.weight} 无效：应为不小于 0、最多一位小数的数`);
  }

  // The first node with a code wins for lookups; the duplicates themselves are reported once per code.
  const byCode = new Map<string, FrameworkNode>();
  const counts = new Map<string, number>();
  for (const n of nodes) {
    if (!byCode.has(n.code)) byCode.set(n.code, n);
    counts.set(n.code, (counts.get(n.code) ?? 0) + 1);
  }
  for (const [code, count] of counts) {
    if (count > 1) problems.push(`指标编码 ${code} 重复出现 ${count} 次`);
  }

  for (const n of nodes) {
    if (n.level === 1) {
      if (n.parentCode !== null) problems.push(`指标 ${n.code} 为一级指标，不应有上级指标（填写了 ${n.parentCode}）`);
      continue;
    }
    if (n.parentCode === null) {
      problems.push(`指标 ${n.code}（${LEVEL_ZH[n.level]}指标）缺少上级指标`);
      continue;
    }
    const parent = byCode.get(n.parentCode);
    if (parent === undefined) {
      problems.push(`指标 ${n.code} 的上级指标 ${n.parentCode} 不存在`);
    } else if (parent.level !== n.level - 1) {
      problems.push(
        `指标 ${n.code} 为${LEVEL_ZH[n.level]}指标，其上级指标 ${parent.code} 应为${LEVEL_ZH[(n.level - 1) as 1 | 2]}指标，实为${LEVEL_ZH[parent.level]}指标`,
      );
    }
  }

  // Sum the children of each level-1/2 node that carries a valid weight; only correctly levelled children count.
  for (const parent of byCode.values()) {
    if (parent.level === 3 || !isValidWeight(parent.weight)) continue;
    const children = nodes.filter(
      (c) => c.parentCode === parent.code && c.level === parent.level + 1 && isValidWeight(c.weight),
    );
    const expected = tenths(parent.weight);
    if (children.length === 0) {
      // A zero-point group loses nothing; a group with points and nothing under it can never be scored.
      if (expected > 0) problems.push(`指标 ${parent.code}（${parent.name}）没有${LEVEL_ZH[(parent.level + 1) as 2 | 3]}指标，其分值 ${formatTenths(expected)} 无法评分`);
      continue;
    }
    const sum = children.reduce((total, c) => total + tenths(c.weight), 0);
    if (sum !== expected) {
      problems.push(
        `指标 ${parent.code}（${parent.name}）的下级指标分值合计 ${formatTenths(sum)}，与其分值 ${formatTenths(expected)} 不符`,
      );
    }
  }

  const roots = nodes.filter((n) => n.level === 1 && isValidWeight(n.weight));
  const rootSum = roots.reduce((total, n) => total + tenths(n.weight), 0);
  if (rootSum !== 1000) {
    const codes = roots.map((n) => n.code).join('、') || '无';
    problems.push(`一级指标（${codes}）分值合计 ${formatTenths(rootSum)}，应为 100`);
  }

  problems.push(...declaredSplitProblems(framework.declaredLevel1Weights, nodes, byCode));

  for (const n of nodes) {
    if (typeof n.target === 'string' && isPlaceholderTarget(n.target)) {
      problems.push(`指标 ${n.code} 的年度指标值“${n.target}”含占位符，请填写实际目标值`);
    }
    // Issue 14: the same placeholders left in 评价要点 and 评分标准 (the text and a manual rule's deduction text).
    const texts: [string, unknown][] = [
      ['评价要点', n.points],
      ['评分标准', n.rule],
      ['计分方式的扣分标准', n.scoring?.kind === 'manual' ? n.scoring.deduction : undefined],
    ];
    for (const [label, text] of texts) {
      const excerpt = typeof text === 'string' ? placeholderExcerpt(text) : null;
      if (excerpt) problems.push(`指标 ${n.code} 的${label}含占位符“${excerpt}”，请填写实际内容`);
    }
  }

  for (const n of nodes) {
    if (n.scoring === undefined) continue;
    if (n.level !== 3) {
      problems.push(`指标 ${n.code} 为${LEVEL_ZH[n.level]}指标，只有三级指标设置计分方式`);
      continue;
    }
    const ruleProblems = scoringRuleProblems(n.code, n.scoring);
    problems.push(...ruleProblems);
    if (ruleProblems.length === 0) {
      const mismatch = targetMismatch(n, n.scoring);
      if (mismatch) problems.push(mismatch);
    }
  }

  return problems;
}

/**
 * The header's level-1 split against the tree: every declared code is a level-1 node with that weight, and every
 * level-1 node is declared. Seed 003 declares 30/25/45; a tree whose 效益 is 35 must be refused, not silently fixed.
 */
function declaredSplitProblems(
  declared: Readonly<Record<string, number>> | null | undefined,
  nodes: readonly FrameworkNode[],
  byCode: ReadonlyMap<string, FrameworkNode>,
): string[] {
  if (!declared || Object.keys(declared).length === 0) return [];
  const problems: string[] = [];
  const split = Object.entries(declared)
    .map(([code, weight]) => `${code}=${weight}`)
    .join('、');
  for (const [code, weight] of Object.entries(declared)) {
    const node = byCode.get(code);
    if (!isValidWeight(weight)) problems.push(`表头声明的一级指标 ${code} 分值 ${weight} 无效`);
    else if (!node || node.level !== 1) problems.push(`表头声明的一级指标 ${code}（${split}）在指标表中不存在`);
    else if (tenths(node.weight) !== tenths(weight)) {
      problems.push(`表头声明的一级指标分值（${split}）与指标表不符：指标 ${code}（${node.name}）声明 ${weight}，指标表为 ${node.weight}`);
    }
  }
  for (const n of nodes) {
    if (n.level === 1 && !(n.code in declared)) problems.push(`指标 ${n.code}（${n.name}）未出现在表头声明的一级指标分值（${split}）中`);
  }
  const declaredSum = Object.values(declared).filter(isValidWeight).reduce((total, w) => total + tenths(w), 0);
  if (declaredSum !== 1000) problems.push(`表头声明的一级指标分值（${split}）合计 ${formatTenths(declaredSum)}，应为 100`);
  return problems;
}

/**
 * A quantitative rule's target number must be the number the target text shows ("≥50次" with target 50), else
 * the form promises one target and the computer scores another.
 */
function targetMismatch(node: FrameworkNode, rule: ScoringRule): string | null {
  if (!isQuantitativeRule(rule) || rule.kind === 'budget_execution' || typeof node.target !== 'string') return null;
  const shown = /\d+(?:\.\d+)?/.exec(node.target.replace(/,/g, ''));
  if (!shown) return null;
  const structured = rule.kind === 'metric' ? rule.targetHundredths / 100 : rule.target;
  if (Math.abs(Number(shown[0]) - structured) < 1e-9) return null;
  return `指标 ${node.code} 的年度指标值“${node.target}”与计分方式的目标值 ${structured} 不一致`;
}
