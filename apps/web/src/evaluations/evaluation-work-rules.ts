import type { EvaluationDto, Me, Role } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';

/** How the signed-in user stands to an evaluation (the workflow's relations, as far as the page can tell). */
export interface EvaluationRelations {
  department: boolean;
  team: boolean;
  lead: boolean;
  bureau: boolean;
}

export function relationsTo(me: Me, evaluation: EvaluationDto): EvaluationRelations {
  const holds = (...roles: Role[]) => me.roles.some((role) => roles.includes(role));
  const membership = evaluation.team.find((member) => member.userId === me.id);
  return {
    department: me.organisation.id === evaluation.department.id && holds('department_head', 'department_staff'),
    team: Boolean(membership) && holds('evaluation_lead', 'evaluator'),
    lead: membership?.role === 'lead' && holds('evaluation_lead'),
    bureau: me.organisation.id === evaluation.commissioningOrganisation.id && holds('finance_admin', 'finance_officer'),
  };
}

/**
 * Which stage work the page offers the user now. These mirror the API's work rules (who, in which states) only to
 * decide what to show: the API decides, and a refusal (403/409) is shown as a message.
 */
export interface EvaluationWork {
  fillSelfEvaluation: boolean;
  score: boolean;
  recordFindings: boolean;
  answerFindings: boolean;
  adjudicateFindings: boolean;
  reportNumber: boolean;
  reviewOpinion: boolean;
}

export function workOf(me: Me, evaluation: EvaluationDto): EvaluationWork {
  const is = relationsTo(me, evaluation);
  const state = evaluation.state;
  const key = evaluation.kind === 'key';
  return {
    fillSelfEvaluation: state === 'self_evaluation' && is.department,
    score: ['fieldwork', 'adjudication'].includes(state) && is.team,
    recordFindings: key ? ['fieldwork', 'adjudication'].includes(state) && is.team : state === 'review' && is.bureau,
    answerFindings: state === 'draft_for_comment' && is.department,
    adjudicateFindings: state === 'adjudication' && is.team,
    reportNumber: key && ['adjudication', 'final_review'].includes(state) && (is.lead || is.bureau),
    reviewOpinion: !key && state === 'review' && is.bureau,
  };
}

/** The message for a failed piece of stage work; every failure also refreshes the page's data. */
export function workErrorMessage(error: unknown): string {
  if (isApiError(error, 409)) return error.code === 'VERSION_CONFLICT' ? '记录已被他人修改，已刷新' : '当前状态下不能进行此操作，已刷新';
  if (isApiError(error, 403)) return '无权执行此操作：此项工作不属于您';
  return describeError(error);
}
