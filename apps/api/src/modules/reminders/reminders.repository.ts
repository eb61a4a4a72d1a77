import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DeadlineKey, OwnerParty, PartyMembers, ReminderPolicy, ReminderPolicyScope } from '@evalflow/domain';
import type { Queryable } from '../../infrastructure/database/queryable';
import { RELATION_SQL, SUBJECT_CONTEXT_SQL } from '../workflow/engine/relations';
import { DEADLINE_SUBJECT_JOINS, DEADLINE_SUBJECT_TITLE } from '../workflow/engine/subjects';
import type { AggregateType } from '../workflow/workflow-history.repository';

/** A deadline with what a reminder says about its subject (an evaluation, a rectification item, a document request). */
export interface DeadlineContext {
  id: string;
  subjectType: AggregateType;
  subjectId: string;
  /** The evaluation the subject belongs to (itself for an evaluation). */
  evaluationId: string;
  key: DeadlineKey;
  status: 'pending' | 'active' | 'done';
  version: number;
  dueOn: string;
  startedOn: string | null;
  beyondCalendar: boolean;
  ownerParty: OwnerParty;
  ownerUserId: string | null;
  title: string;
  reference: string;
  departmentName: string;
  /** Region ids from the root down to the department's region (the policy lookup walks it upwards). */
  regionChain: string[];
}

export interface Person {
  id: string;
  displayName: string;
  email: string | null;
}

export interface UnmailedReminder {
  id: string;
  jobId: string;
  point: string;
  title: string;
  line: string;
  link: string;
  /** The deadline's due day now (the mail says once when its year's holidays are not published yet). */
  dueOn: string;
  stillApplies: boolean;
}

export interface OverdueItem {
  deadlineId: string;
  key: DeadlineKey;
  dueOn: string;
  title: string;
  reference: string;
  departmentName: string;
  subjectType: AggregateType;
  subjectId: string;
  evaluationId: string;
  daysOverdue: number;
}

@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async deadline(id: string, runner: Queryable = this.db): Promise<DeadlineContext | null> {
    const rows = await runner.query(
      `SELECT dl.id, dl.subject_type AS "subjectType", dl.subject_id AS "subjectId", e.id AS "evaluationId", dl.key, dl.status, dl.version,
         to_char(dl.due_on, 'YYYY-MM-DD') AS "dueOn", to_char(dl.started_on, 'YYYY-MM-DD') AS "startedOn", dl.beyond_calendar AS "beyondCalendar",
         dl.owner_party AS "ownerParty", dl.owner_user_id AS "ownerUserId", ${DEADLINE_SUBJECT_TITLE} AS title, e.reference, d.name AS "departmentName",
         ARRAY(SELECT a.id::text FROM regions a WHERE r.path = a.path OR r.path LIKE a.path || '/%' ORDER BY a.level) AS "regionChain"
       FROM deadlines dl ${DEADLINE_SUBJECT_JOINS}
       JOIN organisations d ON d.id = e.department_id JOIN regions r ON r.id = d.region_id
       WHERE dl.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Active users of a party of the deadline's subject, by the engine's one SQL form of the relations. */
  async members(subjectType: AggregateType, subjectId: string, party: PartyMembers): Promise<Person[]> {
    return this.db.query(
      `SELECT u.id, u.display_name AS "displayName", u.email FROM users u JOIN organisations o ON o.id = u.organisation_id, (${SUBJECT_CONTEXT_SQL[subjectType]}) c
       WHERE u.active AND o.active AND ${RELATION_SQL[party.relation]} AND u.roles && $2::text[] ORDER BY u.display_name`,
      [subjectId, [...party.roles]],
    );
  }

  /** Is the user an active person of the evaluation: of its department, its team or its commissioning bureau? */
  async isPartyOf(runner: Queryable, evaluationId: string, userId: string): Promise<boolean> {
    const rows = await runner.query(
      `SELECT 1 FROM users u JOIN organisations o ON o.id = u.organisation_id, evaluations e
       WHERE e.id = $1 AND u.id = $2 AND u.active AND o.active AND (u.organisation_id IN (e.department_id, e.commissioning_organisation_id)
         OR EXISTS (SELECT 1 FROM evaluation_team_members t WHERE t.evaluation_id = e.id AND t.user_id = u.id))`,
      [evaluationId, userId],
    );
    return rows.length > 0;
  }

  async activeUser(id: string): Promise<Person | null> {
    const rows = await this.db.query(
      `SELECT u.id, u.display_name AS "displayName", u.email FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1 AND u.active AND o.active`,
      [id],
    );
    return rows[0] ?? null;
  }

  async policySettings(regionIds: readonly string[]): Promise<{ regionId: string; deadlineKey: ReminderPolicyScope; policy: ReminderPolicy }[]> {
    if (regionIds.length === 0) return [];
    return this.db.query(`SELECT region_id AS "regionId", deadline_key AS "deadlineKey", policy FROM reminder_policies WHERE region_id = ANY($1::uuid[])`, [regionIds]);
  }

  /** Records a planned reminder job; false when that job was planned before (a retried plan). */
  async recordJob(runner: Queryable, job: { jobId: string; deadlineId: string; version: number; point: string; index: number; runAt: Date }): Promise<boolean> {
    const rows = await runner.query(
      `INSERT INTO reminder_jobs (job_id, deadline_id, deadline_version, point, point_index, run_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
      [job.jobId, job.deadlineId, job.version, job.point, job.index, job.runAt],
    );
    return rows.length === 1;
  }

  /** Scheduled jobs of the deadline up to `version` (older versions, or every one when it ended), marked cancelled. */
  async cancelScheduled(deadlineId: string, upToVersion: number, reason: string): Promise<string[]> {
    // pg answers an UPDATE with [rows, count].
    const [rows]: [{ job_id: string }[], number] = await this.db.query(
      `UPDATE reminder_jobs SET state = 'cancelled', reason = $3, finished_at = now()
       WHERE deadline_id = $1 AND deadline_version <= $2 AND state = 'scheduled' RETURNING job_id`,
      [deadlineId, upToVersion, reason],
    );
    return rows.map((row) => row.job_id);
  }

  /** The job's recorded state, or null when it was never recorded. */
  async jobState(jobId: string): Promise<string | null> {
    const rows: { state: string }[] = await this.db.query(`SELECT state FROM reminder_jobs WHERE job_id = $1`, [jobId]);
    return rows[0]?.state ?? null;
  }

  async finishJob(runner: Queryable, jobId: string, state: 'sent' | 'skipped', reason: string | null): Promise<void> {
    await runner.query(`UPDATE reminder_jobs SET state = $2, reason = $3, finished_at = now() WHERE job_id = $1 AND state IN ('scheduled', 'cancelled')`, [jobId, state, reason]);
  }

  /** The reminder of one job for each of its recipients, to be mailed with their others of the run (one statement); those recorded before are skipped. */
  async recordDeliveries(
    runner: Queryable,
    deliveries: readonly { jobId: string; userId: string; deadlineId: string; version: number; runDate: string; point: string; title: string; line: string; link: string; mail: boolean }[],
  ): Promise<void> {
    if (deliveries.length === 0) return;
    await runner.query(
      `INSERT INTO reminder_deliveries (job_id, user_id, deadline_id, deadline_version, run_date, point, title, line, link, mailed_at)
       SELECT r.job_id, r.user_id, r.deadline_id, r.deadline_version, r.run_date, r.point, r.title, r.line, r.link, CASE WHEN r.mail THEN NULL ELSE now() END
       FROM json_to_recordset($1::json) AS r(job_id text, user_id uuid, deadline_id uuid, deadline_version int, run_date date, point text, title text, line text, link text, mail boolean)
       ON CONFLICT (job_id, user_id) DO NOTHING`,
      [
        JSON.stringify(
          deliveries.map((d) => ({ job_id: d.jobId, user_id: d.userId, deadline_id: d.deadlineId, deadline_version: d.version, run_date: d.runDate, point: d.point, title: d.title, line: d.line, link: d.link, mail: d.mail })),
        ),
      ],
    );
  }

  /**
   * The recipient's reminders not mailed yet, claimed for this transaction (a second mail job skips them), with
   * whether each still applies (its deadline still running at the same version).
   */
  async claimUnmailed(runner: Queryable, userId: string): Promise<UnmailedReminder[]> {
    return runner.query(
      `SELECT rd.id::text, rd.job_id AS "jobId", rd.point, rd.title, rd.line, rd.link, to_char(dl.due_on, 'YYYY-MM-DD') AS "dueOn",
         (dl.status = 'active' AND dl.version = rd.deadline_version) AS "stillApplies"
       FROM reminder_deliveries rd JOIN deadlines dl ON dl.id = rd.deadline_id
       WHERE rd.user_id = $1 AND rd.mailed_at IS NULL ORDER BY rd.id FOR UPDATE OF rd SKIP LOCKED`,
      [userId],
    );
  }

  async markMailed(runner: Queryable, ids: readonly string[], mailJobId: string | null): Promise<void> {
    if (ids.length > 0) await runner.query(`UPDATE reminder_deliveries SET mailed_at = now(), mail_job_id = $2 WHERE id = ANY($1::bigint[])`, [ids, mailJobId]);
  }

  async hasUnmailed(userId: string): Promise<boolean> {
    const [{ exists }] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM reminder_deliveries WHERE user_id = $1 AND mailed_at IS NULL) AS exists`, [userId]);
    return exists;
  }

  async person(id: string): Promise<Person | null> {
    const rows = await this.db.query(`SELECT id, display_name AS "displayName", email FROM users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Active finance officers with the regions of their jurisdiction (their organisation's region and below). */
  async financeOfficers(): Promise<(Person & { regionPath: string })[]> {
    return this.db.query(
      `SELECT u.id, u.display_name AS "displayName", u.email, r.path AS "regionPath"
       FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN regions r ON r.id = o.region_id
       WHERE u.active AND o.active AND o.kind = 'finance_bureau' AND 'finance_officer' = ANY(u.roles) ORDER BY u.display_name`,
    );
  }

  /** Running deadlines past their day on `today`, of departments in the region at `regionPath` or below it. */
  async overdueIn(regionPath: string, today: string): Promise<OverdueItem[]> {
    return this.db.query(
      `SELECT dl.id AS "deadlineId", dl.key, to_char(dl.due_on, 'YYYY-MM-DD') AS "dueOn", ${DEADLINE_SUBJECT_TITLE} AS title, e.reference, d.name AS "departmentName",
         dl.subject_type AS "subjectType", dl.subject_id AS "subjectId", e.id AS "evaluationId", ($2::date - dl.due_on) AS "daysOverdue"
       FROM deadlines dl ${DEADLINE_SUBJECT_JOINS}
       JOIN organisations d ON d.id = e.department_id JOIN regions r ON r.id = d.region_id
       WHERE dl.status = 'active' AND dl.due_on < $2::date AND (r.path = $1 OR r.path LIKE $1 || '/%')
       ORDER BY dl.due_on, e.reference`,
      [regionPath, today],
    );
  }

  /** Claims the digest of one user and day; false when it was sent already (a second run of the day sends nothing). */
  async claimDigest(runner: Queryable, userId: string, date: string, items: number): Promise<boolean> {
    const rows = await runner.query(`INSERT INTO overdue_digests (user_id, run_date, items) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`, [userId, date, items]);
    return rows.length === 1;
  }
}
