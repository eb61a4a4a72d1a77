import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Framework editing (指标体系维护): a framework version is a draft of a finance bureau until it is published, then it
 * is immutable for good — evaluations point at it (framework_version_id) and must score by exactly the tree they
 * were commissioned with. The database enforces that, as it does for the history: a published row refuses UPDATE
 * and DELETE. Drafts carry no version number (assigned at publication, so numbers have no gaps) and a revision for
 * optimistic locking.
 */
export class FrameworkEditing1763900000000 implements MigrationInterface {
  name = 'FrameworkEditing1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE framework_versions ALTER COLUMN version DROP NOT NULL`);
    await db.query(`
      ALTER TABLE framework_versions
        ADD COLUMN organisation_id uuid REFERENCES organisations(id),
        ADD COLUMN declared_level1_weights jsonb,
        ADD COLUMN based_on_id uuid REFERENCES framework_versions(id),
        ADD COLUMN revision int NOT NULL DEFAULT 1,
        ADD COLUMN created_by uuid REFERENCES users(id),
        ADD COLUMN updated_by uuid REFERENCES users(id),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT framework_versions_published_has_version CHECK ((published_at IS NULL) = (version IS NULL)),
        ADD CONSTRAINT framework_versions_owner CHECK (built_in OR organisation_id IS NOT NULL)`);
    await db.query(`CREATE INDEX framework_versions_organisation_idx ON framework_versions(organisation_id)`);
    await db.query(`
      CREATE FUNCTION framework_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.published_at IS NOT NULL THEN
          RAISE EXCEPTION 'framework version % is published and cannot be changed: % refused', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await db.query(`
      CREATE TRIGGER framework_versions_published_immutable BEFORE UPDATE OR DELETE ON framework_versions
        FOR EACH ROW EXECUTE FUNCTION framework_version_is_immutable()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER framework_versions_published_immutable ON framework_versions`);
    await db.query(`DROP FUNCTION framework_version_is_immutable()`);
    await db.query(`DELETE FROM framework_versions WHERE published_at IS NULL`);
    await db.query(`DROP INDEX framework_versions_organisation_idx`);
    await db.query(`
      ALTER TABLE framework_versions
        DROP CONSTRAINT framework_versions_owner,
        DROP CONSTRAINT framework_versions_published_has_version,
        DROP COLUMN updated_at, DROP COLUMN updated_by, DROP COLUMN created_by, DROP COLUMN revision,
        DROP COLUMN based_on_id, DROP COLUMN declared_level1_weights, DROP COLUMN organisation_id`);
    await db.query(`ALTER TABLE framework_versions ALTER COLUMN version SET NOT NULL`);
  }
}
