import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RectificationItemFacts } from '@evalflow/workflow';
import type { Queryable } from '../../infrastructure/database/queryable';
import { EVALUATION_CONTEXT_COLUMNS, type EvaluationContextRow } from '../workflow/engine/evaluation-context.sql';

/** One rectification item (整改事项) with its finding and the evaluation it came from. */
export interface RectificationItemRow extends EvaluationContextRow {
  id: string;
  state: string;
  version: number;
  findingId: string;
  findingSeq: number;
  findingTitle: string;
  findingCategory: string | null;
  measures: string | null;
  responsibleUnit: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  evidenceNote: string | null;
  stateChangedAt: string;
  updatedAt: string;
}

/** What the department writes on an item (整改措施、责任单位、责任人、整改时限、佐证材料). */
export interface RectificationItemPlan {
  measures?: string | null;
  responsibleUnit?: string | null;
  ownerUserId?: string | null;
  dueOn?: string | null;
  evidenceNote?: string | null;
}

const SELECT = `SELECT ri.id, ri.state, ri.version, ri.finding_id AS "findingId", f.seq AS "findingSeq", f.title AS "findingTitle",
  f.category AS "findingCategory", ri.measures, ri.responsible_unit AS "responsibleUnit", ri.owner_user_id AS "ownerUserId",
  ou.display_name AS "ownerName", to_char(ri.due_on, 'YYYY-MM-DD') AS "dueOn", ri.evidence_note AS "evidenceNote",
  ri.state_changed_at AS "stateChangedAt", ri.updated_at AS "updatedAt", ${EVALUATION_CONTEXT_COLUMNS}
  FROM rectification_items ri
  JOIN findings f ON f.id = ri.finding_id
  JOIN evaluations e ON e.id = ri.evaluation_id
  JOIN organisations d ON d.id = e.department_id
  LEFT JOIN users ou ON ou.id = ri.owner_user_id`;

const iso = (value: Date | string) => new Date(value).toISOString();
const toRow = (row: RectificationItemRow) => ({ ...row, stateChangedAt: iso(row.stateChangedAt), updatedAt: iso(row.updatedAt) });

const COLUMN_OF: Record<keyof RectificationItemPlan, string> = {
  measures: 'measures',
  responsibleUnit: 'responsible_unit',
  ownerUserId: 'owner_user_id',
  dueOn: 'due_on',
  evidenceNote: 'evidence_note',
};

@Injectable()
export class RectificationItemRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** With `lock`, the item's own row only (FOR NO KEY UPDATE OF ri): work on one item never waits on another or the evaluation. */
  async findById(runner: Queryable, id: string, lock = false): Promise<RectificationItemRow | null> {
    const rows: RectificationItemRow[] = await runner.query(`${SELECT} WHERE ri.id = $1${lock ? ' FOR NO KEY UPDATE OF ri' : ''}`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async listForEvaluation(evaluationId: string): Promise<RectificationItemRow[]> {
    const rows: RectificationItemRow[] = await this.db.query(`${SELECT} WHERE ri.evaluation_id = $1 ORDER BY f.seq`, [evaluationId]);
    return rows.map(toRow);
  }

  /**
   * With `lockEvaluation`, the item's evaluation row is read FOR SHARE: a reopen then queues behind the evaluation's
   * close (FOR NO KEY UPDATE) or makes the close wait and count the reopened item, so the two never both succeed.
   * The engine asks for it only where a reopen can fire (a verified item); other item work never waits on the evaluation.
   */
  async facts(runner: Queryable, id: string, options: { lockEvaluation?: boolean } = {}): Promise<RectificationItemFacts> {
    const [facts]: Omit<RectificationItemFacts, 'evaluationOpen'>[] = await runner.query(
      // Evidence is a description of what was handed over or a file of the item's (佐证材料).
      `SELECT btrim(coalesce(measures, '')) <> '' AS "measuresEntered", owner_user_id IS NOT NULL AS "ownerAssigned",
         due_on IS NOT NULL AS "dueDateSet",
         (btrim(coalesce(evidence_note, '')) <> '' OR EXISTS (SELECT 1 FROM attachments a
            WHERE a.subject_type = 'rectification_item' AND a.subject_id = ri.id AND a.status = 'current')) AS "evidenceAttached"
       FROM rectification_items ri WHERE ri.id = $1`,
      [id],
    );
    const [evaluation]: { open: boolean }[] = await runner.query(
      `SELECT e.state NOT IN ('closed', 'cancelled') AS open FROM evaluations e
       WHERE e.id = (SELECT evaluation_id FROM rectification_items WHERE id = $1)${options.lockEvaluation ? ' FOR SHARE OF e' : ''}`,
      [id],
    );
    return { ...facts, evaluationOpen: evaluation?.open === true };
  }

  async setState(runner: Queryable, id: string, expectedVersion: number, next: string): Promise<boolean> {
    // pg answers an UPDATE with [rows, count].
    const [, count] = await runner.query(
      `UPDATE rectification_items SET state = $3, state_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [id, expectedVersion, next],
    );
    return count === 1;
  }

  /** Writes the given fields only; false when the version moved on. */
  async updatePlan(runner: Queryable, id: string, expectedVersion: number, plan: RectificationItemPlan, userId: string): Promise<boolean> {
    const params: unknown[] = [id, expectedVersion, userId];
    const sets = Object.entries(plan)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => {
        params.push(value);
        return `${COLUMN_OF[field as keyof RectificationItemPlan]} = $${params.length}`;
      });
    const [, count] = await runner.query(
      `UPDATE rectification_items SET ${[...sets, 'updated_by = $3', 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 AND version = $2`,
      params,
    );
    return count === 1;
  }

  /** The end of the rectification period the commission set (the evaluation's 整改 deadline), if it set one. */
  async rectificationPeriodEnd(evaluationId: string): Promise<string | null> {
    const [row] = await this.db.query(
      `SELECT to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM deadlines WHERE subject_type = 'evaluation' AND subject_id = $1 AND key = 'rectification'`,
      [evaluationId],
    );
    return row?.dueOn ?? null;
  }

  /** Is this user an active member of that department (a responsible person must be)? */
  async isActiveUserOf(userId: string, organisationId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND organisation_id = $2 AND active`, [userId, organisationId]);
    return rows.length > 0;
  }
}
