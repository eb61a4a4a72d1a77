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
 * Which items a ledger holds: every rectification item the caller may read (the evaluation's read rule, turned into
 * SQL by permittedFilter over e and d), narrowed by the filters. An item is overdue while a deadline of its own (the
 * plan or the 整改时限) runs past its date; it is due once its 整改时限 — or, before the department set one, its plan
 * deadline — has come, or once it is closed or carried over.
 *
 * The figures and charts aggregate the bare item rows (state, dates, the evaluation's year and department): no
 * finding, owner or text column is read for them, so a province's 180k items are counted from the narrow columns
 * only. The lines of a page are read in the ledger order evaluation by evaluation (see lines) and the columns of
 * the finding, the owner and the item's history and files only for those lines.
 */
const OVERDUE_SQL = `EXISTS (SELECT 1 FROM deadlines dl WHERE dl.subject_type = 'rectification_item' AND dl.subject_id = ri.id
  AND dl.status = 'active' AND dl.due_on < ${TODAY_SQL})`;
const PLAN_JOIN = `LEFT JOIN deadlines plan ON plan.subject_type = 'rectification_item' AND plan.subject_id = ri.id AND plan.key = 'rectification_plan'`;
// Today as a subquery: evaluated once (an InitPlan), not once per item.
const DUE_SQL = `(ri.state IN ('verified', 'carried_over') OR coalesce(ri.due_on, plan.due_on) <= (SELECT ${TODAY_SQL}))`;
/**
 * The items with an overdue deadline, joined (LEFT JOIN … od, overdue = od.subject_id IS NOT NULL) where the figures
 * count them: a few thousand ids hashed once, where an EXISTS inside the aggregate's FILTER ran once per item.
 */
const OVERDUE_JOIN = `LEFT JOIN (SELECT DISTINCT dl.subject_id FROM deadlines dl WHERE dl.subject_type = 'rectification_item' AND dl.status = 'active'
  AND dl.due_on < ${TODAY_SQL}) od ON od.subject_id = ri.id`;
const DAYS_TO_CLOSE_SQL = `CASE WHEN ri.state = 'verified' THEN (ri.state_changed_at AT TIME ZONE 'Asia/Shanghai')::date - (ri.created_at AT TIME ZONE 'Asia/Shanghai')::date END`;

/** The conditions on the evaluation (e, its department d) and on the item (ri, its finding f). */
function conditions(permitted: PermittedFilter, filter: LedgerFilter, params: unknown[]): { evaluation: string[]; item: string[] } {
  const evaluation = [permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE'];
  if (filter.evaluationId) evaluation.push(`e.id = ${bind(params, filter.evaluationId)}`);
  if (filter.departmentId) evaluation.push(`e.department_id = ${bind(params, filter.departmentId)}`);
  if (filter.fiscalYear) evaluation.push(`e.fiscal_year = ${bind(params, filter.fiscalYear)}`);
  const item: string[] = [];
  if (filter.category) item.push(`EXISTS (SELECT 1 FROM findings cf WHERE cf.id = ri.finding_id AND cf.category = ${bind(params, filter.category)})`);
  if (filter.status) item.push(`ri.state = ANY(${bind(params, statesOfLedgerStatus(filter.status))}::text[])`);
  if (filter.overdue !== undefined) item.push(`${filter.overdue ? '' : 'NOT '}${OVERDUE_SQL}`);
  return { evaluation, item };
}

/** The filtered items as bare rows with what the figures and charts count (ri, e, d, plan in scope). */
function itemsSql(permitted: PermittedFilter, filter: LedgerFilter, params: unknown[], joins = ''): string {
  const { evaluation, item } = conditions(permitted, filter, params);
  return `FROM rectification_items ri
      JOIN evaluations e ON e.id = ri.evaluation_id
      JOIN organisations d ON d.id = e.department_id
      ${PLAN_JOIN}${joins}
      WHERE ${[...evaluation, ...item].join(' AND ')}`;
}

/*
 * The columns read from an item's history and files, computed only for the lines shown: after the ORDER BY … LIMIT
 * of a page (PostgreSQL evaluates such select-list subqueries above the Limit), never for the figures and charts.
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

  /**
   * A page of lines (or, without `page`, at most `limit` lines for the export), oldest evaluation year last. The
   * readable evaluations are sorted alone (year, department, id: a few thousand narrow rows for a province), then
   * their items are read evaluation by evaluation through rectification_items_evaluation_idx in finding order, so
   * the page stops after its lines instead of sorting every item of the jurisdiction (an incremental sort on the
   * finding's seq within one evaluation). The sorted evaluations are narrow (read from
   * evaluations_department_scope_idx); their titles are joined for the page's lines only.
   */
  async lines(permitted: PermittedFilter, filter: LedgerFilter, window: { limit: number; offset: number }): Promise<LedgerRow[]> {
    const params = paramsOf(permitted);
    const { evaluation, item } = conditions(permitted, filter, params);
    return this.db.query(
      `SELECT l.*, le.title AS "evaluationTitle", ${DETAIL_COLUMNS} FROM (
         SELECT ri.id, ri.state, ${ledgerStatusSql('ri.state')} AS status,
           ev.id AS "evaluationId", ev.fiscal_year AS "fiscalYear",
           ev.department_id AS "departmentId", ev.department_name AS "departmentName",
           f.id AS "findingId", f.seq AS "findingSeq", f.title AS "findingTitle", f.description AS "findingDescription", f.category,
           ri.measures, ri.responsible_unit AS "responsibleUnit", ou.display_name AS "ownerName",
           to_char(ri.due_on, 'YYYY-MM-DD') AS "dueOn",
           ri.evidence_note AS "evidenceNote",
           CASE WHEN ri.state = 'verified' THEN to_char((ri.state_changed_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') END AS "closedOn",
           ${OVERDUE_SQL} AS overdue
         FROM (SELECT e.id, e.fiscal_year, e.department_id, d.name AS department_name
               FROM evaluations e JOIN organisations d ON d.id = e.department_id
               WHERE ${evaluation.join(' AND ')}
               ORDER BY e.fiscal_year DESC, d.name, e.id) ev
         JOIN rectification_items ri ON ri.evaluation_id = ev.id
         JOIN findings f ON f.id = ri.finding_id
         LEFT JOIN users ou ON ou.id = ri.owner_user_id
         ${item.length ? `WHERE ${item.join(' AND ')}` : ''}
         ORDER BY ev.fiscal_year DESC, ev.department_name, ev.id, f.seq, ri.id
         LIMIT ${bind(params, window.limit)} OFFSET ${bind(params, window.offset)}
       ) l JOIN evaluations le ON le.id = l."evaluationId"
       ORDER BY l."fiscalYear" DESC, l."departmentName", l."evaluationId", l."findingSeq", l.id`,
      params,
    );
  }

  /**
   * The figures of the filtered set: counted per lifecycle state from the bare item rows (the ledger status, a CASE
   * over the state, is mapped on the few grouped rows, not per item), then summed.
   */
  async figures(permitted: PermittedFilter, filter: LedgerFilter): Promise<LedgerFigureRow> {
    const params = paramsOf(permitted);
    const [row] = await this.db.query(
      `WITH s AS (
         SELECT ri.state, count(*) AS n, count(*) FILTER (WHERE ${DUE_SQL}) AS due, count(od.subject_id) AS overdue,
           sum(${DAYS_TO_CLOSE_SQL}) AS days, count(*) FILTER (WHERE ri.state = 'verified') AS closes
         ${itemsSql(permitted, filter, params, `\n      ${OVERDUE_JOIN}`)}
         GROUP BY ri.state
       )
       SELECT coalesce(sum(n), 0)::int AS total, coalesce(sum(due), 0)::int AS due,
         coalesce(sum(n) FILTER (WHERE ${ledgerStatusSql('state')} = 'rectified'), 0)::int AS closed, coalesce(sum(overdue), 0)::int AS overdue,
         (sum(days)::numeric / nullif(sum(closes), 0))::float AS "averageDaysToClose",
         coalesce((SELECT jsonb_object_agg(b.status, b.n) FROM (SELECT ${ledgerStatusSql('s.state')} AS status, sum(s.n)::int AS n FROM s GROUP BY 1) b), '{}') AS "byStatus"
       FROM s`,
      params,
    );
    return row;
  }

  /**
   * The chart aggregates from the bare item rows, as two plain groupings run side by side (each may use parallel
   * workers): items per department and lifecycle state, mapped to the ledger status and the department's name on
   * the grouped rows (for the stacked bars), and due and closed items per fiscal year (for the completion-rate line).
   */
  async charts(
    permitted: PermittedFilter,
    filter: LedgerFilter,
  ): Promise<{ byDepartment: { departmentId: string; departmentName: string; status: LedgerStatus; count: number }[]; byYear: { fiscalYear: number; due: number; closed: number }[] }> {
    const departmentParams = paramsOf(permitted);
    const yearParams = paramsOf(permitted);
    const [byDepartment, byYear] = await Promise.all([
      this.db.query(
        `WITH g AS (SELECT e.department_id, ri.state, count(*) AS count ${itemsSql(permitted, filter, departmentParams)} GROUP BY e.department_id, ri.state)
         SELECT g.department_id AS "departmentId", o.name AS "departmentName", ${ledgerStatusSql('g.state')} AS status, sum(g.count)::int AS count
         FROM g JOIN organisations o ON o.id = g.department_id
         GROUP BY g.department_id, o.name, 3 ORDER BY o.name, g.department_id`,
        departmentParams,
      ),
      this.db.query(
        `SELECT e.fiscal_year AS "fiscalYear", count(*) FILTER (WHERE ${DUE_SQL})::int AS due, count(*) FILTER (WHERE ri.state = 'verified')::int AS closed
         ${itemsSql(permitted, filter, yearParams)}
         GROUP BY e.fiscal_year ORDER BY e.fiscal_year`,
        yearParams,
      ),
    ]);
    return { byDepartment, byYear };
  }
}
