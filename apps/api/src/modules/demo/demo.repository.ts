import type { Role } from '@evalflow/domain';
import { TODAY_SQL, many, one, type Queryable } from '../../infrastructure/database/queryable';

/** The SQL of the demo loader: the accounts it writes into an empty database and the records it looks up by name. */

export async function userCount(runner: Queryable): Promise<number> {
  return (await one<{ count: number }>(runner, 'SELECT count(*)::int AS count FROM users'))!.count;
}

/** A demo region (the existing one's name refreshed when its code is already there). */
export async function upsertDemoRegion(runner: Queryable, region: { code: string; name: string; parentId: string | null; level: number; path: string }): Promise<string> {
  const [row] = await many<{ id: string }>(
    runner,
    `INSERT INTO regions (code, name, parent_id, level, path) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [region.code, region.name, region.parentId, region.level, region.path],
  );
  return row.id;
}

export async function insertDemoOrganisation(
  runner: Queryable,
  organisation: { name: string; shortName: string | null; kind: string; creditCode: string; regionId: string },
): Promise<string> {
  const [row] = await many<{ id: string }>(
    runner,
    `INSERT INTO organisations (name, short_name, kind, credit_code, region_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [organisation.name, organisation.shortName, organisation.kind, organisation.creditCode, organisation.regionId],
  );
  return row.id;
}

export async function insertDemoUser(
  runner: Queryable,
  user: { username: string; displayName: string; email: string | null; passwordHash: string; organisationId: string; roles: readonly Role[] },
): Promise<void> {
  await runner.query(
    `INSERT INTO users (username, display_name, email, password_hash, organisation_id, roles) VALUES ($1, $2, $3, $4, $5, $6)`,
    [user.username, user.displayName, user.email, user.passwordHash, user.organisationId, user.roles],
  );
}

async function idOf(runner: Queryable, sql: string, params: unknown[], what: string): Promise<string> {
  const row = await one<{ id: string }>(runner, sql, params);
  if (!row) throw new Error(`demo data: ${what} is missing`);
  return row.id;
}

export function frameworkVersionIdOf(runner: Queryable, code: string, version: number): Promise<string> {
  return idOf(runner, `SELECT id FROM framework_versions WHERE code = $1 AND version = $2`, [code, version], `framework ${code} v${version}`);
}

export function organisationIdByName(runner: Queryable, name: string): Promise<string> {
  return idOf(runner, `SELECT id FROM organisations WHERE name = $1`, [name], `organisation ${name}`);
}

/** Today in Beijing (YYYY-MM-DD), as the deadlines count it. */
export async function beijingToday(runner: Queryable): Promise<string> {
  return (await one<{ today: string }>(runner, `SELECT to_char(${TODAY_SQL}, 'YYYY-MM-DD') AS today`))!.today;
}

/** A department-whole evaluation in fieldwork and an item its department's earlier evaluation carried over to it. */
export async function carriedOverItemToFollowUp(runner: Queryable): Promise<{ evaluationId: string; itemId: string } | null> {
  return one<{ evaluationId: string; itemId: string }>(
    runner,
    `SELECT cur.id AS "evaluationId", ri.id AS "itemId"
       FROM evaluations cur
       JOIN evaluations e ON e.department_id = cur.department_id AND e.fiscal_year < cur.fiscal_year
       JOIN rectification_items ri ON ri.evaluation_id = e.id AND ri.state = 'carried_over'
      WHERE cur.state = 'fieldwork' AND cur.scope = 'department_whole'
      ORDER BY cur.created_at, ri.id
      LIMIT 1`,
  );
}
