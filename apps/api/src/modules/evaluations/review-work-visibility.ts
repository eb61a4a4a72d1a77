import { DomainError } from '@evalflow/domain';
import { REVIEW_WORK_HIDDEN_MESSAGE, reviewWorkVisibleToDepartment } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { workflowActor } from './evaluation-lifecycle';
import type { Queryable } from '../../infrastructure/database/queryable';
import { budgetDataLastSavedOutside } from '../budget/budget.repository';
import type { EvaluationRecord } from './evaluation.repository';

/**
 * The evaluated department and the reviewers' working material (libs/workflow `reviewWorkVisibleToDepartment`):
 * scores, findings, proposed findings, metrics and the team's corrections of the budget data are shown to the
 * department from the draft for comment (a self-evaluation: the rating) on. Everyone else who may read the
 * evaluation sees them throughout; a department user who is also on the team is a team member here.
 */
export function hidesReviewWork(user: AuthenticatedUser, evaluation: EvaluationRecord): boolean {
  const { relations } = workflowActor(user, evaluation);
  return relations.includes('evaluated_department') && !relations.includes('assigned_member') && !reviewWorkVisibleToDepartment(evaluation.kind, evaluation.state);
}

/** The kinds of file that are review work too (attachments' subject types): a finding's, and the answers to findings. */
export const REVIEW_WORK_FILES: readonly string[] = ['finding', 'finding_answer'];

/** `details.reason` lets the web app tell this refusal from any other 403 and show the plain explanation. */
export const REVIEW_WORK_NOT_PUBLISHED = 'review_work_not_published';

export function reviewWorkNotPublished(evaluation: EvaluationRecord): DomainError {
  return new DomainError('FORBIDDEN', REVIEW_WORK_HIDDEN_MESSAGE[evaluation.kind], { reason: REVIEW_WORK_NOT_PUBLISHED });
}

/** 403 with the plain explanation when the caller is the department and the material is not yet published. */
export function assertReviewWorkVisible(user: AuthenticatedUser, evaluation: EvaluationRecord): void {
  if (hidesReviewWork(user, evaluation)) throw reviewWorkNotPublished(evaluation);
}

/**
 * Has anyone outside the department saved the budget data (the team's corrections in fieldwork)? The department
 * cannot save it again after that (its form closes with its submission), so the last writer tells.
 */
export function budgetDataCorrectedByReviewers(runner: Queryable, evaluation: EvaluationRecord): Promise<boolean> {
  return budgetDataLastSavedOutside(runner, evaluation.id, evaluation.departmentId);
}

/**
 * The budget data the department may read: its own entries always (it fills them in its self-evaluation and reads
 * them back while the bureau reviews them); once the team has corrected them, only from the draft for comment on.
 */
export async function hidesBudgetData(runner: Queryable, user: AuthenticatedUser, evaluation: EvaluationRecord): Promise<boolean> {
  return hidesReviewWork(user, evaluation) && (await budgetDataCorrectedByReviewers(runner, evaluation));
}
