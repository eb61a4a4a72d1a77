import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateOrganisationInput, ListOrganisationsQuery, OrganisationDto, UpdateOrganisationInput } from '@evalflow/domain';
import type { SqlFilter } from '../../authz/casl-to-sql';
import { bind } from '../../common/pagination';
import { likeContains } from '../../common/search';

const SELECT = `SELECT o.id, o.name, o.short_name AS "shortName", o.kind, o.credit_code AS "creditCode",
  o.region_id AS "regionId", r.name AS "regionName", o.contact_email AS "contactEmail", o.active, o.version,
  o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM organisations o JOIN regions r ON r.id = o.region_id`;

/** Columns the permission rules may name (see authz/casl-to-sql). */
export const ORGANISATION_PERMISSION_COLUMNS = {
  id: { sql: 'o.id' },
  regionId: { sql: 'o.region_id' },
  kind: { sql: 'o.kind' },
};

const toDto = (row: OrganisationDto & { createdAt: Date | string; updatedAt: Date | string }): OrganisationDto => ({
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});

@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ListOrganisationsQuery, permitted: Extract<SqlFilter, { kind: 'all' | 'where' }>): Promise<{ items: OrganisationDto[]; total: number }> {
    const params: unknown[] = permitted.kind === 'where' ? [...permitted.params] : [];
    const where = [permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE'];
    if (query.q) where.push(`(o.name ILIKE ${bind(params, likeContains(query.q))} OR o.credit_code = upper(${bind(params, query.q)}))`);
    if (query.kind) where.push(`o.kind = ${bind(params, query.kind)}`);
    if (query.regionId) where.push(`o.region_id = ${bind(params, query.regionId)}`);
    const whereSql = where.join(' AND ');
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM organisations o WHERE ${whereSql}`, params);
    const rows = await this.db.query(
      `${SELECT} WHERE ${whereSql} ORDER BY o.kind, o.name LIMIT ${bind(params, query.pageSize)} OFFSET ${bind(params, (query.page - 1) * query.pageSize)}`,
      params,
    );
    return { items: rows.map(toDto), total: count };
  }

  async findById(id: string): Promise<OrganisationDto | null> {
    const rows = await this.db.query(`${SELECT} WHERE o.id = $1`, [id]);
    return rows[0] ? toDto(rows[0]) : null;
  }

  async create(input: CreateOrganisationInput): Promise<OrganisationDto> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO organisations (name, short_name, kind, credit_code, region_id, contact_email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.name, input.shortName ?? null, input.kind, input.creditCode, input.regionId, input.contactEmail ?? null],
    );
    return (await this.findById(rows[0].id))!;
  }

  /** Writes only if the version still matches; false when somebody else changed it first. */
  async update(id: string, input: UpdateOrganisationInput): Promise<boolean> {
    const params: unknown[] = [];
    const sets: string[] = [];
    const set = (column: string, value: unknown) => value !== undefined && sets.push(`${column} = ${bind(params, value)}`);
    set('name', input.name);
    set('short_name', input.shortName);
    set('credit_code', input.creditCode);
    set('contact_email', input.contactEmail);
    set('active', input.active);
    const result: [unknown[], number] = await this.db.query(
      `UPDATE organisations SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = ${bind(params, id)} AND version = ${bind(params, input.expectedVersion)}`,
      params,
    );
    return result[1] === 1;
  }
}
