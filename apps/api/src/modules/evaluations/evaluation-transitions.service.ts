import { Injectable } from '@nestjs/common';
import type { AppAbility, TransitionRequest } from '@evalflow/domain';
import { applyTransition, type Effect } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { OutboxRepository, type DeadlineEffect } from '../workflow/outbox.repository';
import { refusalError } from '../workflow/refusal';
import { WorkflowHistoryRepository } from '../workflow/workflow-history.repository';
import { computeEvaluationFacts } from './evaluation-facts';
import { actingRoles, lifecycleOf, loadVisibleEvaluation, workflowActor } from './evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord, type Queryable } from './evaluation.repository';
import { EvaluationSnapshots } from './evaluation-snapshots';

/** Effects the transition's own transaction carries out; the others wait in the outbox for the relay. */
const APPLIED_IN_TRANSACTION: ReadonlySet<Effect['type']> = new Set(['snapshot', 'open_rectification_items', 'schedule_deadline', 'cancel_deadline']);

/**
 * Fires one lifecycle action on an evaluation, in one database transaction (ARCHITECTURE rule 3): lock the row and
 * check the version, compute the facts, apply the pure transition, write the new state, append the history entry,
 * carry out the in-database effects and write every effect to the outbox. The relay is kicked after commit.
 */
@Injectable()
export class EvaluationTransitionsService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly history: WorkflowHistoryRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly snapshots: EvaluationSnapshots,
  ) {}

  async fire(user: AuthenticatedUser, ability: AppAbility, id: string, request: TransitionRequest): Promise<{ evaluation: EvaluationRecord; historyId: string }> {
    const outcome = await this.evaluations.db.transaction('READ COMMITTED', async (manager) => {
      const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id, { runner: manager, lock: true });
      if (evaluation.version !== request.expectedVersion) {
        throw versionConflict(evaluation.version, { state: evaluation.state });
      }
      const definition = lifecycleOf(evaluation.kind);
      const actor = workflowActor(user, evaluation);
      const facts = await computeEvaluationFacts(manager, evaluation.id, evaluation.kind);
      const result = applyTransition(definition, evaluation.state, request.action, actor, {
        facts,
        comment: request.comment,
        parameters: request.parameters,
      });
      if (!result.ok) throw refusalError(definition, result.refusal);

      const snapshot = result.effects.some((effect) => effect.type === 'snapshot') ? await this.snapshots.capture(manager, evaluation) : null;
      const moved = await this.evaluations.setState(manager, evaluation.id, evaluation.version, result.next, { rating: result.parameters.rating });
      // Unreachable while the row lock is held; kept so a lost update can never pass silently.
      if (!moved) throw versionConflict(undefined);
      const historyId = await this.history.append(manager, {
        aggregateType: 'evaluation',
        aggregateId: evaluation.id,
        evaluationId: evaluation.id,
        action: result.transition.action,
        from: result.from,
        to: result.next,
        actor: user,
        actingRoles: actingRoles(result.transition, actor),
        comment: result.comment ?? null,
        parameters: result.parameters,
        snapshot,
      });
      const deadlineEffects = await this.applyInTransaction(manager, evaluation, result.next, result.effects);
      await this.outbox.write(manager, [
        ...result.effects.map((effect) => ({
          aggregateType: 'evaluation' as const,
          aggregateId: evaluation.id,
          historyId,
          effect,
          appliedInTransaction: APPLIED_IN_TRANSACTION.has(effect.type),
        })),
        // The deadlines this transition started or ended: their reminders are planned or cancelled after commit.
        ...deadlineEffects.map((effect) => ({ aggregateType: 'evaluation' as const, aggregateId: evaluation.id, historyId, effect, appliedInTransaction: false })),
      ]);
      return { historyId };
    });
    this.relay.kick();
    return { evaluation: (await this.evaluations.findById(id))!, historyId: outcome.historyId };
  }

  private async applyInTransaction(runner: Queryable, evaluation: EvaluationRecord, next: string, effects: readonly Effect[]): Promise<DeadlineEffect[]> {
    const deadlineEffects: DeadlineEffect[] = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'schedule_deadline': {
          const started = await this.evaluations.setDeadlineStatus(runner, evaluation.id, effect.deadline, 'active');
          if (started) deadlineEffects.push({ type: 'plan_reminders', deadlineId: started.id, version: started.version, reason: 'activated' });
          break;
        }
        case 'cancel_deadline': {
          const ended = await this.evaluations.setDeadlineStatus(runner, evaluation.id, effect.deadline, 'done');
          if (ended) deadlineEffects.push({ type: 'cancel_reminders', deadlineId: ended.id, version: ended.version });
          break;
        }
        case 'open_rectification_items':
          // One item per finding still standing after adjudication (DOMAIN §2.6); re-running opens nothing twice.
          await runner.query(
            `INSERT INTO rectification_items (evaluation_id, finding_id)
             SELECT evaluation_id, id FROM findings WHERE evaluation_id = $1 AND adjudication IS DISTINCT FROM 'withdrawn'
             ON CONFLICT (finding_id) DO NOTHING`,
            [evaluation.id],
          );
          break;
        case 'snapshot':
        case 'notify':
          break;
      }
    }
    if (next === 'draft_for_comment') {
      // The draft the department is shown is the baseline: any later score change must say why (DOMAIN §2.4).
      await runner.query(`UPDATE evaluation_indicator_entries SET score_at_draft = score, change_reason = NULL WHERE evaluation_id = $1`, [evaluation.id]);
    }
    return deadlineEffects;
  }
}
