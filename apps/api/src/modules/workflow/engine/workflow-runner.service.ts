import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type AppAbility, type AvailableActionDto, type EvaluationActionsDto, type HistoryEntryDto, type TransitionRequest } from '@evalflow/domain';
import {
  applyTransition,
  availableActions,
  describeRefusal,
  SYSTEM_ACTOR,
  SYSTEM_ACTOR_NAME,
  SYSTEM_ACTOR_ROLE,
  type AnyWorkflowDefinition,
  type Effect,
  type Label,
  type TransitionDefinition,
  type WorkflowActor,
} from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../../authz/authenticated-user';
import { versionConflict } from '../../../common/version-conflict';
import type { Queryable } from '../../../infrastructure/database/queryable';
import { OutboxRelay } from '../outbox-relay.service';
import { OutboxRepository, type DeadlineEffect } from '../outbox.repository';
import { refusalError } from '../refusal';
import { WorkflowHistoryRepository, type AggregateType } from '../workflow-history.repository';
import type { AggregateAdapter, AggregateRecord } from './aggregate-adapter';
import { effectHandlers, type EffectHandler } from './effect-handlers';
import { relationsOf } from './relations';
import { WorkflowEffectsRepository } from './workflow-effects.repository';
import { WorkflowTasksRepository } from './workflow-tasks.repository';

/**
 * The one workflow engine (issue 10): fires an action on a record of any lifecycle in one database transaction —
 * lock that record's own row and check its version, compute the facts, apply the pure transition, write the state,
 * append the history entry, carry out the in-transaction effects and write every effect to the outbox — and answers
 * what a user may do now and what happened before. What differs between lifecycles is in their adapters.
 */
@Injectable()
export class WorkflowRunner {
  private readonly adapters = new Map<AggregateType, AggregateAdapter>();
  private readonly handlers: { [T in Effect['type']]: EffectHandler<T> };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly history: WorkflowHistoryRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly tasks: WorkflowTasksRepository,
    effects: WorkflowEffectsRepository,
  ) {
    this.handlers = effectHandlers(effects);
  }

  /** Called by each feature module when it starts. */
  register<R extends AggregateRecord>(adapter: AggregateAdapter<R>): void {
    this.adapters.set(adapter.type, adapter as unknown as AggregateAdapter);
  }

  adapter(type: AggregateType): AggregateAdapter {
    const adapter = this.adapters.get(type);
    if (!adapter) throw new Error(`no workflow adapter registered for ${type}`);
    return adapter;
  }

  hasAdapter(type: AggregateType): boolean {
    return this.adapters.has(type);
  }

  /**
   * Fires one action (see `fireIn`) and wakes the relay, which moves the outbox rows into the queue on its own time:
   * nothing of the effects (notices, mails, reminders) is waited for here. The caller reads what it answers with
   * (the record as its routes show it); the runner reads nothing after commit.
   */
  async fire(type: AggregateType, user: AuthenticatedUser, ability: AppAbility, id: string, request: TransitionRequest): Promise<{ historyId: string }> {
    const historyId = await this.db.transaction('READ COMMITTED', (manager) => this.fireIn(manager, type, { user, ability }, id, request));
    this.relay.kick();
    return { historyId };
  }

  /**
   * The system fires a `system` transition (a state's timer ran out, issue 12 §4), in one transaction like `fire`:
   * the same row lock and version check — a second firing (another worker, a retry, after a restart) finds the
   * version or the state moved and is refused with 409, writing nothing. Recorded as 系统 (no user, role `system`)
   * acting for the evaluation's commissioning bureau.
   */
  async fireAsSystem(type: AggregateType, id: string, request: TransitionRequest): Promise<{ historyId: string }> {
    const historyId = await this.db.transaction('READ COMMITTED', (manager) => this.fireIn(manager, type, 'system', id, request));
    this.relay.kick();
    return { historyId };
  }

  /**
   * Several records of one lifecycle in one transaction, all or nothing (资料清单's 批量确认): each is fired as `fire`
   * would; when any is refused, nothing is written and a 422 RULE_VIOLATION lists in `details.items` each refused
   * record's id, code and message (and in `details.fields` its path in the request).
   */
  async fireAll(type: AggregateType, user: AuthenticatedUser, ability: AppAbility, requests: readonly { id: string; request: TransitionRequest }[]): Promise<void> {
    await this.db.transaction('READ COMMITTED', async (manager) => {
      const refused: { index: number; id: string; code: string; message: string }[] = [];
      for (const [index, { id, request }] of requests.entries()) {
        try {
          // Refusals are raised before this record writes anything, so the transaction stays usable for the rest.
          await this.fireIn(manager, type, { user, ability }, id, request);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused.push({ index, id, code: error.code, message: error.message });
        }
      }
      if (refused.length) {
        throw new DomainError('RULE_VIOLATION', `${refused.length}项不能执行，全部未执行`, {
          items: refused,
          fields: refused.map((r) => ({ path: `items.${r.index}`, message: r.message })),
        });
      }
    });
    this.relay.kick();
  }

  /** One transition inside the caller's transaction (see `fire`): every refusal is thrown before anything is written. */
  private async fireIn(
    manager: Queryable,
    type: AggregateType,
    who: { user: AuthenticatedUser; ability: AppAbility } | 'system',
    id: string,
    request: TransitionRequest,
  ): Promise<string> {
    const adapter = this.adapter(type);
    const record = who === 'system' ? await adapter.load(manager, id, { lock: true }) : await this.loadReadable(adapter, who.ability, id, manager, true);
    if (!record) throw new DomainError('NOT_FOUND', adapter.notFoundMessage);
    if (record.version !== request.expectedVersion) throw versionConflict(record.version, { state: record.state });
    const definition = adapter.definitionOf(record);
    const actor = who === 'system' ? SYSTEM_ACTOR : actorFor(who.user, record);
    const result = applyTransition(definition, record.state, request.action, actor, {
      facts: await adapter.facts(manager, record),
      comment: request.comment,
      parameters: request.parameters,
    });
    if (!result.ok) throw refusalError(definition, result.refusal);

    // The definition's order is kept: effects listed before the snapshot (the 文号 of a final approval) are carried out
    // first, so what the approval kept is what it approved; the record is read again (still locked) to see them.
    const { beforeSnapshot, afterSnapshot } = splitAtSnapshot(result.effects);
    const earlyFollowUps = await this.applyEffects(manager, type, record, beforeSnapshot);
    const snapshotOf = beforeSnapshot.length ? ((await adapter.load(manager, record.id, { lock: true })) ?? record) : record;
    const snapshot = afterSnapshot[0]?.type === 'snapshot' ? await adapter.snapshot(manager, snapshotOf, { parameters: result.parameters }) : null;
    // Unreachable while the row lock is held; kept so a lost update can never pass silently.
    if (!(await adapter.writeState(manager, record, result.next, result.parameters))) throw versionConflict(undefined);
    // 我的待办: the tasks of the old state close, those of the new one open, in this transaction.
    await this.tasks.sync(manager, type, record.id);
    const entryId = await this.history.append(manager, {
      aggregateType: type,
      aggregateId: record.id,
      evaluationId: record.evaluationId,
      action: result.transition.action,
      from: result.from,
      to: result.next,
      actor:
        who === 'system'
          ? { id: null, displayName: SYSTEM_ACTOR_NAME, organisationId: record.relationContext.commissioningOrganisationId, organisationName: null }
          : who.user,
      actingRoles: who === 'system' ? [SYSTEM_ACTOR_ROLE] : actingRoles(result.transition, actor),
      comment: result.comment ?? null,
      parameters: result.parameters,
      snapshot,
      // The files of this step (issue 11): the record's current attachments not yet on an earlier entry.
    }, { linkAttachments: true });
    const followUps = [...earlyFollowUps, ...(await this.applyEffects(manager, type, record, afterSnapshot))];
    await this.outbox.write(manager, [
      ...result.effects.map((effect) => ({ aggregateType: type, aggregateId: record.id, historyId: entryId, effect, appliedInTransaction: this.handlers[effect.type].inTransaction })),
      // The deadlines this transition started or ended: their reminders are planned or cancelled after commit.
      ...followUps.map((effect) => ({ aggregateType: type, aggregateId: record.id, historyId: entryId, effect, appliedInTransaction: false })),
    ]);
    return entryId;
  }

  /** What the caller may do now, with every guard that blocks each action (the page shows them). */
  async actions(type: AggregateType, user: AuthenticatedUser, ability: AppAbility, id: string): Promise<EvaluationActionsDto> {
    const adapter = this.adapter(type);
    const record = await this.loadReadable(adapter, ability, id, this.db, false);
    const definition = adapter.definitionOf(record);
    const facts = await adapter.facts(this.db, record);
    return {
      state: record.state,
      version: record.version,
      actions: availableActions(definition, record.state, actorFor(user, record), { facts }).map(
        (available): AvailableActionDto => ({
          action: available.action,
          label: available.label,
          to: available.to,
          toLabel: stateLabel(definition, available.to),
          allowed: available.allowed,
          blockedBy: [...available.blockedBy],
          ...(available.refusal ? { refusal: { kind: available.refusal.kind, message: describeRefusal(definition, available.refusal) } } : {}),
          requiresComment: available.requiresComment,
          parameters: Object.entries(available.parameters).map(([name, parameter]) => ({ name, label: parameter.label, options: [...parameter.options] })),
        }),
      ),
    };
  }

  /**
   * The record's story, oldest first, with the labels of its lifecycle and the files of each step. `hiddenFiles`
   * names the kinds of record whose files the caller may not see on this record (an evaluation's findings, for the
   * department before they are shown to it): those are left out of the entries.
   */
  async historyOf(
    type: AggregateType,
    ability: AppAbility,
    id: string,
    options: { hiddenFiles?: (record: AggregateRecord) => readonly string[] } = {},
  ): Promise<HistoryEntryDto[]> {
    const adapter = this.adapter(type);
    const record = await this.loadReadable(adapter, ability, id, this.db, false);
    const definition = adapter.definitionOf(record);
    const hidden = options.hiddenFiles?.(record) ?? [];
    const rows = await this.history.list(type, record.id);
    return rows.map((row) => ({
      seq: row.seq,
      action: row.action,
      actionLabel: definition.transitions.find((t) => t.action === row.action)?.label ??
        definition.records?.find((r) => r.action === row.action)?.label ?? { zh: row.action, en: row.action },
      from: row.from,
      to: row.to,
      fromLabel: stateLabel(definition, row.from),
      toLabel: stateLabel(definition, row.to),
      actor: { id: row.actorId, displayName: row.actorName, roles: row.actorRoles },
      organisation: { id: row.organisationId, name: row.organisationName },
      comment: row.comment,
      parameters: row.parameters,
      snapshot: row.snapshot ?? null,
      createdAt: row.createdAt,
      attachments: row.attachments.filter((file) => !hidden.includes(file.subjectType)).map(({ subjectType: _subject, ...file }) => file),
    }));
  }

  private async loadReadable(adapter: AggregateAdapter, ability: AppAbility, id: string, runner: Queryable, lock: boolean): Promise<AggregateRecord> {
    const record = await adapter.load(runner, id, { lock });
    if (!record) throw new DomainError('NOT_FOUND', adapter.notFoundMessage);
    adapter.assertReadable(ability, record);
    return record;
  }

  private async applyEffects(runner: Queryable, type: AggregateType, record: AggregateRecord, effects: readonly Effect[]): Promise<DeadlineEffect[]> {
    const followUps: DeadlineEffect[] = [];
    // One after the other: inside a transaction they share one connection.
    for (const effect of effects) {
      const handler = this.handlers[effect.type] as EffectHandler;
      if (handler.apply) followUps.push(...(await handler.apply(effect as never, { runner, type, record })));
    }
    return followUps;
  }
}

/** A transition's effects split at its `snapshot` (all of them come after when it takes none). */
export function splitAtSnapshot(effects: readonly Effect[]): { beforeSnapshot: readonly Effect[]; afterSnapshot: readonly Effect[] } {
  const at = effects.findIndex((effect) => effect.type === 'snapshot');
  if (at < 0) return { beforeSnapshot: [], afterSnapshot: effects };
  return { beforeSnapshot: effects.slice(0, at), afterSnapshot: effects.slice(at) };
}

/** The signed-in user as the workflow sees them on this record. */
export function actorFor(user: AuthenticatedUser, record: AggregateRecord): WorkflowActor {
  return { id: user.id, roles: user.roles, relations: relationsOf(user, record.relationContext) };
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

export function stateLabel(definition: AnyWorkflowDefinition, state: string): Label {
  return definition.states.find((s) => s.id === state)?.label ?? { zh: state, en: state };
}
