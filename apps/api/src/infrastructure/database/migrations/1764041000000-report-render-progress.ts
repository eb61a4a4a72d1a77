import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The render job's progress (issue 12 §2, docs/reports.md): `render_stage` is the stage the `reports` queue job of a
 * document reached last — queued, collecting (汇总数据), docx (生成 Word), storing (保存文件), pdf (生成 PDF, the
 * final report only), done — shown with its share of the work while the document renders. A new document starts
 * queued (the default, set after the column is added so that it does not fill the existing rows); NULL on documents
 * recorded before this column: read as queued while rendering and done once ready.
 */
export class ReportRenderProgress1764041000000 implements MigrationInterface {
  name = 'ReportRenderProgress1764041000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE report_documents ADD COLUMN render_stage varchar(12)
        CONSTRAINT report_documents_render_stage_check CHECK (render_stage IN ('queued','collecting','docx','storing','pdf','done'))`);
    await db.query(`ALTER TABLE report_documents ALTER COLUMN render_stage SET DEFAULT 'queued'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE report_documents DROP COLUMN render_stage`);
  }
}
