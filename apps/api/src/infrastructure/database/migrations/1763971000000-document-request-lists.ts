import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 资料清单 as a list (issue 11): each finance bureau's own template (the built-in one lives in code,
 * libs/domain/src/document-requests), and on each item its owner in the department (责任人), the template item it
 * was issued from (issuing again skips it) and the indicators that need it. A proposed finding may be about a
 * document-request item (资料未提供): one per item, kept in line with the item by the engine's effects.
 */
export class DocumentRequestLists1763971000000 implements MigrationInterface {
  name = 'DocumentRequestLists1763971000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE document_request_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name varchar(100) NOT NULL,
        items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
        version int NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        updated_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT document_request_templates_one_per_bureau UNIQUE (organisation_id)
      )`);
    await db.query(`
      ALTER TABLE document_requests
        ADD COLUMN owner_user_id uuid REFERENCES users(id),
        ADD COLUMN template_item_key varchar(60),
        ADD COLUMN indicator_codes text[] NOT NULL DEFAULT '{}'`);
    // Issued once per evaluation and template item: a second issue of the list skips what is already on it.
    await db.query(`CREATE UNIQUE INDEX document_requests_template_item_unique ON document_requests(evaluation_id, template_item_key) WHERE template_item_key IS NOT NULL`);
    await db.query(`ALTER TABLE proposed_findings ADD COLUMN document_request_id uuid REFERENCES document_requests(id)`);
    await db.query(`CREATE UNIQUE INDEX proposed_findings_document_request_unique ON proposed_findings(document_request_id) WHERE document_request_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX proposed_findings_document_request_unique`);
    await db.query(`ALTER TABLE proposed_findings DROP COLUMN document_request_id`);
    await db.query(`DROP INDEX document_requests_template_item_unique`);
    await db.query(`ALTER TABLE document_requests DROP COLUMN indicator_codes, DROP COLUMN template_item_key, DROP COLUMN owner_user_id`);
    await db.query(`DROP TABLE document_request_templates`);
  }
}
