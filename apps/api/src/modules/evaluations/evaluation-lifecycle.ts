import { DEADLINE_LABELS, DomainError, OWNER_PARTY_LABELS, type AppAbility, type DeadlineDto, type EvaluationKind, type EvaluationSubject } from '@evalflow/domain';
import {
  EVALUATION_KEY,
  EVALUATION_SELF,
  checkPermits,
  type AnyWorkflowDefinition,
  type Label,
  type Permit,
  type Relation,
  type TransitionDefinition,
  type WorkflowActor,
} from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import type { DeadlineRecord, EvaluationRecord, EvaluationRepository, Queryable } from './evaluation.repository';

/** The lifecycle an evaluation follows is fixed by its kind. */
export function lifecycleOf(kind: EvaluationKind): AnyWorkflowDefinition {
  return (kind === 'key' ? EVALUATION_KEY : EVALUATION_SELF) as unknown as AnyWorkflowDefinition;
}

export function stateLabel(definition: AnyWorkflowDefinition, state: string): Label {
  return definition.states.find((s) => s.id === state)?.label ?? { zh: state, en: state };
}

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

/** How the user stands to this evaluation (the workflow's permits name these). */
export function relationsOf(user: AuthenticatedUser, evaluation: EvaluationRecord): Relation[] {
  const relations: Relation[] = [];
  if (user.organisationId === evaluation.commissioningOrganisationId) relations.push('commissioning_bureau');
  if (user.jurisdictionRegionIds.includes(evaluation.departmentRegionId)) relations.push('jurisdiction');
  const membership = evaluation.team.find((member) => member.userId === user.id);
  if (membership?.role === 'lead') relations.push('assigned_lead');
  // The lead is a member too (vocabulary: the API includes assigned_member for the lead).
  if (membership) relations.push('assigned_member');
  if (user.organisationId === evaluation.departmentId) relations.push('evaluated_department');
  return relations;
}

export function workflowActor(user: AuthenticatedUser, evaluation: EvaluationRecord): WorkflowActor {
  return { id: user.id, roles: user.roles, relations: relationsOf(user, evaluation) };
}

/** The roles the actor fired the transition in: those of the permits they satisfy (for the history's "role"). */
export function actingRoles(transition: TransitionDefinition, actor: WorkflowActor): string[] {
  const roles = new Set<string>();
  for (const permit of transition.permits) {
    if (!actor.relations.includes(permit.relation)) continue;
    for (const role of permit.roles) if (actor.roles.includes(role)) roles.add(role);
  }
  return [...roles];
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
