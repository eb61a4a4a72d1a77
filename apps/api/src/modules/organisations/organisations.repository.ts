import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateOrganisationInput, ListOrganisationsQuery, OrganisationDto, UpdateOrganisationInput } from '@evalflow/domain';
import type { SqlFilter } from '../../authz/casl-to-sql';
import { bind } from '../../common/pagination';
import { likeContains } from '../../common/search';
import { many, one, update, type Queryable } from '../../infrastructure/database/queryable';

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

type OrganisationRow = Omit<OrganisationDto, 'createdAt' | 'updatedAt'> & { createdAt: Date | string; updatedAt: Date | string };
const toDto = (row: OrganisationRow): OrganisationDto => ({
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
    const { count } = (await one<{ count: number }>(this.db, `SELECT count(*)::int AS count FROM organisations o WHERE ${whereSql}`, params))!;
    const rows = await many<OrganisationRow>(
      this.db,
      `${SELECT} WHERE ${whereSql} ORDER BY o.kind, o.name LIMIT ${bind(params, query.pageSize)} OFFSET ${bind(params, (query.page - 1) * query.pageSize)}`,
      params,
    );
    return { items: rows.map(toDto), total: count };
  }

  async findById(id: string): Promise<OrganisationDto | null> {
    const row = await one<OrganisationRow>(this.db, `${SELECT} WHERE o.id = $1`, [id]);
    return row ? toDto(row) : null;
  }

  async create(input: CreateOrganisationInput): Promise<OrganisationDto> {
    const created = await one<{ id: string }>(
      this.db,
      `INSERT INTO organisations (name, short_name, kind, credit_code, region_id, contact_email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.name, input.shortName ?? null, input.kind, input.creditCode, input.regionId, input.contactEmail ?? null],
    );
    return (await this.findById(created!.id))!;
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
    const { count } = await update(
      this.db,
      `UPDATE organisations SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = ${bind(params, id)} AND version = ${bind(params, input.expectedVersion)}`,
      params,
    );
    return count === 1;
  }
}

/** What the terms of an evaluation check about an organisation they name. */
export interface OrganisationStanding {
  id: string;
  kind: OrganisationDto['kind'];
  regionId: string;
  active: boolean;
}

export function organisationStanding(runner: Queryable, id: string): Promise<OrganisationStanding | null> {
  return one(runner, `SELECT id, kind, region_id AS "regionId", active FROM organisations WHERE id = $1`, [id]);
}
