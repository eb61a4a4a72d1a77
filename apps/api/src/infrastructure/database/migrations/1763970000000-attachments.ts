import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (issue 11, docs/materials.md): `stored_files` holds one row per content (sha256; the bytes are in the
 * file store, local disk or S3), `attachments` links a file to the record it evidences, `history_attachments` to the
 * history entries that carried it. Attachments are never deleted; a file a history entry refers to never changes its
 * bytes, name or record (a trigger refuses it): replacing makes a new version, withdrawing keeps it with a reason.
 */
export class Attachments1763970000000 implements MigrationInterface {
  name = 'Attachments1763970000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stored_files (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        media_type varchar(100) NOT NULL,
        scan_status varchar(12) NOT NULL CHECK (scan_status IN ('not_scanned','clean','infected')),
        scan_signature varchar(200),
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        subject_type varchar(30) NOT NULL CHECK (subject_type IN ('document_request','finding','finding_answer','working_paper','rectification_item')),
        subject_id uuid NOT NULL,
        sha256 char(64) NOT NULL REFERENCES stored_files(sha256),
        file_name varchar(255) NOT NULL CHECK (btrim(file_name) <> ''),
        media_type varchar(100) NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        previous_version_id uuid REFERENCES attachments(id),
        status varchar(12) NOT NULL DEFAULT 'current' CHECK (status IN ('current','superseded','withdrawn')),
        withdrawn_reason varchar(500),
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES users(id),
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT attachments_withdrawn_has_reason CHECK ((status = 'withdrawn') = (withdrawn_reason IS NOT NULL AND withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL)),
        CONSTRAINT attachments_one_successor UNIQUE (previous_version_id)
      )`);
    await db.query(`CREATE INDEX attachments_subject_idx ON attachments (subject_type, subject_id, uploaded_at DESC)`);
    await db.query(`CREATE INDEX attachments_evaluation_idx ON attachments (evaluation_id)`);
    await db.query(`CREATE INDEX attachments_sha256_idx ON attachments (sha256)`);
    await db.query(`
      CREATE TABLE history_attachments (
        history_id bigint NOT NULL REFERENCES workflow_history(id),
        attachment_id uuid NOT NULL REFERENCES attachments(id),
        PRIMARY KEY (history_id, attachment_id)
      )`);
    await db.query(`CREATE INDEX history_attachments_attachment_idx ON history_attachments (attachment_id)`);

    // Never deleted; the evidence a history entry carried never changes (its status and withdrawal may).
    await db.query(`
      CREATE FUNCTION attachments_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'attachments are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.sha256, NEW.file_name, NEW.subject_type, NEW.subject_id, NEW.evaluation_id, NEW.size)
             IS DISTINCT FROM (OLD.sha256, OLD.file_name, OLD.subject_type, OLD.subject_id, OLD.evaluation_id, OLD.size)
           AND EXISTS (SELECT 1 FROM history_attachments h WHERE h.attachment_id = OLD.id) THEN
          RAISE EXCEPTION 'attachment % is part of the history: its file cannot change (upload a new version)', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER attachments_kept BEFORE UPDATE OR DELETE ON attachments FOR EACH ROW EXECUTE FUNCTION attachments_are_kept()`);
    await db.query(`
      CREATE FUNCTION history_attachments_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'history_attachments is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER history_attachments_append_only BEFORE UPDATE OR DELETE ON history_attachments FOR EACH ROW EXECUTE FUNCTION history_attachments_are_append_only()`);
    await db.query(`CREATE TRIGGER history_attachments_no_truncate BEFORE TRUNCATE ON history_attachments FOR EACH STATEMENT EXECUTE FUNCTION history_attachments_are_append_only()`);
    await db.query(`CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON attachments FOR EACH STATEMENT EXECUTE FUNCTION history_attachments_are_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE history_attachments');
    await db.query('DROP TABLE attachments');
    await db.query('DROP TABLE stored_files');
    await db.query('DROP FUNCTION history_attachments_are_append_only()');
    await db.query('DROP FUNCTION attachments_are_kept()');
  }
}
