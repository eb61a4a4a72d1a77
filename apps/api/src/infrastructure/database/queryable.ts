/** Anything that runs SQL: the data source, or the entity manager of a transaction. */
export interface Queryable {
  // Rows come back untyped from pg; each repository names their shape where it reads them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Today in Beijing, as SQL: deadlines and "overdue" are days in China, whatever the server's time zone. */
export const TODAY_SQL = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
