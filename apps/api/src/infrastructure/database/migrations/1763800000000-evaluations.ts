import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluations and their lifecycle: framework versions, the evaluation aggregate with its team and stage deadlines,
 * the work the guards read (indicator entries, the self-evaluation report, findings, rectification items,
 * document requests), the append-only history and the outbox.
 */
export class Evaluations1763800000000 implements MigrationInterface {
  name = 'Evaluations1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE framework_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(60) NOT NULL,
        version int NOT NULL,
        name varchar(200) NOT NULL,
        scope varchar(30) NOT NULL CHECK (scope IN ('department_whole','project')),
        nodes jsonb NOT NULL,
        built_in boolean NOT NULL DEFAULT false,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT framework_versions_code_version_unique UNIQUE (code, version)
      )`);
    await db.query(`CREATE SEQUENCE evaluation_reference_seq`);
    await db.query(`
      CREATE TABLE evaluations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference varchar(30) NOT NULL UNIQUE,
        kind varchar(10) NOT NULL CHECK (kind IN ('key','self')),
        scope varchar(30) NOT NULL CHECK (scope IN ('department_whole','project')),
        title varchar(200) NOT NULL,
        project_name varchar(200),
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        department_id uuid NOT NULL REFERENCES organisations(id),
        commissioning_organisation_id uuid NOT NULL REFERENCES organisations(id),
        evaluator_organisation_id uuid REFERENCES organisations(id),
        framework_version_id uuid REFERENCES framework_versions(id),
        legal_basis varchar(500),
        state varchar(40) NOT NULL,
        version int NOT NULL DEFAULT 1,
        report_number varchar(100),
        review_opinion text,
        rating varchar(20),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        state_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX evaluations_department_idx ON evaluations(department_id)`);
    await db.query(`CREATE INDEX evaluations_commissioning_idx ON evaluations(commissioning_organisation_id)`);
    await db.query(`CREATE INDEX evaluations_year_state_idx ON evaluations(fiscal_year, state)`);
    await db.query(`
      CREATE TABLE evaluation_team_members (
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        user_id uuid NOT NULL REFERENCES users(id),
        role varchar(10) NOT NULL CHECK (role IN ('lead','member')),
        PRIMARY KEY (evaluation_id, user_id)
      )`);
    await db.query(`CREATE UNIQUE INDEX evaluation_one_lead_idx ON evaluation_team_members(evaluation_id) WHERE role = 'lead'`);
    await db.query(`CREATE INDEX evaluation_team_user_idx ON evaluation_team_members(user_id)`);
    await db.query(`
      CREATE TABLE evaluation_deadlines (
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        key varchar(40) NOT NULL,
        due_on date NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','done')),
        PRIMARY KEY (evaluation_id, key)
      )`);
    await db.query(`CREATE INDEX evaluation_deadlines_active_idx ON evaluation_deadlines(due_on) WHERE status = 'active'`);
    await db.query(`
      CREATE TABLE evaluation_indicator_entries (
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        code varchar(20) NOT NULL,
        target varchar(200),
        actual varchar(200),
        self_score numeric(6,2),
        deviation_reason text,
        score numeric(6,2),
        deduction_reason text,
        score_at_draft numeric(6,2),
        change_reason text,
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (evaluation_id, code)
      )`);
    await db.query(`
      CREATE TABLE self_evaluation_reports (
        evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id),
        narrative jsonb NOT NULL DEFAULT '{}',
        budget_fen bigint CHECK (budget_fen >= 0),
        spent_fen bigint CHECK (spent_fen >= 0),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE findings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        seq int NOT NULL,
        category varchar(50),
        title varchar(200) NOT NULL,
        description text NOT NULL,
        cause_analysis text,
        recommendation text,
        indicator_code varchar(20),
        answer varchar(10) CHECK (answer IN ('accepted','disputed')),
        answer_text text,
        answered_by uuid REFERENCES users(id),
        answered_at timestamptz,
        adjudication varchar(10) CHECK (adjudication IN ('upheld','revised','withdrawn')),
        adjudication_reason text,
        adjudicated_by uuid REFERENCES users(id),
        adjudicated_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT findings_seq_unique UNIQUE (evaluation_id, seq)
      )`);
    await db.query(`
      CREATE TABLE rectification_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        finding_id uuid NOT NULL REFERENCES findings(id) UNIQUE,
        state varchar(40) NOT NULL DEFAULT 'open',
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX rectification_items_evaluation_idx ON rectification_items(evaluation_id)`);
    await db.query(`
      CREATE TABLE document_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        title varchar(200) NOT NULL,
        state varchar(40) NOT NULL DEFAULT 'requested',
        due_on date,
        version int NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX document_requests_evaluation_idx ON document_requests(evaluation_id)`);

    // History of every lifecycle (evaluations now; rectification items and document requests use the same table).
    await db.query(`
      CREATE TABLE workflow_history (
        id bigserial PRIMARY KEY,
        aggregate_type varchar(30) NOT NULL,
        aggregate_id uuid NOT NULL,
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        seq int NOT NULL,
        action varchar(60) NOT NULL,
        from_state varchar(40) NOT NULL,
        to_state varchar(40) NOT NULL,
        actor_id uuid NOT NULL REFERENCES users(id),
        actor_name varchar(50) NOT NULL,
        actor_roles text[] NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        organisation_name varchar(100) NOT NULL,
        comment text,
        parameters jsonb NOT NULL DEFAULT '{}',
        snapshot jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT workflow_history_seq_unique UNIQUE (aggregate_type, aggregate_id, seq)
      )`);
    await db.query(`CREATE INDEX workflow_history_evaluation_idx ON workflow_history(evaluation_id, id)`);
    // Append-only, enforced by the database itself (ARCHITECTURE rule 4): UPDATE, DELETE and TRUNCATE all raise.
    await db.query(`
      CREATE FUNCTION workflow_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'workflow_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER workflow_history_no_update_delete BEFORE UPDATE OR DELETE ON workflow_history
        FOR EACH ROW EXECUTE FUNCTION workflow_history_is_append_only()`);
    await db.query(`
      CREATE TRIGGER workflow_history_no_truncate BEFORE TRUNCATE ON workflow_history
        FOR EACH STATEMENT EXECUTE FUNCTION workflow_history_is_append_only()`);

    // Effects written in the transition's transaction; the relay moves them into the queue after commit.
    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        aggregate_type varchar(30) NOT NULL,
        aggregate_id uuid NOT NULL,
        history_id bigint NOT NULL REFERENCES workflow_history(id),
        effect jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await db.query(`CREATE INDEX outbox_pending_idx ON outbox(id) WHERE dispatched_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'workflow_history',
      'document_requests',
      'rectification_items',
      'findings',
      'self_evaluation_reports',
      'evaluation_indicator_entries',
      'evaluation_deadlines',
      'evaluation_team_members',
      'evaluations',
      'framework_versions',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('DROP FUNCTION workflow_history_is_append_only()');
    await db.query('DROP SEQUENCE evaluation_reference_seq');
  }
}
