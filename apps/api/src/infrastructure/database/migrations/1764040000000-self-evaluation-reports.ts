import type { MigrationInterface, QueryRunner } from 'typeorm';

const ISSUING_ACTIONS = `'issue_draft_for_comment', 'approve_final_report', 'rate'`;
const KEY_ISSUING_ACTIONS = `'issue_draft_for_comment', 'approve_final_report'`;

/**
 * A self-evaluation's report (自评报告, docs/reports.md): the bureau's `rate` issues a document of kind 'self', as the
 * draft for comment and the final approval issue theirs. The kind check takes the new kind, and the two partial
 * indexes the recording sweep reads the issuing history entries from (1763990000000, 1764030000000) are rebuilt to
 * take the `rate` entries too: without it the sweep would scan the history for them.
 */
export class SelfEvaluationReports1764040000000 implements MigrationInterface {
  name = 'SelfEvaluationReports1764040000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE report_documents DROP CONSTRAINT report_documents_kind_check`);
    await db.query(`ALTER TABLE report_documents ADD CONSTRAINT report_documents_kind_check CHECK (kind IN ('draft', 'final', 'self'))`);
    await this.issuingIndexes(db, ISSUING_ACTIONS);
  }

  async down(db: QueryRunner): Promise<void> {
    await this.issuingIndexes(db, KEY_ISSUING_ACTIONS);
    // Documents are never deleted (a trigger refuses it): self-evaluation reports issued meanwhile stay, unchecked.
    await db.query(`ALTER TABLE report_documents DROP CONSTRAINT report_documents_kind_check`);
    await db.query(`ALTER TABLE report_documents ADD CONSTRAINT report_documents_kind_check CHECK (kind IN ('draft', 'final')) NOT VALID`);
  }

  private async issuingIndexes(db: QueryRunner, actions: string): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS workflow_history_report_steps_idx`);
    await db.query(`CREATE INDEX workflow_history_report_steps_idx ON workflow_history (id) WHERE action IN (${actions})`);
    await db.query(`DROP INDEX IF EXISTS workflow_history_issuing_idx`);
    await db.query(
      `CREATE INDEX workflow_history_issuing_idx ON workflow_history (created_at) WHERE aggregate_type = 'evaluation' AND action IN (${actions})`,
    );
  }
}
