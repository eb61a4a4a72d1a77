import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DocumentRequestFacts } from '@evalflow/workflow';
import type { Queryable } from '../../infrastructure/database/queryable';
import { EVALUATION_CONTEXT_COLUMNS, type EvaluationContextRow } from '../workflow/engine/evaluation-context.sql';

/** One item of an evaluation's document request list (资料清单事项). */
export interface DocumentRequestRow extends EvaluationContextRow {
  id: string;
  state: string;
  version: number;
  title: string;
  description: string | null;
  dueOn: string | null;
  materialsNote: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  templateItemKey: string | null;
  indicatorCodes: string[];
  createdById: string;
  createdByName: string;
  stateChangedAt: string;
  updatedAt: string;
}

const SELECT = `SELECT r.id, r.state, r.version, r.title, r.description, to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn",
  r.materials_note AS "materialsNote", r.owner_user_id AS "ownerUserId", ou.display_name AS "ownerName",
  r.template_item_key AS "templateItemKey", r.indicator_codes AS "indicatorCodes", r.created_by AS "createdById", cu.display_name AS "createdByName",
  r.state_changed_at AS "stateChangedAt", r.updated_at AS "updatedAt", ${EVALUATION_CONTEXT_COLUMNS}
  FROM document_requests r
  JOIN evaluations e ON e.id = r.evaluation_id
  JOIN organisations d ON d.id = e.department_id
  JOIN users cu ON cu.id = r.created_by
  LEFT JOIN users ou ON ou.id = r.owner_user_id`;

/** "Files recorded" (issue 11 contract): the item has a current attachment. */
const FILES_RECORDED = `EXISTS (SELECT 1 FROM attachments a WHERE a.subject_type = 'document_request' AND a.subject_id = r.id AND a.status = 'current')`;

/** One line of 资料清单.xlsx: the item with who answered and accepted it and why it went back or is missing. */
export interface DocumentRequestExportRow {
  title: string;
  description: string | null;
  ownerName: string | null;
  dueOn: string | null;
  state: string;
  materialsNote: string | null;
  fileCount: number;
  reason: string | null;
  acceptedBy: string | null;
  acceptedOn: string | null;
}

/** What a new item carries (single add and issuing from a template). */
export interface NewDocumentRequest {
  title: string;
  description: string | null;
  dueOn: string | null;
  ownerUserId?: string | null;
  templateItemKey?: string | null;
  indicatorCodes?: string[];
}

const iso = (value: Date | string) => new Date(value).toISOString();
const toRow = (row: DocumentRequestRow) => ({ ...row, stateChangedAt: iso(row.stateChangedAt), updatedAt: iso(row.updatedAt) });

@Injectable()
export class DocumentRequestRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** With `lock`, the item's own row only (FOR NO KEY UPDATE OF r): never its evaluation's. */
  async findById(runner: Queryable, id: string, lock = false): Promise<DocumentRequestRow | null> {
    const rows: DocumentRequestRow[] = await runner.query(`${SELECT} WHERE r.id = $1${lock ? ' FOR NO KEY UPDATE OF r' : ''}`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async listForEvaluation(evaluationId: string): Promise<DocumentRequestRow[]> {
    const rows: DocumentRequestRow[] = await this.db.query(`${SELECT} WHERE r.evaluation_id = $1 ORDER BY r.created_at, r.id`, [evaluationId]);
    return rows.map(toRow);
  }

  async create(runner: Queryable, evaluationId: string, input: NewDocumentRequest, userId: string): Promise<string> {
    const [{ id }] = await runner.query(
      // clock_timestamp(): items issued together in one transaction keep the template's order in the list.
      `INSERT INTO document_requests (evaluation_id, title, description, due_on, owner_user_id, template_item_key, indicator_codes, created_by, updated_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $8, clock_timestamp()) RETURNING id`,
      [evaluationId, input.title, input.description, input.dueOn, input.ownerUserId ?? null, input.templateItemKey ?? null, input.indicatorCodes ?? [], userId],
    );
    return id;
  }

  /** The template item keys already on the evaluation's list, with the item issued from each. */
  async issuedTemplateItems(runner: Queryable, evaluationId: string): Promise<Map<string, { id: string; title: string }>> {
    const rows: { key: string; id: string; title: string }[] = await runner.query(
      `SELECT template_item_key AS key, id, title FROM document_requests WHERE evaluation_id = $1 AND template_item_key IS NOT NULL`,
      [evaluationId],
    );
    return new Map(rows.map((row) => [row.key, { id: row.id, title: row.title }]));
  }

  /** The evaluated department's active users, who may be made responsible for an item. */
  async departmentUsers(runner: Queryable, departmentId: string): Promise<{ id: string; displayName: string }[]> {
    return runner.query(`SELECT id, display_name AS "displayName" FROM users WHERE organisation_id = $1 AND active ORDER BY display_name, id`, [departmentId]);
  }

  async facts(runner: Queryable, id: string): Promise<DocumentRequestFacts> {
    const [facts]: DocumentRequestFacts[] = await runner.query(
      `SELECT btrim(coalesce(r.materials_note, '')) <> '' OR ${FILES_RECORDED} AS "materialsRecorded" FROM document_requests r WHERE r.id = $1`,
      [id],
    );
    return facts;
  }

  /** 资料清单.xlsx, in list order: the latest accept (who, when) and the latest reason given for a return, a partial answer or a decline. */
  async exportRows(evaluationId: string): Promise<DocumentRequestExportRow[]> {
    return this.db.query(
      `SELECT r.title, r.description, ou.display_name AS "ownerName", to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn", r.state,
         r.materials_note AS "materialsNote",
         (SELECT count(*)::int FROM attachments a WHERE a.subject_type = 'document_request' AND a.subject_id = r.id AND a.status = 'current') AS "fileCount",
         (SELECT h.comment FROM workflow_history h WHERE h.aggregate_type = 'document_request' AND h.aggregate_id = r.id AND h.action IN ('return', 'decline', 'provide_partly')
           ORDER BY h.seq DESC LIMIT 1) AS reason,
         acc.actor_name AS "acceptedBy", to_char(acc.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "acceptedOn"
       FROM document_requests r
       LEFT JOIN users ou ON ou.id = r.owner_user_id
       LEFT JOIN LATERAL (SELECT h.actor_name, h.created_at FROM workflow_history h WHERE h.aggregate_type = 'document_request' AND h.aggregate_id = r.id AND h.action = 'accept'
         ORDER BY h.seq DESC LIMIT 1) acc ON r.state = 'accepted'
       WHERE r.evaluation_id = $1 ORDER BY r.created_at, r.id`,
      [evaluationId],
    );
  }

  async setState(runner: Queryable, id: string, expectedVersion: number, next: string): Promise<boolean> {
    // pg answers an UPDATE with [rows, count].
    const [, count] = await runner.query(
      `UPDATE document_requests SET state = $3, state_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [id, expectedVersion, next],
    );
    return count === 1;
  }

  async updateMaterials(runner: Queryable, id: string, expectedVersion: number, materialsNote: string | null, userId: string): Promise<boolean> {
    const [, count] = await runner.query(
      `UPDATE document_requests SET materials_note = $3, updated_by = $4, updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [id, expectedVersion, materialsNote, userId],
    );
    return count === 1;
  }
}
