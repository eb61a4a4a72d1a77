import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FrameworkNode, FrameworkTemplate } from '@evalflow/domain';

export interface FrameworkVersionRecord {
  id: string;
  code: string;
  version: number;
  name: string;
  scope: FrameworkTemplate['scope'];
  nodes: FrameworkNode[];
  builtIn: boolean;
  publishedAt: string | null;
}

const COLUMNS = `id, code, version, name, scope, nodes, built_in AS "builtIn", published_at AS "publishedAt"`;
const toRecord = (row: FrameworkVersionRecord & { publishedAt: Date | null }): FrameworkVersionRecord => ({
  ...row,
  publishedAt: row.publishedAt ? new Date(row.publishedAt).toISOString() : null,
});

@Injectable()
export class FrameworksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listPublished(): Promise<FrameworkVersionRecord[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM framework_versions WHERE published_at IS NOT NULL ORDER BY code, version DESC`);
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<FrameworkVersionRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM framework_versions WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Publishes a built-in template as version 1 once; an existing version is never rewritten (evaluations keep it). */
  async ensureBuiltIn(template: FrameworkTemplate): Promise<void> {
    await this.db.query(
      `INSERT INTO framework_versions (code, version, name, scope, nodes, built_in, published_at) VALUES ($1, 1, $2, $3, $4, true, now())
       ON CONFLICT (code, version) DO NOTHING`,
      [template.code, template.name, template.scope, JSON.stringify(template.nodes)],
    );
  }
}
