import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ListUsersQuery, Role, UserDto } from '@evalflow/domain';
import type { SqlFilter } from '../../authz/casl-to-sql';
import { bind } from '../../common/pagination';
import { likeContains } from '../../common/search';
import { many, one, update, type Queryable } from '../../infrastructure/database/queryable';

const SELECT = `SELECT u.id, u.username, u.display_name AS "displayName", u.email, u.roles, u.organisation_id AS "organisationId",
  o.name AS "organisationName", o.region_id AS "organisationRegionId", u.active, u.locked_until AS "lockedUntil",
  u.last_login_at AS "lastLoginAt", u.version, u.created_at AS "createdAt", u.updated_at AS "updatedAt"
  FROM users u JOIN organisations o ON o.id = u.organisation_id`;

/** Columns the permission rules may name (see authz/casl-to-sql). */
export const USER_PERMISSION_COLUMNS = {
  id: { sql: 'u.id' },
  organisationId: { sql: 'u.organisation_id' },
  organisationRegionId: { sql: 'o.region_id' },
  roles: { sql: 'u.roles', array: true },
};

/** A user as the permission rules see it and the API returns it. */
export type UserRecord = UserDto;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const toRecord = (row: UserRecord): UserRecord => ({
  ...row,
  lockedUntil: iso(row.lockedUntil),
  lastLoginAt: iso(row.lastLoginAt),
  createdAt: iso(row.createdAt)!,
  updatedAt: iso(row.updatedAt)!,
});

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  passwordHash?: string;
  roles?: Role[];
  active?: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ListUsersQuery, permitted: Extract<SqlFilter, { kind: 'all' | 'where' }>): Promise<{ items: UserRecord[]; total: number }> {
    const params: unknown[] = permitted.kind === 'where' ? [...permitted.params] : [];
    const where = [permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE'];
    if (query.q) where.push(`(u.username ILIKE ${bind(params, likeContains(query.q))} OR u.display_name ILIKE ${bind(params, likeContains(query.q))})`);
    if (query.organisationId) where.push(`u.organisation_id = ${bind(params, query.organisationId)}`);
    if (query.role) where.push(`${bind(params, query.role)} = ANY(u.roles)`);
    const whereSql = where.join(' AND ');
    const { count } = (await one<{ count: number }>(this.db, `SELECT count(*)::int AS count FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE ${whereSql}`, params))!;
    const rows = await many<UserRecord>(
      this.db,
      `${SELECT} WHERE ${whereSql} ORDER BY o.name, u.username LIMIT ${bind(params, query.pageSize)} OFFSET ${bind(params, (query.page - 1) * query.pageSize)}`,
      params,
    );
    return { items: rows.map(toRecord), total: count };
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = await one<UserRecord>(this.db, `${SELECT} WHERE u.id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await one(this.db, `SELECT 1 FROM users WHERE username = $1`, [username])) !== null;
  }

  async create(input: { username: string; displayName: string; email: string | null; passwordHash: string; organisationId: string; roles: Role[] }): Promise<UserRecord> {
    const created = await one<{ id: string }>(
      this.db,
      `INSERT INTO users (username, display_name, email, password_hash, organisation_id, roles) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.username, input.displayName, input.email, input.passwordHash, input.organisationId, input.roles],
    );
    return (await this.findById(created!.id))!;
  }

  /** Writes only if the version still matches; false when somebody else changed it first. */
  async update(id: string, expectedVersion: number, changes: UserChanges): Promise<boolean> {
    const params: unknown[] = [];
    const sets: string[] = [];
    const set = (column: string, value: unknown) => value !== undefined && sets.push(`${column} = ${bind(params, value)}`);
    set('display_name', changes.displayName);
    set('email', changes.email);
    set('password_hash', changes.passwordHash);
    set('roles', changes.roles);
    set('active', changes.active);
    if (changes.passwordHash) sets.push('failed_login_count = 0', 'locked_until = NULL');
    const { count } = await update(
      this.db,
      `UPDATE users SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = ${bind(params, id)} AND version = ${bind(params, expectedVersion)}`,
      params,
    );
    return count === 1;
  }
}

/** What the terms of an evaluation check about the users they put on its team. */
export interface TeamCandidate {
  id: string;
  roles: Role[];
  organisationId: string;
  active: boolean;
}

export function teamCandidates(runner: Queryable, ids: readonly string[]): Promise<TeamCandidate[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return many(runner, `SELECT id, roles, organisation_id AS "organisationId", active FROM users WHERE id = ANY($1)`, [[...ids]]);
}
