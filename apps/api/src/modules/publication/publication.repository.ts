import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PublicReportQuery } from '@evalflow/domain';
import { bind } from '../../common/pagination';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

/** The issuer's numbering as stored: the pattern (null: none yet) and its version (0: never set). */
export interface NumberingRow {
  issuerId: string;
  issuerName: string;
  issuerKind: string;
  pattern: string | null;
  version: number;
}

export interface NumberingYearRow {
  year: number;
  lastValue: number;
  lastNumber: string;
}

export interface PublicationRow {
  evaluationId: string;
  status: 'published' | 'withdrawn';
  publishedAt: string;
  publishedById: string;
  publishedByName: string;
  withdrawnAt: string | null;
  withdrawnById: string | null;
  withdrawnByName: string | null;
  withdrawnReason: string | null;
  version: number;
}

/** One published report as the public lists it (the scores are read per report: PublicReportsService). */
export interface PublicReportRow {
  id: string;
  title: string;
  reportNumber: string | null;
  fiscalYear: number;
  departmentId: string;
  departmentName: string;
  regionId: string;
  regionName: string;
  commissioningId: string;
  commissioningName: string;
  evaluatorId: string | null;
  evaluatorName: string | null;
  frameworkVersionId: string | null;
  publishedAt: string;
  pdfSha256: string | null;
}

/** A level-3 score as entered, for the public 评分表. */
export interface ScoreEntryRow {
  code: string;
  score: number | null;
  deductionReason: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

const PUBLICATION_SELECT = `SELECT rp.evaluation_id AS "evaluationId", rp.status, rp.published_at AS "publishedAt", rp.published_by AS "publishedById",
    pu.display_name AS "publishedByName", rp.withdrawn_at AS "withdrawnAt", rp.withdrawn_by AS "withdrawnById", wu.display_name AS "withdrawnByName",
    rp.withdrawn_reason AS "withdrawnReason", rp.version
  FROM report_publications rp JOIN users pu ON pu.id = rp.published_by LEFT JOIN users wu ON wu.id = rp.withdrawn_by`;

/** The newest ready final document's PDF (report_documents, part F): what the public downloads. */
const FINAL_PDF = `(SELECT d.pdf_sha256 FROM report_documents d WHERE d.evaluation_id = e.id AND d.kind = 'final' AND d.status = 'ready' AND d.pdf_sha256 IS NOT NULL
    ORDER BY d.version DESC LIMIT 1)`;

/** Only what is published: every public query starts here, so nothing else can leak through a filter. */
const PUBLISHED_FROM = `FROM evaluations e
  JOIN report_publications rp ON rp.evaluation_id = e.id AND rp.status = 'published'
  JOIN organisations d ON d.id = e.department_id
  JOIN regions r ON r.id = d.region_id
  JOIN organisations c ON c.id = e.commissioning_organisation_id
  LEFT JOIN organisations f ON f.id = e.evaluator_organisation_id
  WHERE e.state IN ('published', 'rectification', 'closed')`;

const PUBLIC_SELECT = `SELECT e.id, e.title, e.report_number AS "reportNumber", e.fiscal_year AS "fiscalYear", d.id AS "departmentId", d.name AS "departmentName",
    r.id AS "regionId", r.name AS "regionName", c.id AS "commissioningId", c.name AS "commissioningName", f.id AS "evaluatorId", f.name AS "evaluatorName",
    e.framework_version_id AS "frameworkVersionId", rp.published_at AS "publishedAt", ${FINAL_PDF} AS "pdfSha256"`;

/** The SQL of 文号 series and of publication (issue 12 §5, §6). */
@Injectable()
export class PublicationRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  numbering(runner: Queryable, organisationId: string): Promise<NumberingRow | null> {
    return one<NumberingRow>(
      runner,
      `SELECT o.id AS "issuerId", o.name AS "issuerName", o.kind AS "issuerKind", p.pattern, COALESCE(p.version, 0) AS version
       FROM organisations o LEFT JOIN report_number_patterns p ON p.issuer_organisation_id = o.id WHERE o.id = $1`,
      [organisationId],
    );
  }

  numberingYears(runner: Queryable, organisationId: string): Promise<NumberingYearRow[]> {
    return many<NumberingYearRow>(
      runner,
      `SELECT s.year, s.last_value AS "lastValue", COALESCE(a.report_number, '') AS "lastNumber"
       FROM report_number_sequences s
       LEFT JOIN report_number_assignments a ON a.issuer_organisation_id = s.issuer_organisation_id AND a.year = s.year AND a.value = s.last_value
       WHERE s.issuer_organisation_id = $1 ORDER BY s.year DESC`,
      [organisationId],
    );
  }

  /** Sets the pattern when the version still matches (0: none set yet); false when it does not. */
  async setPattern(runner: Queryable, organisationId: string, pattern: string, expectedVersion: number, userId: string): Promise<boolean> {
    if (expectedVersion === 0) {
      const rows = await runner.query(
        `INSERT INTO report_number_patterns (issuer_organisation_id, pattern, updated_by) VALUES ($1, $2, $3) ON CONFLICT (issuer_organisation_id) DO NOTHING RETURNING version`,
        [organisationId, pattern, userId],
      );
      return rows.length === 1;
    }
    const [rows] = await runner.query(
      `UPDATE report_number_patterns SET pattern = $2, updated_by = $3, updated_at = now(), version = version + 1
       WHERE issuer_organisation_id = $1 AND version = $4 RETURNING version`,
      [organisationId, pattern, userId, expectedVersion],
    );
    return rows.length === 1;
  }

  async publication(runner: Queryable, evaluationId: string): Promise<PublicationRow | null> {
    const row = await one<PublicationRow>(runner, `${PUBLICATION_SELECT} WHERE rp.evaluation_id = $1`, [evaluationId]);
    return row ? { ...row, publishedAt: iso(row.publishedAt)!, withdrawnAt: iso(row.withdrawnAt) } : null;
  }

  /** Publishes (first time: version 0) or publishes again after a withdrawal, when the version matches. */
  async publish(runner: Queryable, evaluationId: string, userId: string, expectedVersion: number): Promise<boolean> {
    if (expectedVersion === 0) {
      const rows = await runner.query(
        `INSERT INTO report_publications (evaluation_id, status, published_at, published_by) VALUES ($1, 'published', now(), $2)
         ON CONFLICT (evaluation_id) DO NOTHING RETURNING version`,
        [evaluationId, userId],
      );
      return rows.length === 1;
    }
    const [rows] = await runner.query(
      `UPDATE report_publications SET status = 'published', published_at = now(), published_by = $2, withdrawn_at = NULL, withdrawn_by = NULL,
         withdrawn_reason = NULL, version = version + 1
       WHERE evaluation_id = $1 AND version = $3 AND status = 'withdrawn' RETURNING version`,
      [evaluationId, userId, expectedVersion],
    );
    return rows.length === 1;
  }

  async withdraw(runner: Queryable, evaluationId: string, userId: string, reason: string, expectedVersion: number): Promise<boolean> {
    const [rows] = await runner.query(
      `UPDATE report_publications SET status = 'withdrawn', withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = $3, version = version + 1
       WHERE evaluation_id = $1 AND version = $4 AND status = 'published' RETURNING version`,
      [evaluationId, userId, reason, expectedVersion],
    );
    return rows.length === 1;
  }

  /** Published reports, newest publication first, filtered by fiscal year, region (and the regions below it), department. */
  async publicList(query: PublicReportQuery): Promise<{ items: PublicReportRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.year !== undefined) where.push(`e.fiscal_year = ${bind(params, query.year)}`);
    if (query.regionId) {
      const region = bind(params, query.regionId);
      where.push(`EXISTS (SELECT 1 FROM regions q WHERE q.id = ${region} AND (r.path = q.path OR r.path LIKE q.path || '/%'))`);
    }
    if (query.departmentId) where.push(`e.department_id = ${bind(params, query.departmentId)}`);
    const filter = where.length ? ` AND ${where.join(' AND ')}` : '';
    const { count } = (await one<{ count: number }>(this.db, `SELECT count(*)::int AS count ${PUBLISHED_FROM}${filter}`, params))!;
    const rows = await many<PublicReportRow>(
      this.db,
      `${PUBLIC_SELECT} ${PUBLISHED_FROM}${filter} ORDER BY rp.published_at DESC, e.id LIMIT ${bind(params, query.pageSize)} OFFSET ${bind(params, (query.page - 1) * query.pageSize)}`,
      params,
    );
    return { items: rows.map((row) => ({ ...row, publishedAt: iso(row.publishedAt)! })), total: count };
  }

  async publicOne(id: string): Promise<PublicReportRow | null> {
    const row = await one<PublicReportRow>(this.db, `${PUBLIC_SELECT} ${PUBLISHED_FROM} AND e.id = $1`, [id]);
    return row ? { ...row, publishedAt: iso(row.publishedAt)! } : null;
  }

  /** The filters' choices: what has a published report. */
  async publicFacets(): Promise<{ years: number[]; regions: { id: string; name: string }[]; departments: { id: string; name: string }[] }> {
    const years = await many<{ year: number }>(this.db, `SELECT DISTINCT e.fiscal_year AS year ${PUBLISHED_FROM} ORDER BY year DESC`);
    const regions = await many<{ id: string; name: string }>(this.db, `SELECT DISTINCT r.id, r.name, r.path ${PUBLISHED_FROM} ORDER BY r.path`);
    const departments = await many<{ id: string; name: string }>(this.db, `SELECT DISTINCT d.id, d.name ${PUBLISHED_FROM} ORDER BY d.name`);
    return { years: years.map((y) => y.year), regions: regions.map(({ id, name }) => ({ id, name })), departments };
  }

  /** The framework version's nodes (the 评分表's rows) and the team's level-3 scores. */
  async scores(frameworkVersionId: string | null, evaluationId: string): Promise<{ nodes: unknown[]; entries: ScoreEntryRow[] }> {
    const framework = frameworkVersionId ? await one<{ nodes: unknown[] }>(this.db, `SELECT nodes FROM framework_versions WHERE id = $1`, [frameworkVersionId]) : null;
    const entries = await many<ScoreEntryRow>(
      this.db,
      `SELECT code, score::float AS score, deduction_reason AS "deductionReason" FROM evaluation_indicator_entries WHERE evaluation_id = $1`,
      [evaluationId],
    );
    return { nodes: framework?.nodes ?? [], entries };
  }

  /** The stored PDF of a published report, if it has one. */
  async publicPdf(id: string): Promise<{ sha256: string; title: string; reportNumber: string | null } | null> {
    return one(this.db, `SELECT ${FINAL_PDF} AS sha256, e.title, e.report_number AS "reportNumber" ${PUBLISHED_FROM} AND e.id = $1`, [id]);
  }
}
