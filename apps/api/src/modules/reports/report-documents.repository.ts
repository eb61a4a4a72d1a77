import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReportKind, ReportModel, ReportRenderStage } from '@evalflow/domain';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

/** One issued version of an evaluation's report (report_documents). */
export interface ReportDocumentRow {
  id: string;
  evaluationId: string;
  historyId: string | null;
  kind: ReportKind;
  version: number;
  model: ReportModel;
  templateVersionId: string | null;
  templateVersion: number | null;
  templateName: string | null;
  docxSha256: string | null;
  docxSize: number | null;
  pdfSha256: string | null;
  reportNumber: string | null;
  status: 'rendering' | 'ready' | 'failed';
  /** The stage its render job reached last (NULL: recorded before stages were). */
  renderStage: ReportRenderStage | null;
  error: string | null;
  attempts: number;
  createdById: string | null;
  createdByName: string;
  createdAt: string;
  renderedAt: string | null;
}

const DOCUMENT_COLUMNS = `d.id, d.evaluation_id AS "evaluationId", d.history_id::text AS "historyId", d.kind, d.version, d.model,
  d.template_version_id AS "templateVersionId", tv.version AS "templateVersion", t.name AS "templateName",
  d.docx_sha256 AS "docxSha256", sf.size::int AS "docxSize", d.pdf_sha256 AS "pdfSha256", d.report_number AS "reportNumber",
  d.status, d.render_stage AS "renderStage", d.error, d.attempts, d.created_by AS "createdById", d.created_by_name AS "createdByName",
  d.created_at AS "createdAt", d.rendered_at AS "renderedAt"`;
const DOCUMENT_FROM = `report_documents d
  LEFT JOIN report_template_versions tv ON tv.id = d.template_version_id
  LEFT JOIN report_templates t ON t.id = tv.template_id
  LEFT JOIN stored_files sf ON sf.sha256 = d.docx_sha256`;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const toDocument = (row: ReportDocumentRow): ReportDocumentRow => ({ ...row, createdAt: iso(row.createdAt)!, renderedAt: iso(row.renderedAt) });

/**
 * The history entries that issue a report: a key evaluation's draft for comment and final approval, a self-
 * evaluation's rating (its 自评报告). The sweep's partial indexes list the same actions (migration 1764040000000).
 */
export const ISSUING_ACTIONS = ['issue_draft_for_comment', 'approve_final_report', 'rate'] as const;
export type IssuingAction = (typeof ISSUING_ACTIONS)[number];
const ISSUING_ACTIONS_SQL = ISSUING_ACTIONS.map((action) => `'${action}'`).join(', ');

/** A history entry that issued a report (the draft for comment, the final approval, a rating) and has no document yet. */
export interface IssuingEntryRow {
  historyId: string;
  evaluationId: string;
  action: IssuingAction;
  snapshot: unknown;
  actorId: string | null;
  actorName: string;
  issuerOrganisationId: string;
  reportNumber: string | null;
}

/** The newest ready final document of an evaluation (the report Part G publishes and prints to PDF), or null. */
export async function latestFinal(runner: Queryable, evaluationId: string): Promise<ReportDocumentRow | null> {
  const row = await one<ReportDocumentRow>(
    runner,
    `SELECT ${DOCUMENT_COLUMNS} FROM ${DOCUMENT_FROM} WHERE d.evaluation_id = $1 AND d.kind = 'final' AND d.status = 'ready' ORDER BY d.version DESC LIMIT 1`,
    [evaluationId],
  );
  return row ? toDocument(row) : null;
}

@Injectable()
export class ReportDocumentsRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async list(evaluationId: string): Promise<ReportDocumentRow[]> {
    const rows = await many<ReportDocumentRow>(this.db, `SELECT ${DOCUMENT_COLUMNS} FROM ${DOCUMENT_FROM} WHERE d.evaluation_id = $1 ORDER BY d.created_at DESC, d.version DESC`, [evaluationId]);
    return rows.map(toDocument);
  }

  async find(runner: Queryable, evaluationId: string, id: string): Promise<ReportDocumentRow | null> {
    const row = await one<ReportDocumentRow>(runner, `SELECT ${DOCUMENT_COLUMNS} FROM ${DOCUMENT_FROM} WHERE d.evaluation_id = $1 AND d.id = $2`, [evaluationId, id]);
    return row ? toDocument(row) : null;
  }

  async findById(runner: Queryable, id: string): Promise<ReportDocumentRow | null> {
    const row = await one<ReportDocumentRow>(runner, `SELECT ${DOCUMENT_COLUMNS} FROM ${DOCUMENT_FROM} WHERE d.id = $1`, [id]);
    return row ? toDocument(row) : null;
  }

  /**
   * Issuing history entries without their document, oldest first: of one evaluation (any age: its report list asks
   * for them), or else those written in the last `withinHours` (the background sweep: it catches an entry whose
   * recording right after commit was lost, and never walks years of history written before reports existed or
   * loaded in bulk; read from workflow_history_issuing_idx).
   */
  pendingEntries(runner: Queryable, scope: { evaluationId: string } | { withinHours: number }, limit: number): Promise<IssuingEntryRow[]> {
    const [where, parameter] = 'evaluationId' in scope ? ['h.evaluation_id = $2::uuid', scope.evaluationId] : ['h.created_at > now() - make_interval(hours => $2::int)', scope.withinHours];
    return many<IssuingEntryRow>(
      runner,
      `SELECT h.id::text AS "historyId", h.evaluation_id AS "evaluationId", h.action, h.snapshot, h.actor_id AS "actorId", h.actor_name AS "actorName",
         e.commissioning_organisation_id AS "issuerOrganisationId", e.report_number AS "reportNumber"
       FROM workflow_history h JOIN evaluations e ON e.id = h.evaluation_id
       WHERE h.aggregate_type = 'evaluation' AND h.action IN (${ISSUING_ACTIONS_SQL}) AND ${where}
         AND NOT EXISTS (SELECT 1 FROM report_documents d WHERE d.history_id = h.id)
       ORDER BY h.id LIMIT $1`,
      [limit, parameter],
    );
  }

  /**
   * Records the document of one issuing entry (once: the entry is unique), numbered after the evaluation's last of
   * its kind, rendered with the template version the evaluation's first document was issued with (or, for the first,
   * the issuer's newest). Null when another process recorded it first.
   */
  async insertForEntry(runner: Queryable, entry: IssuingEntryRow, kind: ReportKind, model: ReportModel): Promise<string | null> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('report_documents:' || $1::text))`, [entry.evaluationId]);
    const row = await one<{ id: string }>(
      runner,
      `INSERT INTO report_documents (evaluation_id, history_id, kind, version, model, template_version_id, report_number, created_by, created_by_name)
       SELECT $1::uuid, $2::bigint, $3::varchar, coalesce((SELECT max(version) FROM report_documents WHERE evaluation_id = $1::uuid AND kind = $3::varchar), 0) + 1, $4::jsonb,
         coalesce(
           (SELECT d.template_version_id FROM report_documents d WHERE d.evaluation_id = $1::uuid ORDER BY d.created_at, d.version LIMIT 1),
           CASE WHEN NOT EXISTS (SELECT 1 FROM report_documents d WHERE d.evaluation_id = $1::uuid)
             THEN (SELECT tv.id FROM report_template_versions tv WHERE tv.issuer_organisation_id = $5::uuid ORDER BY tv.version DESC LIMIT 1) END),
         $6::varchar, $7::uuid, $8::varchar
       WHERE NOT EXISTS (SELECT 1 FROM report_documents WHERE history_id = $2::bigint)
       ON CONFLICT (history_id) DO NOTHING
       RETURNING id`,
      [entry.evaluationId, entry.historyId, kind, JSON.stringify(model), entry.issuerOrganisationId, kind === 'final' ? entry.reportNumber : null, entry.actorId, entry.actorName],
    );
    return row?.id ?? null;
  }

  /**
   * Documents still rendering after a crash or a queue outage, with attempts left and recorded in the last
   * `withinHours` (the sweep queues them again).
   */
  stillRendering(runner: Queryable, olderThanSeconds: number, maxAttempts: number, withinHours: number, limit: number): Promise<{ id: string }[]> {
    return many(
      runner,
      `SELECT id FROM report_documents
       WHERE status = 'rendering' AND created_at < now() - make_interval(secs => $1) AND attempts < $2 AND created_at > now() - make_interval(hours => $3::int)
       ORDER BY created_at LIMIT $4`,
      [olderThanSeconds, maxAttempts, withinHours, limit],
    );
  }

  /**
   * Documents whose rendering was given up on: every attempt used, or recorded longer than `withinHours` ago and
   * never finished. They fail with `reason` (shown to the reader) instead of being queued again forever.
   */
  async abandonStale(runner: Queryable, olderThanSeconds: number, maxAttempts: number, withinHours: number, reason: string): Promise<number> {
    const [, count] = await runner.query(
      `UPDATE report_documents SET status = 'failed', error = $4, rendered_at = now()
       WHERE status = 'rendering' AND created_at < now() - make_interval(secs => $1) AND (attempts >= $2 OR created_at <= now() - make_interval(hours => $3::int))`,
      [olderThanSeconds, maxAttempts, withinHours, reason],
    );
    return Number(count);
  }

  async countAttempt(runner: Queryable, id: string): Promise<void> {
    await runner.query(`UPDATE report_documents SET attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  /** The stage the render job has reached (shown as its progress); a failed document keeps the stage it failed in. */
  async setStage(runner: Queryable, id: string, stage: ReportRenderStage): Promise<void> {
    await runner.query(`UPDATE report_documents SET render_stage = $2 WHERE id = $1 AND status <> 'failed'`, [id, stage]);
  }

  /** The .docx is stored: the document is ready (downloadable), at `stage` (done, or the final report's PDF). */
  async markReady(runner: Queryable, id: string, docxSha256: string, stage: ReportRenderStage): Promise<void> {
    await runner.query(`UPDATE report_documents SET status = 'ready', docx_sha256 = $2, render_stage = $3, error = NULL, rendered_at = now() WHERE id = $1`, [id, docxSha256, stage]);
  }

  /** The final document's PDF (report-pdf.service.ts), made after its .docx. */
  async setPdf(runner: Queryable, id: string, pdfSha256: string): Promise<void> {
    await runner.query(`UPDATE report_documents SET pdf_sha256 = $2 WHERE id = $1`, [id, pdfSha256]);
  }

  async markFailed(runner: Queryable, id: string, error: string): Promise<void> {
    await runner.query(`UPDATE report_documents SET status = 'failed', error = $2, rendered_at = now() WHERE id = $1 AND status <> 'ready'`, [id, error.slice(0, 2000)]);
  }

  /** Records stored bytes (content addressed: the same bytes twice are one row). */
  async recordStoredFile(runner: Queryable, sha256: string, size: number, mediaType: string): Promise<void> {
    await runner.query(`INSERT INTO stored_files (sha256, size, media_type, scan_status) VALUES ($1, $2, $3, 'not_scanned') ON CONFLICT (sha256) DO NOTHING`, [sha256, size, mediaType]);
  }

  /** The evaluation's commissioning bureau (the issuer whose template a report uses). */
  async issuerOf(runner: Queryable, evaluationId: string): Promise<string | null> {
    return (await one<{ id: string }>(runner, `SELECT commissioning_organisation_id AS id FROM evaluations WHERE id = $1`, [evaluationId]))?.id ?? null;
  }
}
