import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports (issue 12 §1–§2, docs/reports.md):
 * - `report_templates` / `report_template_versions`: a bureau's own Word template (one per issuer organisation),
 *   every upload a new version with the placeholders it uses; the bytes are a stored file (content addressed);
 * - `report_documents`: every draft issued for comment and every final approval is a version (n per evaluation and
 *   kind) holding the report model it printed (the approval's snapshot), the template version it renders with (NULL:
 *   the built-in template), the generated .docx (and later the PDF) as stored files, and its rendering status.
 *   One document per history entry (`history_id` unique), so whichever process records it, it is recorded once.
 *   A document never changes what it says: only its rendering (status, files, error) moves on.
 */
export class Reports1763990000000 implements MigrationInterface {
  name = 'Reports1763990000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer_organisation_id uuid NOT NULL UNIQUE REFERENCES organisations(id),
        name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE report_template_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template_id uuid NOT NULL REFERENCES report_templates(id),
        issuer_organisation_id uuid NOT NULL REFERENCES organisations(id),
        version int NOT NULL CHECK (version >= 1),
        file_name varchar(255) NOT NULL,
        docx_sha256 char(64) NOT NULL REFERENCES stored_files(sha256),
        placeholders text[] NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (template_id, version)
      )`);
    await db.query(`
      CREATE TABLE report_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        history_id bigint UNIQUE REFERENCES workflow_history(id),
        kind varchar(5) NOT NULL CHECK (kind IN ('draft','final')),
        version int NOT NULL CHECK (version >= 1),
        model jsonb NOT NULL,
        template_version_id uuid REFERENCES report_template_versions(id),
        docx_sha256 char(64) REFERENCES stored_files(sha256),
        pdf_sha256 char(64) REFERENCES stored_files(sha256),
        report_number varchar(100),
        status varchar(10) NOT NULL DEFAULT 'rendering' CHECK (status IN ('rendering','ready','failed')),
        error text,
        attempts int NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users(id),
        created_by_name varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rendered_at timestamptz,
        UNIQUE (evaluation_id, kind, version),
        CONSTRAINT report_documents_ready_has_docx CHECK (status <> 'ready' OR docx_sha256 IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX report_documents_evaluation_idx ON report_documents (evaluation_id, created_at DESC)`);
    await db.query(`CREATE INDEX report_documents_rendering_idx ON report_documents (created_at) WHERE status = 'rendering'`);
    // The sweep that records documents looks for the issuing history entries without one.
    await db.query(`CREATE INDEX workflow_history_report_steps_idx ON workflow_history (id) WHERE action IN ('issue_draft_for_comment', 'approve_final_report')`);
    // What a document says never changes; nor does it go away.
    await db.query(`
      CREATE FUNCTION report_documents_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'report documents are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.model IS DISTINCT FROM OLD.model OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.version IS DISTINCT FROM OLD.version
           OR NEW.evaluation_id IS DISTINCT FROM OLD.evaluation_id OR NEW.template_version_id IS DISTINCT FROM OLD.template_version_id THEN
          RAISE EXCEPTION 'a report document never changes what it says' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER report_documents_kept BEFORE UPDATE OR DELETE ON report_documents FOR EACH ROW EXECUTE FUNCTION report_documents_are_kept()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_documents`);
    await db.query(`DROP FUNCTION report_documents_are_kept()`);
    await db.query(`DROP INDEX workflow_history_report_steps_idx`);
    await db.query(`DROP TABLE report_template_versions`);
    await db.query(`DROP TABLE report_templates`);
  }
}
