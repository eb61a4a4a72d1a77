import { DEADLINE_LABELS, DomainError, OWNER_PARTY_LABELS, type AppAbility, type DeadlineDto, type EvaluationKind, type EvaluationSubject } from '@evalflow/domain';
import {
  checkPermits,
  type AnyWorkflowDefinition,
  type Permit,
  type WorkflowActor,
} from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { actorFor } from '../workflow/engine/workflow-runner.service';
import { definitionFor } from '../workflow/engine/subjects';
import type { AggregateRecord } from '../workflow/engine/aggregate-adapter';
import { assertCan } from '../../authz/record-access';
import type { DeadlineRecord, EvaluationRecord, EvaluationRepository, Queryable } from './evaluation.repository';

/** The lifecycle an evaluation follows is fixed by its kind. */
export function lifecycleOf(kind: EvaluationKind): AnyWorkflowDefinition {
  return definitionFor('evaluation', kind);
}

export { stateLabel } from '../workflow/engine/workflow-runner.service';

/** The evaluation as the permission rules see it. */
export function evaluationSubject(evaluation: EvaluationRecord): EvaluationSubject {
  return {
    id: evaluation.id,
    commissioningOrganisationId: evaluation.commissioningOrganisationId,
    departmentId: evaluation.departmentId,
    departmentRegionId: evaluation.departmentRegionId,
    teamUserIds: evaluation.team.map((member) => member.userId),
    commissioned: evaluation.state !== 'draft',
  };
}

/**
 * Loads an evaluation the caller may read, 404 otherwise (its existence is not disclosed). With `lock`, inside the
 * caller's transaction, the row stays locked until it commits: transitions and stage work queue up on it.
 */
export async function loadVisibleEvaluation(
  evaluations: EvaluationRepository,
  ability: AppAbility,
  id: string,
  options: { runner?: Queryable; lock?: boolean } = {},
): Promise<EvaluationRecord> {
  const evaluation = await evaluations.findById(id, options.runner, options.lock);
  if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
  assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
  return evaluation;
}

export type EvaluationAggregate = EvaluationRecord & AggregateRecord;


/** An evaluation as the engine runs it: its relations come from its terms and team. */
export function asEvaluationAggregate(evaluation: EvaluationRecord): EvaluationAggregate {
  return {
    ...evaluation,
    evaluationId: evaluation.id,
    relationContext: {
      evaluationId: evaluation.id,
      commissioningOrganisationId: evaluation.commissioningOrganisationId,
      departmentId: evaluation.departmentId,
      departmentRegionId: evaluation.departmentRegionId,
      team: evaluation.team,
      itemOwnerUserId: null,
    },
  };
}

/** How the user stands to this evaluation (the workflow's permits name these): the engine's one definition. */
export function workflowActor(user: AuthenticatedUser, evaluation: EvaluationRecord): WorkflowActor {
  return actorFor(user, asEvaluationAggregate(evaluation));
}

/** Does the actor hold one of these permits? (The inbox lists such actions even when a guard still blocks.) */
export function holdsPermit(permits: readonly Permit[], actor: WorkflowActor): boolean {
  return checkPermits(permits, actor) === undefined;
}

export function deadlineView(deadline: DeadlineRecord, today: string): DeadlineDto {
  const definition = deadline.definition;
  return {
    key: deadline.key,
    label: DEADLINE_LABELS[deadline.key],
    dueOn: deadline.dueOn,
    status: deadline.status,
    overdue: deadline.status === 'active' && deadline.dueOn < today,
    kind: deadline.kind,
    days: 'days' in definition ? definition.days : null,
    from: 'days' in definition ? definition.from : null,
    version: deadline.version,
    beyondCalendar: deadline.beyondCalendar,
    startedOn: deadline.startedOn,
    owner: {
      party: deadline.ownerParty,
      partyLabel: OWNER_PARTY_LABELS[deadline.ownerParty],
      user: deadline.ownerUserId ? { id: deadline.ownerUserId, displayName: deadline.ownerName ?? '' } : null,
    },
  };
}

/** The running deadline of the current stage: the earliest active one. */
export function currentDeadline(evaluation: EvaluationRecord): DeadlineRecord | null {
  return evaluation.deadlines.filter((d) => d.status === 'active').sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0] ?? null;
}
