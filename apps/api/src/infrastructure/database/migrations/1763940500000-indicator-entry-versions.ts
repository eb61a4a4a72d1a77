import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-entry versions of the indicator entries (issue 16, defect 6): two team members saving one indicator used to
 * overwrite each other unseen. Each entry carries two independent versions, because two parties fill it at different
 * stages: the department's self-evaluation part (target, actual, self-score, deviation reason) and the team's score
 * part (score, deduction reason, change reason); each with who changed it last and when. Version 0: never saved.
 */
export class IndicatorEntryVersions1763940500000 implements MigrationInterface {
  name = 'IndicatorEntryVersions1763940500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE evaluation_indicator_entries
        ADD COLUMN self_version int NOT NULL DEFAULT 0 CHECK (self_version >= 0),
        ADD COLUMN self_updated_by uuid REFERENCES users(id),
        ADD COLUMN self_updated_at timestamptz,
        ADD COLUMN score_version int NOT NULL DEFAULT 0 CHECK (score_version >= 0),
        ADD COLUMN score_updated_by uuid REFERENCES users(id),
        ADD COLUMN score_updated_at timestamptz`);
    // Entries saved before: version 1. The row kept only its last writer; the team scores after the department has
    // filled its form, so that writer is the scorer where there is a score, and the department's only where there is none.
    await db.query(`
      UPDATE evaluation_indicator_entries SET score_version = 1, score_updated_by = updated_by, score_updated_at = updated_at
       WHERE score IS NOT NULL OR deduction_reason IS NOT NULL OR change_reason IS NOT NULL`);
    await db.query(`
      UPDATE evaluation_indicator_entries SET self_version = 1,
         self_updated_by = CASE WHEN score_version = 0 THEN updated_by END,
         self_updated_at = CASE WHEN score_version = 0 THEN updated_at END
       WHERE target IS NOT NULL OR actual IS NOT NULL OR self_score IS NOT NULL OR deviation_reason IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE evaluation_indicator_entries
        DROP COLUMN self_version, DROP COLUMN self_updated_by, DROP COLUMN self_updated_at,
        DROP COLUMN score_version, DROP COLUMN score_updated_by, DROP COLUMN score_updated_at`);
  }
}
