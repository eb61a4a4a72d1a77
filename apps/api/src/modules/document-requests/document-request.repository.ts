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
  createdById: string;
  createdByName: string;
  stateChangedAt: string;
  updatedAt: string;
}

const SELECT = `SELECT r.id, r.state, r.version, r.title, r.description, to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn",
  r.materials_note AS "materialsNote", r.created_by AS "createdById", cu.display_name AS "createdByName",
  r.state_changed_at AS "stateChangedAt", r.updated_at AS "updatedAt", ${EVALUATION_CONTEXT_COLUMNS}
  FROM document_requests r
  JOIN evaluations e ON e.id = r.evaluation_id
  JOIN organisations d ON d.id = e.department_id
  JOIN users cu ON cu.id = r.created_by`;

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

  async create(runner: Queryable, evaluationId: string, input: { title: string; description: string | null; dueOn: string | null }, userId: string): Promise<string> {
    const [{ id }] = await runner.query(
      `INSERT INTO document_requests (evaluation_id, title, description, due_on, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
      [evaluationId, input.title, input.description, input.dueOn, userId],
    );
    return id;
  }

  async facts(runner: Queryable, id: string): Promise<DocumentRequestFacts> {
    const [facts]: DocumentRequestFacts[] = await runner.query(`SELECT btrim(coalesce(materials_note, '')) <> '' AS "materialsRecorded" FROM document_requests WHERE id = $1`, [id]);
    return facts;
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
