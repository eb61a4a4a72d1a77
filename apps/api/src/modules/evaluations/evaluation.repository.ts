import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  DEFAULT_DEADLINE_OWNER,
  computeDueDate,
  deadlineDefinitionOf,
  type CreateEvaluationInput,
  type DeadlineDefinition,
  type DeadlineKey,
  type DeadlineKind,
  type DeadlineSetting,
  type EvaluationKind,
  type EvaluationScope,
  type ListEvaluationsQuery,
  type OwnerParty,
  type UpdateEvaluationInput,
} from '@evalflow/domain';
import type { SqlFilter } from '../../authz/casl-to-sql';
import { bind } from '../../common/pagination';
import { likeContains, likeOperator } from '../../common/search';

import type { Queryable } from '../../infrastructure/database/queryable';
import { TODAY_SQL } from '../../infrastructure/database/queryable';
// Re-exported for the modules that still import them from here.
export type { Queryable } from '../../infrastructure/database/queryable';
export { TODAY_SQL } from '../../infrastructure/database/queryable';

export interface TeamMemberRecord {
  userId: string;
  displayName: string;
  role: 'lead' | 'member';
}

export interface DeadlineRecord {
  id: string;
  key: DeadlineKey;
  dueOn: string;
  status: 'pending' | 'active' | 'done';
  kind: DeadlineKind;
  definition: DeadlineDefinition;
  /** Bumped when the due date or the owner changes, and when the deadline starts running (again). */
  version: number;
  beyondCalendar: boolean;
  startedOn: string | null;
  ownerParty: OwnerParty;
  ownerUserId: string | null;
  ownerName: string | null;
}

/** A deadline whose reminders must be (re)planned or cancelled after commit: its id and current version. */
export interface DeadlineChange {
  id: string;
  version: number;
  status: DeadlineRecord['status'];
}

/** The evaluation aggregate as the services use it (names resolved, team and deadlines attached). */
export interface EvaluationRecord {
  id: string;
  reference: string;
  kind: EvaluationKind;
  scope: EvaluationScope;
  title: string;
  projectName: string | null;
  fiscalYear: number;
  state: string;
  version: number;
  departmentId: string;
  departmentName: string;
  departmentRegionId: string;
  commissioningOrganisationId: string;
  commissioningOrganisationName: string;
  evaluatorOrganisationId: string | null;
  evaluatorOrganisationName: string | null;
  frameworkVersionId: string | null;
  frameworkName: string | null;
  frameworkVersion: number | null;
  legalBasis: string | null;
  reportNumber: string | null;
  reviewOpinion: string | null;
  rating: string | null;
  team: TeamMemberRecord[];
  deadlines: DeadlineRecord[];
  /** Today in China (deadlines are Beijing-time days), from the database clock so every process agrees. */
  today: string;
  createdAt: string;
  updatedAt: string;
  stateChangedAt: string;
}

/** Columns the permission rules may name (see authz/casl-to-sql). */
export const EVALUATION_PERMISSION_COLUMNS = {
  id: { sql: 'e.id' },
  commissioningOrganisationId: { sql: 'e.commissioning_organisation_id' },
  departmentId: { sql: 'e.department_id' },
  departmentRegionId: { sql: 'd.region_id' },
  // EXISTS over the team rows (read from evaluation_team_user_idx), not the team array of every evaluation.
  teamUserIds: {
    sql: 'ARRAY(SELECT t.user_id FROM evaluation_team_members t WHERE t.evaluation_id = e.id)',
    array: true,
    members: { from: 'evaluation_team_members t WHERE t.evaluation_id = e.id', element: 't.user_id' },
  },
  commissioned: { sql: "(e.state <> 'draft')" },
};


const SELECT = `SELECT e.id, e.reference, e.kind, e.scope, e.title, e.project_name AS "projectName", e.fiscal_year AS "fiscalYear",
  e.state, e.version, e.department_id AS "departmentId", d.name AS "departmentName", d.region_id AS "departmentRegionId",
  e.commissioning_organisation_id AS "commissioningOrganisationId", c.name AS "commissioningOrganisationName",
  e.evaluator_organisation_id AS "evaluatorOrganisationId", x.name AS "evaluatorOrganisationName",
  e.framework_version_id AS "frameworkVersionId", fv.name AS "frameworkName", fv.version AS "frameworkVersion",
  e.legal_basis AS "legalBasis", e.report_number AS "reportNumber", e.review_opinion AS "reviewOpinion", e.rating,
  to_char(${TODAY_SQL}, 'YYYY-MM-DD') AS today,
  e.created_at AS "createdAt", e.updated_at AS "updatedAt", e.state_changed_at AS "stateChangedAt",
  COALESCE((SELECT json_agg(json_build_object('userId', t.user_id, 'displayName', u.display_name, 'role', t.role)
      ORDER BY t.role, u.display_name) FROM evaluation_team_members t JOIN users u ON u.id = t.user_id WHERE t.evaluation_id = e.id), '[]') AS team,
  COALESCE((SELECT json_agg(json_build_object('id', dl.id, 'key', dl.key, 'dueOn', to_char(dl.due_on, 'YYYY-MM-DD'), 'status', dl.status,
        'kind', dl.kind, 'definition', dl.definition, 'version', dl.version, 'beyondCalendar', dl.beyond_calendar,
        'startedOn', to_char(dl.started_on, 'YYYY-MM-DD'), 'ownerParty', dl.owner_party, 'ownerUserId', dl.owner_user_id, 'ownerName', ou.display_name)
      ORDER BY dl.due_on, dl.key) FROM deadlines dl LEFT JOIN users ou ON ou.id = dl.owner_user_id
      WHERE dl.subject_type = 'evaluation' AND dl.subject_id = e.id), '[]') AS deadlines
  FROM evaluations e
  JOIN organisations d ON d.id = e.department_id
  JOIN organisations c ON c.id = e.commissioning_organisation_id
  LEFT JOIN organisations x ON x.id = e.evaluator_organisation_id
  LEFT JOIN framework_versions fv ON fv.id = e.framework_version_id`;

const iso = (value: Date | string) => new Date(value).toISOString();
function toRecord(row: EvaluationRecord & { createdAt: Date; updatedAt: Date; stateChangedAt: Date }): EvaluationRecord {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), stateChangedAt: iso(row.stateChangedAt) };
}

@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async findById(id: string, runner: Queryable = this.db, lock = false): Promise<EvaluationRecord | null> {
    // FOR NO KEY UPDATE OF e: concurrent transitions and stage work on one evaluation queue up here; the first wins,
    // the rest see its version. Not FOR UPDATE: that would also block every insert referencing the evaluation (its
    // items' history entries take a key-share lock on it), so an item's work would wait on its evaluation's.
    const rows = await runner.query(`${SELECT} WHERE e.id = $1${lock ? ' FOR NO KEY UPDATE OF e' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(
    query: ListEvaluationsQuery,
    permitted: Extract<SqlFilter, { kind: 'all' | 'where' }>,
  ): Promise<{ items: EvaluationRecord[]; total: number }> {
    const params: unknown[] = permitted.kind === 'where' ? [...permitted.params] : [];
    const where = [permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE'];
    if (query.q) {
      const like = likeOperator(query.q);
      // The department's name is matched once per department (a hashed subquery), not once per evaluation.
      where.push(
        `(e.title ${like} ${bind(params, likeContains(query.q))} OR e.reference = ${bind(params, query.q)}` +
          ` OR e.department_id IN (SELECT o.id FROM organisations o WHERE o.name ${like} ${bind(params, likeContains(query.q))}))`,
      );
    }
    if (query.fiscalYear) where.push(`e.fiscal_year = ${bind(params, query.fiscalYear)}`);
    if (query.state) where.push(`e.state = ${bind(params, query.state)}`);
    if (query.kind) where.push(`e.kind = ${bind(params, query.kind)}`);
    if (query.departmentId) where.push(`e.department_id = ${bind(params, query.departmentId)}`);
    if (query.overdue !== undefined) where.push(`${query.overdue ? '' : 'NOT '}${OVERDUE_SQL}`);
    const whereSql = where.join(' AND ');
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM evaluations e JOIN organisations d ON d.id = e.department_id WHERE ${whereSql}`, params);
    // Few evaluations pass the filter (the count says so): their ids are found as the count found them and only
    // those rows sorted. Walking the list's order index until a page is full would read most of the table when
    // the matches are fewer than a page or lie late in the order (an evaluator's overdue evaluations).
    const pageWhere =
      count <= FEW_MATCHES ? `e.id = ANY(ARRAY(SELECT e.id FROM evaluations e JOIN organisations d ON d.id = e.department_id WHERE ${whereSql}))` : whereSql;
    const rows = await this.db.query(
      `${SELECT} WHERE ${pageWhere} ORDER BY e.fiscal_year DESC, e.created_at DESC, e.id LIMIT ${bind(params, query.pageSize)} OFFSET ${bind(params, (query.page - 1) * query.pageSize)}`,
      params,
    );
    return { items: rows.map(toRecord), total: count };
  }

  async create(runner: Queryable, input: CreateEvaluationInput, state: string, commissioningOrganisationId: string, createdBy: string): Promise<string> {
    const [{ id }] = await runner.query(
      `INSERT INTO evaluations (reference, kind, scope, title, project_name, fiscal_year, department_id, commissioning_organisation_id,
         evaluator_organisation_id, framework_version_id, legal_basis, state, created_by)
       VALUES ('PE-' || $1::int::text || '-' || lpad(nextval('evaluation_reference_seq')::text, 5, '0'), $2, $3, $4, $5, $1::int, $6, $7, $8, $9, $10, $11, $12)
       RETURNING id`,
      [
        input.fiscalYear,
        input.kind,
        input.scope,
        input.title,
        input.projectName ?? null,
        input.departmentId,
        commissioningOrganisationId,
        input.evaluatorOrganisationId ?? null,
        input.frameworkVersionId ?? null,
        input.legalBasis ?? null,
        state,
        createdBy,
      ],
    );
    return id;
  }

  /** Changes the terms if the version still matches; false when somebody else changed the evaluation first. */
  async updateTerms(runner: Queryable, id: string, input: UpdateEvaluationInput): Promise<boolean> {
    const params: unknown[] = [];
    const sets: string[] = [];
    const set = (column: string, value: unknown) => value !== undefined && sets.push(`${column} = ${bind(params, value)}`);
    set('title', input.title);
    set('scope', input.scope);
    set('project_name', input.projectName);
    set('fiscal_year', input.fiscalYear);
    set('department_id', input.departmentId);
    set('framework_version_id', input.frameworkVersionId);
    set('legal_basis', input.legalBasis);
    set('evaluator_organisation_id', input.evaluatorOrganisationId);
    return this.bumpVersion(runner, id, input.expectedVersion, sets, params);
  }

  /** Sets one column of the evaluation under a version check (report number, review opinion). */
  async setField(runner: Queryable, id: string, expectedVersion: number, column: 'report_number' | 'review_opinion', value: string): Promise<boolean> {
    const params: unknown[] = [];
    return this.bumpVersion(runner, id, expectedVersion, [`${column} = ${bind(params, value)}`], params);
  }

  async bumpVersion(runner: Queryable, id: string, expectedVersion: number, sets: string[], params: unknown[]): Promise<boolean> {
    const result: [unknown[], number] = await runner.query(
      `UPDATE evaluations SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = ${bind(params, id)} AND version = ${bind(params, expectedVersion)}`,
      params,
    );
    return result[1] === 1;
  }

  async replaceTeam(runner: Queryable, id: string, leadUserId: string | null, memberUserIds: readonly string[]): Promise<void> {
    await runner.query(`DELETE FROM evaluation_team_members WHERE evaluation_id = $1`, [id]);
    const rows = [...(leadUserId ? [{ userId: leadUserId, role: 'lead' }] : []), ...memberUserIds.map((userId) => ({ userId, role: 'member' }))];
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO evaluation_team_members (evaluation_id, user_id, role) SELECT $1, r.user_id, r.role FROM json_to_recordset($2::json) AS r(user_id uuid, role text)`,
      [id, JSON.stringify(rows.map((row) => ({ user_id: row.userId, role: row.role })))],
    );
  }

  /**
   * Sets the given stage deadlines (others stay as they are); a deadline already running keeps its status. The due
   * date is computed here from the definition (N days from the stage start count from `today` until the stage
   * starts); the version goes up when the due date or the owner changes. Returns the deadlines that changed.
   */
  async upsertDeadlines(runner: Queryable, id: string, deadlines: Partial<Record<DeadlineKey, DeadlineSetting>>, today: string): Promise<DeadlineChange[]> {
    const rows = Object.entries(deadlines).map(([key, setting]) => {
      const { definition, ownerUserId } = deadlineDefinitionOf(setting!);
      const due = computeDueDate(definition, today);
      return {
        key,
        kind: definition.kind,
        definition,
        due_on: due.date,
        beyond_calendar: due.beyondCalendar,
        owner_party: DEFAULT_DEADLINE_OWNER[key as DeadlineKey],
        owner_user_id: ownerUserId,
      };
    });
    if (rows.length === 0) return [];
    return runner.query(
      `INSERT INTO deadlines AS d (subject_type, subject_id, key, kind, definition, due_on, beyond_calendar, owner_party, owner_user_id)
       SELECT 'evaluation', $1, r.key, r.kind, r.definition, r.due_on, r.beyond_calendar, r.owner_party, r.owner_user_id
       FROM json_to_recordset($2::json) AS r(key text, kind text, definition jsonb, due_on date, beyond_calendar boolean, owner_party text, owner_user_id uuid)
       ON CONFLICT (subject_type, subject_id, key) DO UPDATE SET kind = EXCLUDED.kind, definition = EXCLUDED.definition, due_on = EXCLUDED.due_on,
         beyond_calendar = EXCLUDED.beyond_calendar, owner_user_id = EXCLUDED.owner_user_id, updated_at = now(),
         version = d.version + CASE WHEN d.due_on IS DISTINCT FROM EXCLUDED.due_on OR d.owner_user_id IS DISTINCT FROM EXCLUDED.owner_user_id THEN 1 ELSE 0 END
       RETURNING id, version, status`,
      [id, JSON.stringify(rows)],
    );
  }

  async setState(runner: Queryable, id: string, expectedVersion: number, next: string, extra: { rating?: string } = {}): Promise<boolean> {
    const params: unknown[] = [];
    const sets = [`state = ${bind(params, next)}`, 'state_changed_at = now()'];
    if (extra.rating) sets.push(`rating = ${bind(params, extra.rating)}`);
    return this.bumpVersion(runner, id, expectedVersion, sets, params);
  }

  /** Today in China, from the database clock (the day deadlines are counted from). */
  async today(runner: Queryable = this.db): Promise<string> {
    const [{ today }] = await runner.query(`SELECT to_char(${TODAY_SQL}, 'YYYY-MM-DD') AS today`);
    return today;
  }
}

/** Up to this many matches, a list page is read by the matching ids rather than along the list's order index. */
const FEW_MATCHES = 500;

/** An evaluation is overdue when a running stage deadline lies before today (Beijing time). */
export const OVERDUE_SQL = `EXISTS (SELECT 1 FROM evaluation_deadlines od WHERE od.evaluation_id = e.id AND od.status = 'active' AND od.due_on < ${TODAY_SQL})`;
