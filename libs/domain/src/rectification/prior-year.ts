import type { FrameworkNode } from '../frameworks/framework-templates';

/*
 * 上年度问题整改情况 (DOMAIN §2.7): next year's evaluation of a department assesses every item of its earlier
 * evaluations that was not closed; one not rectified (or only partly) is a finding again, deducted under the
 * framework's indicator for it (e.g. 2.2.5 上年度评价问题整改情况: "每有一项未整改或整改不到位的，扣0.5分，扣完为止").
 */

export const PRIOR_YEAR_ASSESSMENTS = [
  { id: 'rectified', zh: '整改到位' },
  { id: 'partly_rectified', zh: '部分整改' },
  { id: 'not_rectified', zh: '未整改' },
] as const;
export type PriorYearAssessment = (typeof PRIOR_YEAR_ASSESSMENTS)[number]['id'];
export const PRIOR_YEAR_ASSESSMENT_IDS = PRIOR_YEAR_ASSESSMENTS.map((a) => a.id) as [PriorYearAssessment, ...PriorYearAssessment[]];

export function priorYearAssessmentLabel(assessment: PriorYearAssessment): string {
  return PRIOR_YEAR_ASSESSMENTS.find((entry) => entry.id === assessment)!.zh;
}

/** An item not rectified, or rectified only in part, is a finding of the new evaluation (整改不到位). */
export function assessmentMakesFinding(assessment: PriorYearAssessment): boolean {
  return assessment !== 'rectified';
}

/** The level-3 indicator that scores the follow-up of earlier findings: its name speaks of 上年度 … 整改. */
export function priorYearIndicator(nodes: readonly FrameworkNode[]): FrameworkNode | null {
  return nodes.find((node) => node.level === 3 && /上年度|以前年度|上一年度/.test(node.name) && node.name.includes('整改')) ?? null;
}

/** "每有一项…扣0.5分": the points one unrectified item costs, read from the indicator's rule; null when it names none. */
export function deductionPerItem(rule: string | undefined): number | null {
  const match = /每[^。；]*?扣\s*(\d+(?:\.\d+)?)\s*分/.exec(rule ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The deduction of the next unrectified item: the indicator's per-item points, but never more than what is left of
 * its weight after the earlier ones (扣完为止). Null when the indicator's rule names no per-item points (the scorer
 * decides by hand then). Rounded to 0.01 like every score.
 */
export function nextPriorYearDeduction(indicator: Pick<FrameworkNode, 'weight' | 'rule'>, alreadyDeducted: number): number | null {
  const perItem = deductionPerItem(indicator.rule);
  if (perItem === null) return null;
  const left = Math.max(0, indicator.weight - alreadyDeducted);
  return Math.round(Math.min(perItem, left) * 100) / 100;
}
