import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DocumentRequestTemplateItem } from '@evalflow/domain';
import { updatedCount, type Queryable } from '../../infrastructure/database/queryable';

/** A finance bureau's own 资料清单模板 (the built-in one lives in libs/domain). */
export interface DocumentRequestTemplateRow {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  items: DocumentRequestTemplateItem[];
  version: number;
  updatedAt: string;
}

const SELECT = `SELECT t.id, t.organisation_id AS "organisationId", o.name AS "organisationName", t.name, t.items, t.version, t.updated_at AS "updatedAt"
  FROM document_request_templates t JOIN organisations o ON o.id = t.organisation_id`;
const toRow = (row: DocumentRequestTemplateRow) => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() });

@Injectable()
export class DocumentRequestTemplateRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async findById(id: string, runner: Queryable = this.db, lock = false): Promise<DocumentRequestTemplateRow | null> {
    const rows: DocumentRequestTemplateRow[] = await runner.query(`${SELECT} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findByOrganisation(organisationId: string, runner: Queryable = this.db): Promise<DocumentRequestTemplateRow | null> {
    const rows: DocumentRequestTemplateRow[] = await runner.query(`${SELECT} WHERE t.organisation_id = $1`, [organisationId]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The bureau's template, made once (null when it already has one). */
  async create(runner: Queryable, organisationId: string, name: string, items: readonly DocumentRequestTemplateItem[], userId: string): Promise<string | null> {
    const rows: { id: string }[] = await runner.query(
      `INSERT INTO document_request_templates (organisation_id, name, items, created_by, updated_by) VALUES ($1, $2, $3::jsonb, $4, $4)
       ON CONFLICT (organisation_id) DO NOTHING RETURNING id`,
      [organisationId, name, JSON.stringify(items), userId],
    );
    return rows[0]?.id ?? null;
  }

  async update(runner: Queryable, id: string, expectedVersion: number, name: string, items: readonly DocumentRequestTemplateItem[], userId: string): Promise<boolean> {
    const result = await runner.query(
      `UPDATE document_request_templates SET name = $3, items = $4::jsonb, updated_by = $5, updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [id, expectedVersion, name, JSON.stringify(items), userId],
    );
    return updatedCount(result) > 0;
  }
}
