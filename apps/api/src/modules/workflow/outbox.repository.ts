import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Effect, Recipient, WorkNoticeKind } from '@evalflow/workflow';
import type { Queryable } from '../evaluations/evaluation.repository';
import type { AggregateType } from './workflow-history.repository';

/**
 * Effects the API adds beside the workflow's: a deadline's reminders to plan (it started, moved or changed owner)
 * or to cancel (it ended). Written in the transaction that changed the deadline; the relay turns them into jobs.
 */
export type DeadlineEffect =
  | { type: 'plan_reminders'; deadlineId: string; version: number; reason: 'activated' | 'changed' }
  | { type: 'cancel_reminders'; deadlineId: string; version: number };
/**
 * A notice about stage work (libs/workflow `WORK_NOTICES`: an answer, an adjudication, a hand-over to the head),
 * written in the transaction of the write it tells about; there is no history entry, so it carries its own actor
 * and the line about what was done. The notify job tells the recipients as they are then, the actor excepted.
 */
export interface WorkNoticeEffect {
  type: 'work_notice';
  notice: WorkNoticeKind;
  to: readonly Recipient[];
  actorId: string;
  detail: string;
}
export type OutboxEffect = Effect | DeadlineEffect | WorkNoticeEffect;

export interface OutboxRow {
  id: string;
  aggregateType: AggregateType;
  aggregateId: string;
  /** The history entry of the transition; null for a deadline changed outside a transition. */
  historyId: string | null;
  effect: OutboxEffect;
}

/**
 * Effects of a transition, written in its transaction. Effects the transaction carries out itself (snapshot,
 * opening rectification items, deadline status) are recorded as already dispatched; the rest wait for the relay.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async write(
    runner: Queryable,
    rows: readonly { aggregateType: AggregateType; aggregateId: string; historyId: string | null; effect: OutboxEffect; appliedInTransaction: boolean }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO outbox (aggregate_type, aggregate_id, history_id, effect, dispatched_at)
       SELECT r.aggregate_type, r.aggregate_id, r.history_id, r.effect, CASE WHEN r.applied THEN now() END
       FROM json_to_recordset($1::json) AS r(aggregate_type text, aggregate_id uuid, history_id bigint, effect jsonb, applied boolean)`,
      [
        JSON.stringify(
          rows.map((row) => ({
            aggregate_type: row.aggregateType,
            aggregate_id: row.aggregateId,
            history_id: row.historyId,
            effect: row.effect,
            applied: row.appliedInTransaction,
          })),
        ),
      ],
    );
  }

  /** Claims up to `limit` pending rows for this transaction (other relays skip them). */
  async claimPending(runner: Queryable, limit: number): Promise<OutboxRow[]> {
    return runner.query(
      `SELECT id::text, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", history_id::text AS "historyId", effect
       FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(runner: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await runner.query(`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async markFailed(runner: Queryable, id: string, error: string): Promise<void> {
    await runner.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, error.slice(0, 1000)]);
  }

  async findById(id: string): Promise<OutboxRow | null> {
    const rows = await this.db.query(
      `SELECT id::text, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", history_id::text AS "historyId", effect FROM outbox WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async pendingCount(): Promise<number> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM outbox WHERE dispatched_at IS NULL`);
    return count;
  }
}
