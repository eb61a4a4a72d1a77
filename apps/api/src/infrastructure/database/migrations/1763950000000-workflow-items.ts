import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records the item lifecycles run on get the data their guards read (issue 10): a rectification item's measures
 * (整改措施), responsible unit and person (责任单位/责任人), due date (整改时限) and the evidence recorded for it
 * (佐证材料: what was handed over, until files can be attached); a document-request item's description and what the
 * department recorded as provided (files come with the materials work; paper handed over on site is recorded here).
 */
export class WorkflowItems1763950000000 implements MigrationInterface {
  name = 'WorkflowItems1763950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE rectification_items
        ADD COLUMN measures text,
        ADD COLUMN responsible_unit varchar(100),
        ADD COLUMN owner_user_id uuid REFERENCES users(id),
        ADD COLUMN due_on date,
        ADD COLUMN evidence_note text,
        ADD COLUMN updated_by uuid REFERENCES users(id),
        ADD COLUMN state_changed_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT rectification_items_version_positive CHECK (version >= 1)`);
    await db.query(`CREATE INDEX rectification_items_owner_idx ON rectification_items(owner_user_id) WHERE owner_user_id IS NOT NULL`);
    await db.query(`
      ALTER TABLE document_requests
        ADD COLUMN description text,
        ADD COLUMN materials_note text,
        ADD COLUMN updated_by uuid REFERENCES users(id),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN state_changed_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT document_requests_version_positive CHECK (version >= 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE document_requests DROP COLUMN state_changed_at, DROP COLUMN updated_at, DROP COLUMN updated_by, DROP COLUMN materials_note, DROP COLUMN description, DROP CONSTRAINT document_requests_version_positive`);
    await db.query(`DROP INDEX rectification_items_owner_idx`);
    await db.query(`ALTER TABLE rectification_items DROP COLUMN state_changed_at, DROP COLUMN updated_by, DROP COLUMN evidence_note, DROP COLUMN due_on, DROP COLUMN owner_user_id, DROP COLUMN responsible_unit, DROP COLUMN measures, DROP CONSTRAINT rectification_items_version_positive`);
  }
}
