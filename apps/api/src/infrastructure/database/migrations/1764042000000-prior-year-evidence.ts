import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'document_request','finding','finding_answer','working_paper','rectification_item'`;

/**
 * 上年度问题整改情况 "with evidence" (issue 13 §4): files can be attached to a team's assessment of an earlier year's
 * item (prior_year_followups), as subject type `prior_year_followup`. Attachments are never deleted (a trigger), so
 * down puts the narrower check back NOT VALID: files already attached stay, no new one can be.
 */
export class PriorYearEvidence1764042000000 implements MigrationInterface {
  name = 'PriorYearEvidence1764042000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE attachments DROP CONSTRAINT attachments_subject_type_check`);
    await db.query(`ALTER TABLE attachments ADD CONSTRAINT attachments_subject_type_check CHECK (subject_type IN (${BEFORE},'prior_year_followup'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE attachments DROP CONSTRAINT attachments_subject_type_check`);
    await db.query(`ALTER TABLE attachments ADD CONSTRAINT attachments_subject_type_check CHECK (subject_type IN (${BEFORE})) NOT VALID`);
  }
}
