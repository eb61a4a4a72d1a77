import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ledgerStatusSql, statesOfLedgerStatus, type LedgerFilter, type LedgerStatus } from '@evalflow/domain';
import type { SqlFilter } from '../../authz/casl-to-sql';
import { bind } from '../../common/pagination';
import { TODAY_SQL } from '../../infrastructure/database/queryable';

export type PermittedFilter = Extract<SqlFilter, { kind: 'all' | 'where' }>;

/** One ledger line as the SQL returns it (整改台账). */
export interface LedgerRow {
  id: string;
  state: string;
  status: LedgerStatus;
  evaluationId: string;
  evaluationTitle: string;
  fiscalYear: number;
  departmentId: string;
  departmentName: string;
  findingId: string;
  findingSeq: number;
  findingTitle: string;
  findingDescription: string;
  category: string | null;
  measures: string | null;
  responsibleUnit: string | null;
  ownerName: string | null;
  dueOn: string | null;
  progress: string | null;
  evidenceNote: string | null;
  evidenceFiles: number;
  verification: string | null;
  closedOn: string | null;
  overdue: boolean;
}

export interface LedgerFigureRow {
  total: number;
  due: number;
  closed: number;
  overdue: number;
  averageDaysToClose: number | null;
  byStatus: Partial<Record<LedgerStatus, number>>;
}

/** The verdicts whose comment is the 核查意见. */
const VERDICT_ACTIONS = `('verify', 'verify_partly', 'return', 'reopen')`;

/*
 * The ledger as one CTE: every rectification item the caller may read (the evaluation's read rule, turned into SQL by
 * permittedFilter over e and d), with the computed columns the filters and figures need. An item is overdue while a
 * deadline of its own (the plan or the 整改时限) runs past its date; it is due once its 整改时限 — or, before the
 * department set one, its plan deadline — has come, or once it is closed or carried over.
 */
function ledgerCte(permitted: PermittedFilter, filter: LedgerFilter, params: unknown[]): string {
  const where = [permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE'];
  if (filter.evaluationId) where.push(`e.id = ${bind(params, filter.evaluationId)}`);
  if (filter.departmentId) where.push(`e.department_id = ${bind(params, filter.departmentId)}`);
  if (filter.fiscalYear) where.push(`e.fiscal_year = ${bind(params, filter.fiscalYear)}`);
  if (filter.category) where.push(`f.category = ${bind(params, filter.category)}`);
  if (filter.status) where.push(`ri.state = ANY(${bind(params, statesOfLedgerStatus(filter.status))}::text[])`);
  const outer = filter.overdue === undefined ? '' : `WHERE ${filter.overdue ? '' : 'NOT '}overdue`;
  return `WITH ledger AS (
    SELECT * FROM (
      SELECT ri.id, ri.state, ${ledgerStatusSql('ri.state')} AS status,
        e.id AS "evaluationId", e.title AS "evaluationTitle", e.fiscal_year AS "fiscalYear",
        d.id AS "departmentId", d.name AS "departmentName",
        f.id AS "findingId", f.seq AS "findingSeq", f.title AS "findingTitle", f.description AS "findingDescription", f.category,
        ri.measures, ri.responsible_unit AS "responsibleUnit", ou.display_name AS "ownerName",
        to_char(ri.due_on, 'YYYY-MM-DD') AS "dueOn",
        ri.evidence_note AS "evidenceNote",
        CASE WHEN ri.state = 'verified' THEN to_char((ri.state_changed_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') END AS "closedOn",
        CASE WHEN ri.state = 'verified' THEN (ri.state_changed_at AT TIME ZONE 'Asia/Shanghai')::date - (ri.created_at AT TIME ZONE 'Asia/Shanghai')::date END AS "daysToClose",
        (ri.state IN ('verified', 'carried_over') OR coalesce(ri.due_on, plan.due_on) <= ${TODAY_SQL}) AS due,
        EXISTS (SELECT 1 FROM deadlines dl WHERE dl.subject_type = 'rectification_item' AND dl.subject_id = ri.id
           AND dl.status = 'active' AND dl.due_on < ${TODAY_SQL}) AS overdue
      FROM rectification_items ri
      JOIN findings f ON f.id = ri.finding_id
      JOIN evaluations e ON e.id = ri.evaluation_id
      JOIN organisations d ON d.id = e.department_id
      LEFT JOIN users ou ON ou.id = ri.owner_user_id
      LEFT JOIN deadlines plan ON plan.subject_type = 'rectification_item' AND plan.subject_id = ri.id AND plan.key = 'rectification_plan'
      WHERE ${where.join(' AND ')}
    ) lines ${outer}
  )`;
}

/*
 * The columns read from an item's history and files, computed only for the lines shown: outside the CTE, after the
 * ORDER BY … LIMIT of a page (PostgreSQL evaluates such select-list subqueries above the Limit), never for the
 * figures and charts, which count the whole filtered set (a province holds 180k items).
 */
const DETAIL_COLUMNS = `
  (SELECT h.comment FROM workflow_history h WHERE h.aggregate_type = 'rectification_item' AND h.aggregate_id = l.id
     AND h.action = 'report_progress' ORDER BY h.seq DESC LIMIT 1) AS progress,
  (SELECT count(*)::int FROM attachments a WHERE a.subject_type = 'rectification_item' AND a.subject_id = l.id AND a.status = 'current') AS "evidenceFiles",
  (SELECT coalesce(h.comment, '核查通过') FROM workflow_history h WHERE h.aggregate_type = 'rectification_item' AND h.aggregate_id = l.id
     AND h.action IN ${VERDICT_ACTIONS} ORDER BY h.seq DESC LIMIT 1) AS verification`;

/** The permitted condition's own parameters come first: its SQL numbers them $1…$n. */
const paramsOf = (permitted: PermittedFilter): unknown[] => (permitted.kind === 'where' ? [...permitted.params] : []);

/** The 整改台账 queries: the lines, their figures and the chart aggregates, over one filtered set. */
@Injectable()
export class RectificationLedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A page of lines (or, without `page`, at most `limit` lines for the export), oldest evaluation year last. */
  async lines(permitted: PermittedFilter, filter: LedgerFilter, window: { limit: number; offset: number }): Promise<LedgerRow[]> {
    const params = paramsOf(permitted);
    const cte = ledgerCte(permitted, filter, params);
    return this.db.query(
      `${cte} SELECT l.*, ${DETAIL_COLUMNS} FROM ledger l ORDER BY l."fiscalYear" DESC, l."departmentName", l."evaluationId", l."findingSeq", l.id
       LIMIT ${bind(params, window.limit)} OFFSET ${bind(params, window.offset)}`,
      params,
    );
  }

  async figures(permitted: PermittedFilter, filter: LedgerFilter): Promise<LedgerFigureRow> {
    const params = paramsOf(permitted);
    const cte = ledgerCte(permitted, filter, params);
    const [row] = await this.db.query(
      `${cte} SELECT count(*)::int AS total, count(*) FILTER (WHERE due)::int AS due,
         count(*) FILTER (WHERE status = 'rectified')::int AS closed, count(*) FILTER (WHERE overdue)::int AS overdue,
         avg("daysToClose")::float AS "averageDaysToClose",
         coalesce((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM ledger GROUP BY status) s), '{}') AS "byStatus"
       FROM ledger`,
      params,
    );
    return row;
  }

  /** Items per department and status (for the stacked bars). */
  async byDepartment(permitted: PermittedFilter, filter: LedgerFilter): Promise<{ departmentId: string; departmentName: string; status: LedgerStatus; count: number }[]> {
    const params = paramsOf(permitted);
    const cte = ledgerCte(permitted, filter, params);
    return this.db.query(
      `${cte} SELECT "departmentId", "departmentName", status, count(*)::int AS count FROM ledger
       GROUP BY "departmentId", "departmentName", status ORDER BY "departmentName", "departmentId"`,
      params,
    );
  }

  /** Due and closed items per fiscal year (for the completion-rate line). */
  async byYear(permitted: PermittedFilter, filter: LedgerFilter): Promise<{ fiscalYear: number; due: number; closed: number }[]> {
    const params = paramsOf(permitted);
    const cte = ledgerCte(permitted, filter, params);
    return this.db.query(
      `${cte} SELECT "fiscalYear", count(*) FILTER (WHERE due)::int AS due, count(*) FILTER (WHERE status = 'rectified')::int AS closed
       FROM ledger GROUP BY "fiscalYear" ORDER BY "fiscalYear"`,
      params,
    );
  }
}
