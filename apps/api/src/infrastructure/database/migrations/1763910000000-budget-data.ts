import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budget data (issue 4): the budget data document of an evaluation (jsonb, amounts as exact decimal strings, with a
 * version for optimistic locking), thresholds per region (nearest ancestor's setting applies), proposed findings
 * keyed by metric + subject, and the findings columns a confirmed proposal fills (figures, deduction, its proposal).
 */
export class BudgetData1763910000000 implements MigrationInterface {
  name = 'BudgetData1763910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE evaluation_budget_data (
        evaluation_id uuid PRIMARY KEY REFERENCES evaluations(id),
        document jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE budget_thresholds (
        region_id uuid PRIMARY KEY REFERENCES regions(id),
        thresholds jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE proposed_findings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        metric varchar(60) NOT NULL,
        subject varchar(250) NOT NULL DEFAULT '',
        status varchar(12) NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','discarded','obsolete')),
        category varchar(50) NOT NULL,
        title varchar(200) NOT NULL,
        description text NOT NULL,
        figures jsonb NOT NULL,
        indicator_code varchar(20),
        suggested_deduction numeric(6,2),
        discard_reason text,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT proposed_findings_metric_subject_unique UNIQUE (evaluation_id, metric, subject),
        CONSTRAINT proposed_findings_discard_reason CHECK (status <> 'discarded' OR discard_reason IS NOT NULL)
      )`);
    await db.query(`ALTER TABLE findings ADD COLUMN figures jsonb, ADD COLUMN deduction numeric(6,2), ADD COLUMN proposed_finding_id uuid REFERENCES proposed_findings(id)`);
    // One finding per proposal: a retried confirm cannot create a second.
    await db.query(`CREATE UNIQUE INDEX findings_proposed_finding_unique ON findings(proposed_finding_id) WHERE proposed_finding_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX findings_proposed_finding_unique`);
    await db.query(`ALTER TABLE findings DROP COLUMN proposed_finding_id, DROP COLUMN deduction, DROP COLUMN figures`);
    await db.query(`DROP TABLE proposed_findings`);
    await db.query(`DROP TABLE budget_thresholds`);
    await db.query(`DROP TABLE evaluation_budget_data`);
  }
}
