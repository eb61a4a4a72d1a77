import type { Effect, EffectType } from '@evalflow/workflow';
import type { Queryable } from '../../../infrastructure/database/queryable';
import type { DeadlineEffect } from '../outbox.repository';
import type { AggregateRecord } from './aggregate-adapter';
import type { AggregateType } from '../workflow-history.repository';
import type { WorkflowEffectsRepository } from './workflow-effects.repository';

/** What a handler gets: the transaction, the record as loaded (state before) and its type. */
export interface EffectContext {
  runner: Queryable;
  type: AggregateType;
  record: AggregateRecord;
}

/**
 * How each effect of a definition is carried out, in one map keyed by effect type (issue 10 §1). `inTransaction`
 * handlers run in the transition's transaction and return the follow-up effects for the relay (reminders to plan
 * or cancel); the others (notices) only travel through the outbox. The snapshot is taken before the state is
 * written, by the runner, because it records what was approved; effects a definition lists before its snapshot (the
 * 文号) are carried out before it, so the snapshot shows them.
 */
export interface EffectHandler<T extends EffectType = EffectType> {
  readonly inTransaction: boolean;
  apply?(effect: Extract<Effect, { type: T }>, context: EffectContext): Promise<DeadlineEffect[]>;
}

export function effectHandlers(effects: WorkflowEffectsRepository): { [T in EffectType]: EffectHandler<T> } {
  return {
    notify: { inTransaction: false },
    snapshot: { inTransaction: true },
    schedule_deadline: {
      inTransaction: true,
      async apply(effect, { runner, type, record }) {
        const started = await effects.setDeadlineStatus(runner, type, record.id, effect.deadline, 'active');
        return started ? [{ type: 'plan_reminders', deadlineId: started.id, version: started.version, reason: 'activated' }] : [];
      },
    },
    cancel_deadline: {
      inTransaction: true,
      async apply(effect, { runner, type, record }) {
        const ended = await effects.setDeadlineStatus(runner, type, record.id, effect.deadline, 'done');
        return ended ? [{ type: 'cancel_reminders', deadlineId: ended.id, version: ended.version }] : [];
      },
    },
    open_rectification_items: {
      inTransaction: true,
      async apply(_effect, { runner, record }) {
        const started = await effects.openRectificationItems(runner, record.evaluationId);
        return started.map((deadline) => ({ type: 'plan_reminders', deadlineId: deadline.id, version: deadline.version, reason: 'activated' }));
      },
    },
    freeze_scores: {
      inTransaction: true,
      async apply(_effect, { runner, record }) {
        await effects.freezeScores(runner, record.evaluationId);
        return [];
      },
    },
    propose_document_finding: {
      inTransaction: true,
      async apply(_effect, { runner, record }) {
        await effects.proposeDocumentFinding(runner, record.id);
        return [];
      },
    },
    record_no_objection: {
      inTransaction: true,
      async apply(_effect, { runner, record }) {
        await effects.recordNoObjection(runner, record.evaluationId);
        return [];
      },
    },
    assign_report_number: {
      inTransaction: true,
      async apply(_effect, { runner, record }) {
        await effects.assignReportNumber(runner, record.evaluationId);
        return [];
      },
    },
    obsolete_document_finding: {
      inTransaction: true,
      async apply(_effect, { runner, record }) {
        await effects.obsoleteDocumentFinding(runner, record.id);
        return [];
      },
    },
  };
}
