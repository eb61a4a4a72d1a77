import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 §4–§6 (docs/reports.md):
 * - the system as an actor of the history: a timer's transition (the comment period closing itself) is recorded
 *   with no user (actor_id NULL), the name 系统 and the role `system` — no user row, so nobody can ever sign in as it;
 * - 文号: a numbering pattern per issuer (the commissioning bureau), a per-issuer, per-year counter advanced inside
 *   the final approval's transaction (gap-free: a rolled-back approval rolls the counter back), and the numbers
 *   issued, unique per issuer, year and value and never deleted or changed (a cancelled evaluation keeps its number);
 * - publication to the public (公开): one record per evaluation, published or withdrawn with its reason.
 */
export class ReportNumbersPublication1763991000000 implements MigrationInterface {
  name = 'ReportNumbersPublication1763991000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE workflow_history ALTER COLUMN actor_id DROP NOT NULL`);
    await db.query(`
      ALTER TABLE workflow_history ADD CONSTRAINT workflow_history_actor_present
        CHECK (actor_id IS NOT NULL OR (actor_roles = ARRAY['system']::text[] AND actor_name = '系统'))`);

    await db.query(`
      CREATE TABLE report_number_patterns (
        issuer_organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
        pattern varchar(60) NOT NULL CHECK (pattern ~ '\\{n(:[1-6])?\\}'),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE report_number_sequences (
        issuer_organisation_id uuid NOT NULL REFERENCES organisations(id),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2999),
        last_value int NOT NULL CHECK (last_value >= 1),
        PRIMARY KEY (issuer_organisation_id, year)
      )`);
    await db.query(`
      CREATE TABLE report_number_assignments (
        evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id),
        issuer_organisation_id uuid NOT NULL REFERENCES organisations(id),
        year int NOT NULL,
        value int NOT NULL CHECK (value >= 1),
        report_number varchar(100) NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_number_assignments_value_unique UNIQUE (issuer_organisation_id, year, value)
      )`);
    // A number once issued is never reused or changed, whatever becomes of the evaluation.
    await db.query(`
      CREATE FUNCTION report_numbers_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report numbers are never changed or reused: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER report_number_assignments_kept BEFORE UPDATE OR DELETE ON report_number_assignments FOR EACH ROW EXECUTE FUNCTION report_numbers_are_kept()`);

    await db.query(`
      CREATE TABLE report_publications (
        evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id),
        status varchar(10) NOT NULL CHECK (status IN ('published', 'withdrawn')),
        published_at timestamptz NOT NULL,
        published_by uuid NOT NULL REFERENCES users(id),
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES users(id),
        withdrawn_reason text,
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        CONSTRAINT report_publications_withdrawal CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND btrim(coalesce(withdrawn_reason, '')) <> ''))
      )`);
    await db.query(`CREATE INDEX report_publications_published_idx ON report_publications(published_at DESC) WHERE status = 'published'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_publications`);
    await db.query(`DROP TABLE report_number_assignments`);
    await db.query(`DROP FUNCTION report_numbers_are_kept()`);
    await db.query(`DROP TABLE report_number_sequences`);
    await db.query(`DROP TABLE report_number_patterns`);
    await db.query(`ALTER TABLE workflow_history DROP CONSTRAINT workflow_history_actor_present`);
    await db.query(`ALTER TABLE workflow_history ALTER COLUMN actor_id SET NOT NULL`);
  }
}
