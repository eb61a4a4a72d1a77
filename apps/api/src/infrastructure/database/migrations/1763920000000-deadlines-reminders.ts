import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines of any subject (an evaluation's stages now; document requests, the comment period and rectification
 * items later) with their kind, definition, owner and version, and the reminder machinery: policies per region and
 * deadline key, the reminder jobs planned per deadline version, and the per-recipient deliveries that one coalesced
 * mail per recipient and run gathers. `evaluation_deadlines` becomes a view over `deadlines`, so the evaluation
 * queries that read it keep working.
 */
export class DeadlinesReminders1763920000000 implements MigrationInterface {
  name = 'DeadlinesReminders1763920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type varchar(30) NOT NULL CHECK (subject_type IN ('evaluation','document_request','rectification_item')),
        subject_id uuid NOT NULL,
        key varchar(40) NOT NULL,
        kind varchar(20) NOT NULL DEFAULT 'calendar' CHECK (kind IN ('calendar','working_days')),
        definition jsonb NOT NULL,
        due_on date NOT NULL,
        beyond_calendar boolean NOT NULL DEFAULT false,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','done')),
        started_on date,
        owner_party varchar(20) NOT NULL CHECK (owner_party IN ('department','lead','bureau_finance')),
        owner_user_id uuid REFERENCES users(id),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deadlines_subject_key_unique UNIQUE (subject_type, subject_id, key)
      )`);
    await db.query(`
      INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, status, started_on, owner_party)
      SELECT 'evaluation', evaluation_id, key, 'calendar', jsonb_build_object('kind', 'calendar', 'date', to_char(due_on, 'YYYY-MM-DD')), due_on, status,
        CASE WHEN status <> 'pending' THEN (now() AT TIME ZONE 'Asia/Shanghai')::date END,
        CASE key WHEN 'fieldwork' THEN 'lead' WHEN 'self_evaluation_review' THEN 'bureau_finance' WHEN 'final_review' THEN 'bureau_finance' ELSE 'department' END
      FROM evaluation_deadlines`);
    await db.query(`UPDATE deadlines SET beyond_calendar = extract(year FROM due_on) NOT BETWEEN 2004 AND 2026`);
    await db.query(`DROP TABLE evaluation_deadlines`);
    await db.query(`CREATE INDEX deadlines_active_idx ON deadlines(due_on) WHERE status = 'active'`);
    await db.query(`
      CREATE VIEW evaluation_deadlines AS
      SELECT subject_id AS evaluation_id, key, due_on, status FROM deadlines WHERE subject_type = 'evaluation'`);

    // Effects written outside a transition (a deadline set or moved) have no history entry.
    await db.query(`ALTER TABLE outbox ALTER COLUMN history_id DROP NOT NULL`);

    await db.query(`
      CREATE TABLE reminder_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES regions(id),
        deadline_key varchar(40) NOT NULL,
        policy jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminder_policies_region_key_unique UNIQUE (region_id, deadline_key)
      )`);
    await db.query(`
      CREATE TABLE reminder_jobs (
        job_id varchar(300) PRIMARY KEY,
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        deadline_version int NOT NULL,
        point varchar(20) NOT NULL,
        point_index int NOT NULL,
        run_at timestamptz NOT NULL,
        state varchar(12) NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled','sent','skipped','cancelled')),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX reminder_jobs_deadline_idx ON reminder_jobs(deadline_id) WHERE state = 'scheduled'`);
    await db.query(`
      CREATE TABLE reminder_deliveries (
        id bigserial PRIMARY KEY,
        job_id varchar(300) NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        deadline_version int NOT NULL,
        run_date date NOT NULL,
        point varchar(20) NOT NULL,
        title text NOT NULL,
        line text NOT NULL,
        link text NOT NULL,
        mail_job_id varchar(300),
        mailed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminder_deliveries_job_user_unique UNIQUE (job_id, user_id)
      )`);
    await db.query(`CREATE INDEX reminder_deliveries_unmailed_idx ON reminder_deliveries(user_id) WHERE mailed_at IS NULL`);
    await db.query(`
      CREATE TABLE overdue_digests (
        user_id uuid NOT NULL REFERENCES users(id),
        run_date date NOT NULL,
        items int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, run_date)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['overdue_digests', 'reminder_deliveries', 'reminder_jobs', 'reminder_policies']) await db.query(`DROP TABLE ${table}`);
    await db.query(`DROP VIEW evaluation_deadlines`);
    await db.query(`
      CREATE TABLE evaluation_deadlines (
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        key varchar(40) NOT NULL,
        due_on date NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','done')),
        PRIMARY KEY (evaluation_id, key)
      )`);
    await db.query(`INSERT INTO evaluation_deadlines SELECT subject_id, key, due_on, status FROM deadlines WHERE subject_type = 'evaluation'`);
    await db.query(`CREATE INDEX evaluation_deadlines_active_idx ON evaluation_deadlines(due_on) WHERE status = 'active'`);
    await db.query(`DROP TABLE deadlines`);
    await db.query(`DELETE FROM outbox WHERE history_id IS NULL`);
    await db.query(`ALTER TABLE outbox ALTER COLUMN history_id SET NOT NULL`);
  }
}
