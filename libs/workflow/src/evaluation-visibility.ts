import type { EvaluationKeyState } from './evaluation-key.definition';
import type { EvaluationSelfState } from './evaluation-self.definition';

/*
 * When the evaluated department sees the reviewers' working material.
 *
 * The evaluation team (in a self-evaluation: the finance bureau's review) works on findings with their deductions,
 * proposed findings (问题线索), budget metrics and its corrections of the budget data before anything is decided.
 * The department is shown that material together with the scores, at the moment the reviewers put it before it:
 * the draft for comment (征求意见稿) of a key evaluation, the rating (评定审核等级) of a self-evaluation. Before that it
 * sees only what it entered itself. One rule, so the API and the web app hide the same things at the same time.
 */

/** States in which the department sees the reviewers' material (scores, findings, proposals, metrics, corrections). */
export const REVIEW_WORK_SHOWN_TO_DEPARTMENT: { readonly key: readonly EvaluationKeyState[]; readonly self: readonly EvaluationSelfState[] } = {
  key: ['draft_for_comment', 'adjudication', 'final_review', 'published', 'rectification', 'closed'],
  // A self-evaluation has no team: the bureau's review opinions become findings and rectification items when it rates.
  self: ['rectification', 'closed'],
};

/** Is the reviewers' working material on this evaluation visible to the evaluated department in this state? */
export function reviewWorkVisibleToDepartment(kind: 'key' | 'self', state: string): boolean {
  return (REVIEW_WORK_SHOWN_TO_DEPARTMENT[kind] as readonly string[]).includes(state);
}

/** What the department is told instead, in plain words (the API's refusal and the web app's tabs say the same). */
export const REVIEW_WORK_HIDDEN_MESSAGE: { readonly key: string; readonly self: string } = {
  key: '评价组的问题、扣分、问题线索、指标测算及核实后的预算数据，随征求意见稿一并向被评价部门公开',
  self: '财政审核中的问题、问题线索和指标测算，在评定审核等级后向被评价部门公开',
};
