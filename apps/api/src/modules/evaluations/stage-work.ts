import { DomainError, type AppAbility } from '@evalflow/domain';
import { ASSIGNED_TEAM, BUREAU_FINANCE, WORK_NOTICES, type Permit, type WorkNoticeKind } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { OutboxRepository, WorkNoticeEffect } from '../workflow/outbox.repository';
import { holdsPermit, lifecycleOf, loadVisibleEvaluation, stateLabel, workflowActor } from './evaluation-lifecycle';
import type { EvaluationRecord, EvaluationRepository } from './evaluation.repository';

/** Who may do a piece of stage work, and in which states (the lifecycle decides when the work is due). */
export interface WorkRule {
  readonly states: readonly string[];
  readonly permits: readonly Permit[];
}

/** A piece of stage work: the rules of the parties who may do it (holding any one suffices), and what it is. */
export interface StageWork {
  readonly what: string;
  /** A function where the rules depend on the evaluation (its kind). */
  readonly rules: readonly WorkRule[] | ((evaluation: EvaluationRecord) => readonly WorkRule[]);
}

/** Stage work that one set of parties does in the given states. */
export const stage = (what: string, states: readonly string[], permits: readonly Permit[]): StageWork => ({ what, rules: [{ states, permits }] });

const KEY_FINDINGS: WorkRule = { states: ['fieldwork', 'adjudication'], permits: [ASSIGNED_TEAM] };
/** In a self-evaluation the bureau's review opinions are the findings that become rectification items. */
const REVIEW_FINDINGS: WorkRule = { states: ['review'], permits: [BUREAU_FINANCE] };

/** Recording findings (and deciding the proposed findings that become them). */
export const FINDINGS_WORK: StageWork = { what: 'record findings', rules: (evaluation) => [evaluation.kind === 'key' ? KEY_FINDINGS : REVIEW_FINDINGS] };

/**
 * Runs stage work in a transaction holding the evaluation's row lock: 404 if the caller may not see it, 403 if
 * the work is not theirs, 409 if the evaluation is not in a state where they do it.
 */
export function withStageWork<T>(
  evaluations: EvaluationRepository,
  user: AuthenticatedUser,
  ability: AppAbility,
  id: string,
  work: StageWork,
  run: (runner: Queryable, evaluation: EvaluationRecord) => Promise<T>,
): Promise<T> {
  return evaluations.db.transaction(async (manager) => {
    const evaluation = await loadVisibleEvaluation(evaluations, ability, id, { runner: manager, lock: true });
    const rules = typeof work.rules === 'function' ? work.rules(evaluation) : work.rules;
    const actor = workflowActor(user, evaluation);
    const held = rules.filter((rule) => holdsPermit(rule.permits, actor));
    if (!held.length) throw new DomainError('FORBIDDEN', `You may not ${work.what} on this evaluation`);
    if (!held.some((rule) => rule.states.includes(evaluation.state))) {
      const label = stateLabel(lifecycleOf(evaluation.kind), evaluation.state);
      throw new DomainError('CONFLICT', `当前状态（${label.zh}）下不能进行此操作: cannot ${work.what} in state ${label.en}`, { state: evaluation.state });
    }
    return run(manager, evaluation);
  });
}

/** Writes a stage-work notice to the outbox in the caller's transaction: it commits with the write it tells about. */
export async function writeWorkNotice(
  outbox: OutboxRepository,
  runner: Queryable,
  evaluation: EvaluationRecord,
  user: AuthenticatedUser,
  notice: WorkNoticeKind,
  detail: string,
): Promise<void> {
  const effect: WorkNoticeEffect = { type: 'work_notice', notice, to: WORK_NOTICES[notice].to, actorId: user.id, detail };
  await outbox.write(runner, [{ aggregateType: 'evaluation', aggregateId: evaluation.id, historyId: null, effect, appliedInTransaction: false }]);
}
