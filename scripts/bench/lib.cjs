'use strict';
/*
 * Shared by the scale seed and the benchmarks: the compiled API (apps/api/dist, built by `nx build api`), the
 * embedded PostgreSQL the scripts start (data under tmp/bench/, kept between runs so a seeded database is reused),
 * free ports, a pg client, percentiles and the machine's description. Nothing here talks to anything but 127.0.0.1.
 */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'apps/api/dist');
const BENCH_DIR = path.join(ROOT, 'tmp/bench');

function dist(relative) {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(`${file}.js`)) throw new Error(`${file}.js is missing: build the API first (npx nx build api)`);
  return require(file);
}

/** Builds the API (and its libraries) unless BENCH_BUILD=0; Nx caches an unchanged build. */
function ensureBuilt() {
  if (process.env.BENCH_BUILD === '0' && fs.existsSync(path.join(DIST, 'main.js'))) return;
  try {
    execFileSync('npx', ['tsc', '-b', 'apps/api/tsconfig.app.json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if (!fs.existsSync(path.join(DIST, 'main.js'))) throw error;
    process.stderr.write(`[bench] the API build reported errors; using the last build in apps/api/dist\n`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The embedded PostgreSQL of the benchmarks (or BENCH_POSTGRES_URL's server: a postgres:// URL of its `postgres` database). */
async function startPostgres(log = () => undefined) {
  if (process.env.BENCH_POSTGRES_URL) {
    const base = new URL(process.env.BENCH_POSTGRES_URL);
    const url = (database) => Object.assign(new URL(base.href), { pathname: `/${database}` }).href;
    return { url, port: Number(base.port), stop: async () => undefined, external: true };
  }
  const { startEmbeddedPostgres } = dist('runtime/embedded-postgres');
  const dataRoot = path.join(BENCH_DIR, 'pg');
  fs.mkdirSync(dataRoot, { recursive: true });
  fs.chmodSync(dataRoot, 0o755);
  fs.chmodSync(BENCH_DIR, 0o755);
  // Another bench process's server on the same folder: use it (and leave stopping it to its owner).
  const pidFile = path.join(dataRoot, 'data', 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    const running = Number(lines[3]);
    const password = fs.readFileSync(path.join(dataRoot, 'postgres-password'), 'utf8').trim();
    const url = (database) => `postgres://evalflow:${encodeURIComponent(password)}@127.0.0.1:${running}/${database}`;
    try {
      const c = await client(url('postgres'));
      await c.end();
      return { url, port: running, stop: async () => undefined, external: true };
    } catch {
      // A stale pid file: the embedded start below handles it.
    }
  }
  const port = Number(process.env.BENCH_PG_PORT || (await freePort()));
  const handle = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'data'), port, onLog: log, packagesFrom: ROOT });
  return { url: handle.url, port, stop: () => handle.stop(), external: false };
}

async function client(url) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url, application_name: 'evalflow-bench' });
  await c.connect();
  return c;
}

async function databaseExists(pg, name) {
  const c = await client(pg.url('postgres'));
  try {
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
  } finally {
    await c.end();
  }
}

async function recreateDatabase(pg, name) {
  if (!/^[a-z0-9_]{1,50}$/.test(name)) throw new Error(`database name ${name}: lower-case letters, digits and _ only`);
  const c = await client(pg.url('postgres'));
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function summary(latenciesMs, elapsedMs) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: sorted.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGb: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadAverage: os.loadavg().map((v) => +v.toFixed(2)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** Runs `worker(i)` from `clients` loops until `total` calls are made; returns per-call latencies (ms) and the elapsed time. */
async function closedLoop(clients, total, worker) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const firstErrors = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = performance.now();
        try {
          await worker(i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures++;
          if (firstErrors.length < 3) firstErrors.push(String(error?.message ?? error).slice(0, 300));
        }
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - started, failures, firstErrors };
}

const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const say = (line) => process.stdout.write(`[bench] ${line}\n`);

module.exports = { ROOT, DIST, BENCH_DIR, dist, ensureBuilt, freePort, startPostgres, client, databaseExists, recreateDatabase, summary, percentile, machine, closedLoop, fmt, say };
