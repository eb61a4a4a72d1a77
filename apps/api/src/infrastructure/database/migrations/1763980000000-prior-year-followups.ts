import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 上年度问题整改情况 (issue 13 §4): the team of a new evaluation assesses each item of the department's earlier
 * evaluations that was not closed (整改到位 / 部分整改 / 未整改, with a note); one not rectified becomes a finding of the
 * new evaluation that names the item it carries over, so a recurring problem is a chain across years.
 */
export class PriorYearFollowups1763980000000 implements MigrationInterface {
  name = 'PriorYearFollowups1763980000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE findings ADD COLUMN origin_rectification_item_id uuid REFERENCES rectification_items(id)`);
    // One finding per carried-over item in an evaluation: assessing twice never makes a second one.
    await db.query(`CREATE UNIQUE INDEX findings_origin_item_unique ON findings(evaluation_id, origin_rectification_item_id) WHERE origin_rectification_item_id IS NOT NULL`);
    await db.query(`CREATE INDEX findings_origin_item_idx ON findings(origin_rectification_item_id) WHERE origin_rectification_item_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE prior_year_followups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        rectification_item_id uuid NOT NULL REFERENCES rectification_items(id),
        assessment varchar(20) NOT NULL CHECK (assessment IN ('rectified','partly_rectified','not_rectified')),
        note text NOT NULL CHECK (btrim(note) <> ''),
        finding_id uuid REFERENCES findings(id),
        assessed_by uuid NOT NULL REFERENCES users(id),
        assessed_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        CONSTRAINT prior_year_followups_item_unique UNIQUE (evaluation_id, rectification_item_id)
      )`);
    await db.query(`CREATE INDEX prior_year_followups_item_idx ON prior_year_followups(rectification_item_id)`);
    // The department's earlier items are found by department and year.
    await db.query(`CREATE INDEX IF NOT EXISTS evaluations_department_year_idx ON evaluations(department_id, fiscal_year)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS evaluations_department_year_idx`);
    await db.query(`DROP TABLE prior_year_followups`);
    await db.query(`DROP INDEX findings_origin_item_idx`);
    await db.query(`DROP INDEX findings_origin_item_unique`);
    await db.query(`ALTER TABLE findings DROP COLUMN origin_rectification_item_id`);
  }
}
