import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Queryable } from '../evaluations/evaluation.repository';

export type AggregateType = 'evaluation' | 'rectification_item' | 'document_request' | 'working_paper';

export interface NewHistoryEntry {
  aggregateType: AggregateType;
  aggregateId: string;
  evaluationId: string;
  action: string;
  from: string;
  to: string;
  /** A person, or the system (a state's timer: id null, 系统, acting for the organisation given, its name looked up when null). */
  actor: { id: string | null; displayName: string; organisationId: string; organisationName: string | null };
  /** The roles the actor acted in (those of the permit that let them), not every role they hold. */
  actingRoles: readonly string[];
  comment: string | null;
  parameters: Readonly<Record<string, string>>;
  snapshot: unknown;
}

export interface HistoryRow {
  id: string;
  aggregateType: AggregateType;
  aggregateId: string;
  seq: number;
  action: string;
  from: string;
  to: string;
  /** Null when the system acted (a timer ran out). */
  actorId: string | null;
  actorName: string;
  actorRoles: string[];
  organisationId: string;
  organisationName: string;
  comment: string | null;
  parameters: Record<string, string>;
  snapshot: unknown;
  createdAt: string;
  /** The files this entry carried (history_attachments), with the kind of record each is attached to. */
  attachments: { id: string; fileName: string; size: number; mediaType: string; subjectType: string }[];
}

/**
 * The files of a step (issue 11): those attached to the record itself; for an evaluation, those of its findings and
 * of the department's answers to them (its records that have files but no lifecycle of their own). $1 the record's
 * type, $2 its id. Document requests, rectification items and working papers carry their files on their own entries.
 */
const ownFilesSql = (type: AggregateType) =>
  type === 'evaluation' ? `a.evaluation_id = $2::uuid AND a.subject_type IN ('finding', 'finding_answer')` : `a.subject_type = $1::varchar AND a.subject_id = $2::uuid`;

/** The append-only history (the database refuses UPDATE, DELETE and TRUNCATE on it). */
@Injectable()
export class WorkflowHistoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends one entry; the caller holds the aggregate's row lock, so the next seq cannot race. */
  async append(runner: Queryable, entry: NewHistoryEntry, options: { linkAttachments?: boolean } = {}): Promise<string> {
    // With linkAttachments, the record's current attachments (ownFilesSql: an evaluation's are its findings' and
    // answers') that no earlier entry of the same record carried are linked to this entry in the same statement
    // (issue 11: the files of each step; the database then keeps those files' bytes, name and record unchanged for
    // good). The new entry is not visible to the NOT EXISTS (one statement, one snapshot), which only asks about
    // earlier entries anyway.
    const link = options.linkAttachments
      ? `, linked AS (
           INSERT INTO history_attachments (history_id, attachment_id)
           SELECT entry.id, a.id FROM entry, attachments a
           WHERE ${ownFilesSql(entry.aggregateType)} AND a.status = 'current'
             AND NOT EXISTS (SELECT 1 FROM history_attachments ha JOIN workflow_history h ON h.id = ha.history_id
                             WHERE ha.attachment_id = a.id AND h.aggregate_type = $1::varchar AND h.aggregate_id = $2::uuid))`
      : '';
    const [{ id }] = await runner.query(
      `WITH entry AS (
         INSERT INTO workflow_history (aggregate_type, aggregate_id, evaluation_id, seq, action, from_state, to_state, actor_id, actor_name,
           actor_roles, organisation_id, organisation_name, comment, parameters, snapshot)
         VALUES ($1::varchar, $2::uuid, $3, (SELECT coalesce(max(seq), 0) + 1 FROM workflow_history WHERE aggregate_type = $1::varchar AND aggregate_id = $2::uuid),
           $4, $5, $6, $7, $8, $9, $10, COALESCE($11, (SELECT name FROM organisations WHERE id = $10)), $12, $13, $14)
         RETURNING id)${link}
       SELECT id FROM entry`,
      [
        entry.aggregateType,
        entry.aggregateId,
        entry.evaluationId,
        entry.action,
        entry.from,
        entry.to,
        entry.actor.id,
        entry.actor.displayName,
        entry.actingRoles,
        entry.actor.organisationId,
        entry.actor.organisationName,
        entry.comment,
        JSON.stringify(entry.parameters),
        entry.snapshot === undefined || entry.snapshot === null ? null : JSON.stringify(entry.snapshot),
      ],
    );
    return String(id);
  }

  async list(aggregateType: AggregateType, aggregateId: string): Promise<HistoryRow[]> {
    const rows = await this.db.query(
      `SELECT id::text, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", seq, action, from_state AS "from", to_state AS "to",
         actor_id AS "actorId", actor_name AS "actorName", actor_roles AS "actorRoles", organisation_id AS "organisationId",
         organisation_name AS "organisationName", comment, parameters, snapshot, created_at AS "createdAt",
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'fileName', a.file_name, 'size', a.size, 'mediaType', a.media_type, 'subjectType', a.subject_type) ORDER BY a.uploaded_at, a.id)
           FROM history_attachments ha JOIN attachments a ON a.id = ha.attachment_id WHERE ha.history_id = workflow_history.id), '[]') AS attachments
       FROM workflow_history WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY seq`,
      [aggregateType, aggregateId],
    );
    return rows.map((row: HistoryRow & { createdAt: Date }) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
  }
}
