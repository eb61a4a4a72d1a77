import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@evalflow/domain';
import { ALL_WORKFLOWS, waitedOnRelations, waitingParties, type WaitingLabels } from '@evalflow/workflow';
import type { SqlFilter } from '../../../authz/casl-to-sql';
import { bind } from '../../../common/pagination';
import { TODAY_SQL, many, type Queryable } from '../../../infrastructure/database/queryable';
import type { AggregateType } from '../workflow-history.repository';
import { RELATION_SQL } from './relations';
import { TASK_ORDER_SQL, taskUrgencySql } from './task-order';

/*
 * 我的待办 as rows (issue 10 §3): workflow_tasks holds, per record, one open task for each party its state waits on
 * (libs/workflow waitingParties: relation, roles and the labels of what is expected). The runner syncs a record's
 * tasks in the transaction of each transition, creation paths when they make a record. Who holds the relation and
 * the running deadline are read when the inbox is asked, so team, owner and deadline changes need no sync.
 */

/** Every (lifecycle, state, party) the definitions know: the table sync reads the tasks from. */
const ALL_PARTIES = ALL_WORKFLOWS.flatMap((definition) =>
  definition.states.flatMap((state) =>
    waitingParties(definition, state.id).map((party) => ({ workflow: definition.id, state: state.id, relation: party.relation, roles: party.roles, labels: party.labels })),
  ),
);
/** The parties of one record type's lifecycles only (an evaluation's are evaluation_key and evaluation_self): what a sync sends. */
const PARTIES_OF: Record<AggregateType, string> = {
  evaluation: JSON.stringify(ALL_PARTIES.filter((p) => p.workflow.startsWith('evaluation_'))),
  rectification_item: JSON.stringify(ALL_PARTIES.filter((p) => p.workflow === 'rectification_item')),
  document_request: JSON.stringify(ALL_PARTIES.filter((p) => p.workflow === 'document_request')),
  working_paper: JSON.stringify(ALL_PARTIES.filter((p) => p.workflow === 'working_paper')),
};

/** The records of each lifecycle with their lifecycle id and state ($1: their ids). */
const SUBJECTS_SQL: Record<AggregateType, string> = {
  evaluation: `SELECT e.id AS subject_id, e.id AS evaluation_id, 'evaluation_' || e.kind AS workflow, e.state FROM evaluations e WHERE e.id = ANY($1::uuid[])`,
  rectification_item: `SELECT ri.id, ri.evaluation_id, 'rectification_item', ri.state FROM rectification_items ri WHERE ri.id = ANY($1::uuid[])`,
  document_request: `SELECT dr.id, dr.evaluation_id, 'document_request', dr.state FROM document_requests dr WHERE dr.id = ANY($1::uuid[])`,
  working_paper: `SELECT wp.id, wp.evaluation_id, 'working_paper', wp.state FROM working_papers wp WHERE wp.id = ANY($1::uuid[])`,
};

/** The tasks the records' states wait on ($1 ids, $2 the party table, $3 the subject type). */
const desiredSql = (type: AggregateType) => `desired AS (
  SELECT $3::varchar AS subject_type, s.subject_id, s.evaluation_id, s.state, p.relation, p.roles, p.labels
  FROM (${SUBJECTS_SQL[type]}) s (subject_id, evaluation_id, workflow, state)
  JOIN jsonb_to_recordset($2::jsonb) AS p(workflow text, state text, relation text, roles text[], labels jsonb) ON p.workflow = s.workflow AND p.state = s.state)`;
const SAME_TASK = `d.subject_id = t.subject_id AND d.state = t.state AND d.relation = t.relation AND d.roles = t.roles AND d.labels = t.labels`;

/** An open task row of the caller, one per record (the labels of every party of theirs on it). */
export interface InboxRow {
  subjectType: AggregateType;
  subjectId: string;
  evaluationId: string;
  state: string;
  labels: WaitingLabels[];
  reference: string;
  title: string;
  kind: 'key' | 'self';
  fiscalYear: number;
  departmentId: string;
  departmentName: string;
  subjectTitle: string | null;
  dueOn: string | null;
  overdue: boolean;
  dueSoon: boolean;
  waitingSince: string;
}

export interface InboxCaller {
  id: string;
  organisationId: string;
  roles: readonly Role[];
  /** The region of the caller's organisation and every region below it (as the permission rules read it). */
  jurisdictionRegionIds: readonly string[];
}

/*
 * The context of a task in the inbox: its evaluation `e` and department `d` (what the permission filter reads) and
 * the row `c` RELATION_SQL reads. The item's owner is joined only for the items that have one, a rectification item
 * or a document request (the planner drops the joins where no relation reads them).
 */
const INBOX_TASK_JOINS = `JOIN evaluations e ON e.id = t.evaluation_id
  JOIN organisations d ON d.id = e.department_id
  LEFT JOIN rectification_items cri ON t.subject_type = 'rectification_item' AND cri.id = t.subject_id
  LEFT JOIN document_requests cdr ON t.subject_type = 'document_request' AND cdr.id = t.subject_id
  CROSS JOIN LATERAL (SELECT e.id AS evaluation_id, e.commissioning_organisation_id, e.department_id, COALESCE(cri.owner_user_id, cdr.owner_user_id) AS item_owner_user_id) c`;

@Injectable()
export class WorkflowTasksRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /**
   * Makes the open tasks of these records what their states wait on: closes the tasks a state no longer waits on,
   * opens the missing ones; a task still waited on stays open (and keeps the day it opened). Run in the
   * transaction that wrote the state.
   */
  async sync(runner: Queryable, type: AggregateType, ids: string | readonly string[]): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : [...ids];
    if (list.length === 0) return;
    // Two statements, the UPDATE first: a task of the old state and one of the new may share the open tasks' unique
    // key, and within one statement the order of a CTE's UPDATE and the INSERT is not defined.
    const params = [list, PARTIES_OF[type], type];
    await runner.query(
      `WITH ${desiredSql(type)}
       UPDATE workflow_tasks t SET closed_at = now()
       WHERE t.subject_type = $3 AND t.subject_id = ANY($1::uuid[]) AND t.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM desired d WHERE ${SAME_TASK})`,
      params,
    );
    await runner.query(
      `WITH ${desiredSql(type)}
       INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels)
       SELECT d.subject_type, d.subject_id, d.evaluation_id, d.state, d.relation, d.roles, d.labels FROM desired d
       WHERE NOT EXISTS (SELECT 1 FROM workflow_tasks t WHERE t.subject_type = $3 AND t.closed_at IS NULL AND ${SAME_TASK})`,
      params,
    );
  }

  /**
   * 我的待办 in one query: the open tasks whose relation the caller holds to the task's record (RELATION_SQL, one
   * branch per relation the caller's roles can be waited on in) and whose roles overlap theirs, on records they may
   * read (the evaluation list's filter; an item is readable iff its evaluation is), one row per record, in the
   * inbox order (task-order.ts), one page of it and the total.
   */
  async inbox(
    caller: InboxCaller,
    permitted: Extract<SqlFilter, { kind: 'all' | 'where' }>,
    page: { page: number; pageSize: number },
  ): Promise<{ rows: InboxRow[]; total: number }> {
    const sql = inboxSql(caller, permitted, page);
    if (!sql) return { rows: [], total: 0 };
    const rows = await many<InboxRow & { total: number }>(this.db, sql.text, sql.params);
    const total = rows[0]?.total ?? 0;
    return { rows: rows.filter((row) => row.subjectId !== null).map(({ total: _total, ...row }) => row), total };
  }
}

/** The inbox query and its parameters (exported for the query-plan document), or null when nothing can wait on the caller. */
export function inboxSql(
  caller: InboxCaller,
  permitted: Extract<SqlFilter, { kind: 'all' | 'where' }>,
  page: { page: number; pageSize: number },
): { text: string; params: unknown[] } | null {
  const relations = waitedOnRelations(caller.roles);
  if (relations.length === 0) return null;
  const params: unknown[] = permitted.kind === 'where' ? [...permitted.params] : [];
  const readable = permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE';
  const me = bind(params, caller.id);
  const organisation = bind(params, caller.organisationId);
  const roles = bind(params, [...caller.roles]);
  // Jurisdiction as the caller's region ids (the same regions RELATION_SQL's path test finds, computed once per
  // request by the authentication), so the branch reads only the tasks of the departments in it.
  const relationSql = (relation: (typeof relations)[number]) =>
    relation === 'jurisdiction' ? `d.region_id = ANY(${bind(params, [...caller.jurisdictionRegionIds])}::uuid[])` : RELATION_SQL[relation];
  // Each branch applies the read filter to the task's own evaluation, so a task is joined to it once.
  const branches = relations
    .map(
      (relation) => `SELECT t.id, t.subject_type, t.subject_id, t.evaluation_id, t.state, t.labels, t.opened_at, e.reference
      FROM workflow_tasks t ${INBOX_TASK_JOINS}
      CROSS JOIN (SELECT ${me}::uuid AS id, ${organisation}::uuid AS organisation_id) u
      WHERE t.closed_at IS NULL AND t.relation = '${relation}' AND t.roles && ${roles}::text[] AND ${relationSql(relation)} AND ${readable}`,
    )
    .join('\n    UNION ALL\n    ');
  // One row per record (a department head may hold two of its parties); the labels and names only for the page.
  const text = `WITH mine AS (
    SELECT k.subject_type, k.subject_id, k.state, k.evaluation_id, k.reference, array_agg(k.id) AS task_ids, min(k.opened_at) AS opened_at
    FROM (${branches}) k
    GROUP BY k.subject_type, k.subject_id, k.state, k.evaluation_id, k.reference
  ),
  ranked AS (
    SELECT m.*, dl.due_on, (m.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS waiting_since, ${taskUrgencySql('dl.due_on', TODAY_SQL)} AS urgency
    FROM mine m
    LEFT JOIN LATERAL (SELECT min(x.due_on) AS due_on FROM deadlines x WHERE x.subject_type = m.subject_type AND x.subject_id = m.subject_id AND x.status = 'active') dl ON true
  )
  SELECT n.total, p.subject_type AS "subjectType", p.subject_id AS "subjectId", p.evaluation_id AS "evaluationId", p.state,
    (SELECT jsonb_agg(w.labels) FROM workflow_tasks w WHERE w.id = ANY(p.task_ids)) AS labels,
    p.reference, e.title, e.kind, e.fiscal_year AS "fiscalYear", d.id AS "departmentId", d.name AS "departmentName",
    CASE p.subject_type WHEN 'rectification_item' THEN '整改事项“' || f.title || '”' WHEN 'document_request' THEN '资料清单“' || dq.title || '”' WHEN 'working_paper' THEN '工作底稿“' || wp.title || '”' END AS "subjectTitle",
    to_char(p.due_on, 'YYYY-MM-DD') AS "dueOn", COALESCE(p.urgency = 0, false) AS overdue, COALESCE(p.urgency = 1, false) AS "dueSoon",
    to_char(p.waiting_since, 'YYYY-MM-DD') AS "waitingSince"
  FROM (SELECT count(*)::int AS total FROM mine) n
  LEFT JOIN LATERAL (SELECT r.* FROM ranked r ORDER BY ${TASK_ORDER_SQL('r')} LIMIT ${bind(params, page.pageSize)} OFFSET ${bind(params, (page.page - 1) * page.pageSize)}) p ON true
  LEFT JOIN evaluations e ON e.id = p.evaluation_id
  LEFT JOIN organisations d ON d.id = e.department_id
  LEFT JOIN rectification_items ri ON p.subject_type = 'rectification_item' AND ri.id = p.subject_id
  LEFT JOIN findings f ON f.id = ri.finding_id
  LEFT JOIN document_requests dq ON p.subject_type = 'document_request' AND dq.id = p.subject_id
  LEFT JOIN working_papers wp ON p.subject_type = 'working_paper' AND wp.id = p.subject_id
  ORDER BY ${TASK_ORDER_SQL('p')}`;
  return { text, params };
}
