import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { TestApp } from '../support/test-app';

/*
 * Shared by the reliability suites (issue 15 §3). The bounded form runs in `npm test` (CI); RELIABILITY_FULL=1 (or
 * `npm run -s test:reliability:full`) runs every scenario at its full size. Sizes can also be set one by one.
 */
export const FULL = process.env.RELIABILITY_FULL === '1';
const sized = (name: string, bounded: number, full: number) => Number(process.env[name] ?? (FULL ? full : bounded));

/** Concurrent clients per race, and rounds of races per record. */
export const CLIENTS = sized('RELIABILITY_CLIENTS', 8, 32);
export const ROUNDS = sized('RELIABILITY_ROUNDS', 2, 10);
/** fast-check runs per route of the OpenAPI document. */
export const FUZZ_RUNS = sized('RELIABILITY_FUZZ_RUNS', 2, 40);
/** Records driven through each fault scenario. */
export const FAULT_RECORDS = sized('RELIABILITY_FAULT_RECORDS', 12, 60);

/**
 * The event-loop watchdog: the histogram of the loop's delay in this process (where the app under test runs), on
 * while a suite sends its requests. Its maximum is the longest time the process could not answer anything: no request
 * may block it for more than 200 ms. The figure is printed; the suite fails on it only with RELIABILITY_STRICT=1,
 * since on a loaded 2-core machine a garbage collection or another process can hold the loop as long.
 */
export const EVENT_LOOP_LIMIT_MS = 200;
export class Watchdog {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private worst = { ms: 0, during: '' };

  /** Measures the loop while `work` runs; the phase's name goes with its worst delay. */
  async during<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.histogram.reset();
    this.histogram.enable();
    try {
      return await work();
    } finally {
      this.histogram.disable();
      const ms = this.histogram.max / 1e6;
      if (ms > this.worst.ms) this.worst = { ms, during: name };
    }
  }

  report(suite: string): { ms: number; during: string } {
    process.stdout.write(`[reliability] ${suite}: worst event-loop delay ${this.worst.ms.toFixed(1)} ms (during ${this.worst.during || 'nothing'}; limit ${EVENT_LOOP_LIMIT_MS} ms)\n`);
    return this.worst;
  }

  check(suite: string): void {
    const worst = this.report(suite);
    if (process.env.RELIABILITY_STRICT === '1') expect(worst.ms).toBeLessThan(EVENT_LOOP_LIMIT_MS);
  }
}

/** Fires `count` requests at once (each built by `make`) and returns their statuses and bodies, in order. */
export async function race<T extends { status: number; body: unknown }>(count: number, make: (index: number) => PromiseLike<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => make(index)));
}

/** Tallies statuses: { '200': 1, '409': 7 }. */
export function tally(responses: { status: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** Tables whose rows a refused request may legitimately leave changed: the caller's own sign-in, the reminder planner's. */
const BACKGROUND_TABLES = /session|token|login|migrations|^reminder_(deliveries|jobs)$/;

/** Every table's rows hashed in one query: a refusal that wrote anything anywhere shows here. */
export async function fingerprint(t: TestApp): Promise<Record<string, string>> {
  const tables: { name: string }[] = await t.db.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const chosen = tables.map((table) => table.name).filter((name) => !BACKGROUND_TABLES.test(name));
  const sql = chosen.map((name) => `SELECT '${name}' AS name, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS hash FROM "${name}" r`).join(' UNION ALL ');
  const rows: { name: string; hash: string }[] = await t.db.query(sql);
  return Object.fromEntries(rows.map((row) => [row.name, row.hash]));
}

/** What changed between two fingerprints (table names). */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}

/** Waits until the database stops changing (the outbox relay and the queue workers finish what a success started). */
export async function settled(t: TestApp, quietMs = 250, timeoutMs = 15_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let last = await fingerprint(t);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const next = await fingerprint(t);
    if (changedTables(last, next).length === 0 || Date.now() > deadline) return next;
    last = next;
  }
}
