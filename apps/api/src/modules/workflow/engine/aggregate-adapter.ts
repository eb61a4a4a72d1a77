import type { AppAbility } from '@evalflow/domain';
import type { AnyWorkflowDefinition, FactsRecord } from '@evalflow/workflow';
import type { Queryable } from '../../../infrastructure/database/queryable';
import type { AggregateType } from '../workflow-history.repository';
import type { RelationContext } from './relations';

/** What the runner tells `snapshot` of the transition taking it (more may follow, e.g. the 文号 assigned). */
export interface SnapshotContext {
  /** The transition's parameters, validated (written by `writeState` only after the snapshot is taken). */
  parameters?: Readonly<Record<string, string>>;
}

/** What the runner needs of any record a lifecycle runs on. */
export interface AggregateRecord {
  id: string;
  state: string;
  version: number;
  /** The evaluation the record belongs to (itself for an evaluation): history and notices are kept per evaluation. */
  evaluationId: string;
  /** How users stand to the record: computed from these by relationsOf. */
  relationContext: RelationContext;
}

/**
 * One lifecycle's part in the engine (issue 10 §1): everything the runner cannot know about a record type. Each
 * feature module registers one; the runner does the rest (lock, version, transition, history, effects, outbox).
 */
export interface AggregateAdapter<R extends AggregateRecord = AggregateRecord> {
  readonly type: AggregateType;
  /** The lifecycle this record follows (an evaluation's depends on its kind). */
  definitionOf(record: R): AnyWorkflowDefinition;
  /** Loads the record; with `lock`, inside the caller's transaction, its own row stays locked until commit. */
  load(runner: Queryable, id: string, options: { lock: boolean }): Promise<R | null>;
  /** The read check on the loaded record: 404 when the caller may not see it (its existence is not disclosed). */
  assertReadable(ability: AppAbility, record: R): void;
  /** The facts the lifecycle's guards read, computed in the caller's transaction. */
  facts(runner: Queryable, record: R): Promise<FactsRecord>;
  /** Writes the new state when the version still matches; false when it does not. */
  writeState(runner: Queryable, record: R, next: string, parameters: Readonly<Record<string, string>>): Promise<boolean>;
  /**
   * What an approval approved, as it stands now (the `snapshot` effect). It is taken before `writeState`, so
   * `context.parameters` (the transition's, e.g. a self-evaluation's rating) let it show what the step decides.
   */
  snapshot(runner: Queryable, record: R, context?: SnapshotContext): Promise<unknown>;
  /** "Not found" in the record's own words. */
  readonly notFoundMessage: string;
}
