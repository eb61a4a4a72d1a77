/** Anything that runs SQL: the data source, or the entity manager of a transaction. */
export interface Queryable {
  // Rows come back untyped from pg; each repository names their shape where it reads them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Today in Beijing, as SQL: deadlines and "overdue" are days in China, whatever the server's time zone. */
export const TODAY_SQL = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * The rows of a SELECT, an INSERT … RETURNING or an upsert, in the shape the caller names (the column aliases of
 * its SQL). pg answers these with the rows themselves.
 */
export async function many<T>(runner: Queryable, sql: string, params?: unknown[]): Promise<T[]> {
  return (await runner.query(sql, params)) as T[];
}

/** The first row, or null when there is none. */
export async function one<T>(runner: Queryable, sql: string, params?: unknown[]): Promise<T | null> {
  return (await many<T>(runner, sql, params))[0] ?? null;
}

/**
 * An UPDATE or DELETE: TypeORM's pg driver answers those with `[rows, count]` (the RETURNING rows and the number of
 * rows changed) instead of the rows alone. Anything else is a mistake (the statement is not an UPDATE/DELETE), not
 * something to guess around.
 */
export function updatedCount(result: unknown): number {
  return updatedResult(result).count;
}

function updatedResult<T>(result: unknown): { rows: T[]; count: number } {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return { rows: result[0] as T[], count: result[1] };
  }
  throw new Error('Expected the [rows, count] answer of an UPDATE or DELETE');
}

/** Runs an UPDATE or DELETE: the RETURNING rows (typed by the caller) and how many rows it changed. */
export async function update<T = never>(runner: Queryable, sql: string, params?: unknown[]): Promise<{ rows: T[]; count: number }> {
  return updatedResult<T>(await runner.query(sql, params));
}
