import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 工作底稿 (issue 11 §3): the team's working papers with their review lifecycle (编制中 → 待复核 → 已复核 / 退回修改),
 * the common fields as columns and what differs per kind as `details` (validated by libs/domain per kind), the
 * indicators and findings each supports; and 依据: what a finding cites (a working paper, a file, a request item).
 * A signed-off paper is frozen by the database as well as by the API; who signed it off is its history's sign-off entry.
 */
export class WorkingPapers1763972000000 implements MigrationInterface {
  name = 'WorkingPapers1763972000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE working_papers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        kind varchar(20) NOT NULL CHECK (kind IN ('interview','site_check','questionnaire','cross_check')),
        title varchar(200) NOT NULL,
        paper_date date NOT NULL,
        content text,
        details jsonb NOT NULL CHECK (jsonb_typeof(details) = 'object'),
        indicator_codes text[] NOT NULL DEFAULT '{}',
        state varchar(20) NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted','signed_off','returned')),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        author_id uuid NOT NULL REFERENCES users(id),
        updated_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        state_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX working_papers_evaluation_idx ON working_papers(evaluation_id, kind)`);
    // 已复核 is final: no change to a signed-off paper, whatever path the write takes.
    await db.query(`
      CREATE FUNCTION working_papers_frozen_after_sign_off() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state = 'signed_off' THEN
          RAISE EXCEPTION 'working paper % is signed off and frozen', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await db.query(`
      CREATE TRIGGER working_papers_frozen BEFORE UPDATE OR DELETE ON working_papers
        FOR EACH ROW EXECUTE FUNCTION working_papers_frozen_after_sign_off()`);

    await db.query(`
      CREATE TABLE working_paper_findings (
        working_paper_id uuid NOT NULL REFERENCES working_papers(id) ON DELETE CASCADE,
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        PRIMARY KEY (working_paper_id, finding_id)
      )`);
    await db.query(`CREATE INDEX working_paper_findings_finding_idx ON working_paper_findings(finding_id)`);

    await db.query(`
      CREATE TABLE finding_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        kind varchar(20) NOT NULL CHECK (kind IN ('working_paper','attachment','document_request')),
        ref_id uuid NOT NULL,
        note text,
        position int NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT finding_evidence_unique UNIQUE (finding_id, kind, ref_id)
      )`);
    await db.query(`CREATE INDEX finding_evidence_ref_idx ON finding_evidence(kind, ref_id)`);

    // Working papers run through the engine: their tasks (复核 for the lead) are workflow tasks.
    await db.query(`ALTER TABLE workflow_tasks DROP CONSTRAINT workflow_tasks_subject_type_check`);
    await db.query(`ALTER TABLE workflow_tasks ADD CONSTRAINT workflow_tasks_subject_type_check
      CHECK (subject_type IN ('evaluation','rectification_item','document_request','working_paper'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM workflow_tasks WHERE subject_type = 'working_paper'`);
    await db.query(`ALTER TABLE workflow_tasks DROP CONSTRAINT workflow_tasks_subject_type_check`);
    await db.query(`ALTER TABLE workflow_tasks ADD CONSTRAINT workflow_tasks_subject_type_check
      CHECK (subject_type IN ('evaluation','rectification_item','document_request'))`);
    await db.query(`DROP TABLE finding_evidence`);
    await db.query(`DROP TABLE working_paper_findings`);
    await db.query(`DROP TABLE working_papers`);
    await db.query(`DROP FUNCTION working_papers_frozen_after_sign_off()`);
  }
}
