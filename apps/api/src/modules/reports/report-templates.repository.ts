import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

/** One uploaded version of a bureau's report template. */
export interface TemplateVersionRow {
  id: string;
  templateId: string;
  issuerOrganisationId: string;
  issuerName: string;
  name: string;
  version: number;
  fileName: string;
  docxSha256: string;
  size: number;
  placeholders: string[];
  uploadedById: string;
  uploadedByName: string;
  createdAt: string;
}

const COLUMNS = `tv.id, tv.template_id AS "templateId", tv.issuer_organisation_id AS "issuerOrganisationId", o.name AS "issuerName", t.name,
  tv.version, tv.file_name AS "fileName", tv.docx_sha256 AS "docxSha256", sf.size::int AS size, tv.placeholders,
  tv.uploaded_by AS "uploadedById", u.display_name AS "uploadedByName", tv.created_at AS "createdAt"`;
const FROM = `report_template_versions tv JOIN report_templates t ON t.id = tv.template_id JOIN organisations o ON o.id = tv.issuer_organisation_id
  JOIN stored_files sf ON sf.sha256 = tv.docx_sha256 JOIN users u ON u.id = tv.uploaded_by`;

const toRow = (row: TemplateVersionRow): TemplateVersionRow => ({ ...row, createdAt: new Date(row.createdAt).toISOString() });

@Injectable()
export class ReportTemplatesRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async versions(issuerOrganisationId: string): Promise<TemplateVersionRow[]> {
    return (await many<TemplateVersionRow>(this.db, `SELECT ${COLUMNS} FROM ${FROM} WHERE tv.issuer_organisation_id = $1 ORDER BY tv.version DESC`, [issuerOrganisationId])).map(toRow);
  }

  async version(runner: Queryable, id: string): Promise<TemplateVersionRow | null> {
    const row = await one<TemplateVersionRow>(runner, `SELECT ${COLUMNS} FROM ${FROM} WHERE tv.id = $1`, [id]);
    return row ? toRow(row) : null;
  }

  /** A new version of the issuer's template (the template is created with its first version). */
  async addVersion(
    runner: Queryable,
    input: { issuerOrganisationId: string; name: string; fileName: string; sha256: string; size: number; mediaType: string; placeholders: string[]; uploadedBy: string },
  ): Promise<string> {
    await runner.query(`INSERT INTO stored_files (sha256, size, media_type, scan_status) VALUES ($1, $2, $3, 'not_scanned') ON CONFLICT (sha256) DO NOTHING`, [input.sha256, input.size, input.mediaType]);
    const template = await one<{ id: string }>(
      runner,
      `INSERT INTO report_templates (issuer_organisation_id, name) VALUES ($1, $2)
       ON CONFLICT (issuer_organisation_id) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [input.issuerOrganisationId, input.name],
    );
    // The template row is locked by the upsert: versions of one issuer are numbered one after the other.
    const row = await one<{ id: string }>(
      runner,
      `INSERT INTO report_template_versions (template_id, issuer_organisation_id, version, file_name, docx_sha256, placeholders, uploaded_by)
       VALUES ($1, $2, coalesce((SELECT max(version) FROM report_template_versions WHERE template_id = $1), 0) + 1, $3, $4, $5, $6) RETURNING id`,
      [template!.id, input.issuerOrganisationId, input.fileName, input.sha256, input.placeholders, input.uploadedBy],
    );
    return row!.id;
  }

  async organisationName(id: string): Promise<{ name: string; type: string } | null> {
    return one(this.db, `SELECT name, type FROM organisations WHERE id = $1`, [id]);
  }
}
