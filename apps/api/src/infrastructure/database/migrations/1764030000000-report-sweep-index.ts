import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report sweep (modules/reports: issuing history entries of the last day without their document) reads the
 * issuing entries by time from this partial index: a few rows per evaluation, instead of a scan of the whole
 * history (1.8M rows at a province's scale) every two seconds.
 */
export class ReportSweepIndex1764030000000 implements MigrationInterface {
  name = 'ReportSweepIndex1764030000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX IF NOT EXISTS workflow_history_issuing_idx ON workflow_history (created_at)
       WHERE aggregate_type = 'evaluation' AND action IN ('issue_draft_for_comment', 'approve_final_report')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS workflow_history_issuing_idx`);
  }
}
