'use strict';
/*
 * The web app's first load (issue 15 §2): for each main page — 登录, 工作台, 评价项目 list, an evaluation's page,
 * 整改台账 — the JavaScript a browser with an empty cache downloads (bytes as served and gzipped at level 9, the
 * figure the issue's target is stated in) and the time until the page is usable (its ready marker visible, measured
 * in the page from navigation start), in Debian's Chromium driven by playwright-core.
 *
 *   npm run -s bench:web [-- --dist DIR] [--label NAME] [--runs N] [--no-docs | --docs-only]
 *
 * The built API (apps/api/dist, compiled unless BENCH_BUILD=0) runs as a child process on 127.0.0.1 against the
 * benchmarks' embedded PostgreSQL (scripts/bench/lib.cjs) with the demo data, serving the web build in DIR
 * (default apps/web/dist, built first unless BENCH_BUILD=0). `--dist` measures another build, e.g. one of an older
 * commit, for a before/after. Results go to tmp/bench/web-first-load-<label>.json and, unless --no-docs, into the
 * "Web first load" block of docs/benchmarks.md (between the web-first-load markers, which the generator keeps).
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawn, execFileSync } = require('node:child_process');
const lib = require('./lib.cjs');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] && !args[index + 1].startsWith('--') ? args[index + 1] : fallback;
};
const DIST_DIR = path.resolve(flag('dist', path.join(lib.ROOT, 'apps/web/dist')));
const LABEL = flag('label', 'current');
const RUNS = Math.max(1, Number(flag('runs', '3')));
const WRITE_DOCS = !args.includes('--no-docs');
const DATABASE = 'evalflow_bench_web';
const TARGET_LOGIN_KB = 300;

/** The pages measured: where, as whom, and the element that says the page is usable. */
const PAGES = [
  { key: 'login', name: '登录', path: () => '/login', user: null, ready: '[data-testid="login-submit"]' },
  { key: 'home', name: '工作台', path: () => '/', user: 'finance.officer', ready: '[data-testid="my-tasks"]' },
  { key: 'evaluations', name: '评价项目', path: () => '/evaluations', user: 'finance.officer', ready: '[data-testid="evaluations-table"] .ant-table-row' },
  { key: 'evaluation', name: '评价项目详情', path: (ids) => `/evaluations/${ids.evaluation}`, user: 'finance.officer', ready: '[data-testid="evaluation-title"]' },
  // The ledger is usable once its charts are drawn (ECharts loads with them).
  { key: 'ledger', name: '整改台账', path: () => '/rectification-ledger', user: 'auditor', ready: ['[data-testid="ledger-table"]', '[data-testid="ledger-chart-year"] canvas'] },
];

function startApi(databaseUrl, port, dataDir) {
  const child = spawn(process.execPath, [path.join(lib.DIST, 'main.js')], {
    cwd: lib.ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development', // a plain-http refresh cookie on 127.0.0.1 (production marks it Secure)
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      EVALFLOW_DATA_DIR: dataDir,
      WEB_DIST_DIR: DIST_DIR,
      JWT_SECRET: 'b'.repeat(48),
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const up = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within 240 s:\n${output.join('').slice(-2000)}`)), 240_000);
    child.stdout.on('data', () => {
      if (output.join('').includes('Evalflow is up')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code}):\n${output.join('').slice(-2000)}`));
    });
  });
  return { child, up, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) };
}

/** Records, from navigation start, when the ready markers (every one) first appear (a MutationObserver set up before any script). */
function markerScript(selector) {
  const selectors = [selector].flat();
  return `(() => {
    const check = () => { if (!window.__readyAt && ${JSON.stringify(selectors)}.every((s) => document.querySelector(s))) window.__readyAt = performance.now(); };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  })();`;
}

/**
 * A PostgreSQL of this benchmark's own (data in tmp/bench/web/pg), so it runs beside the other benchmarks, whose
 * server holds tmp/bench/pg; BENCH_POSTGRES_URL uses a running server instead.
 */
async function startOwnPostgres(dataDir) {
  if (process.env.BENCH_POSTGRES_URL) return lib.startPostgres();
  const { startEmbeddedPostgres } = lib.dist('runtime/embedded-postgres');
  const dataRoot = path.join(dataDir, 'pg');
  fs.mkdirSync(dataRoot, { recursive: true });
  for (const dir of [lib.BENCH_DIR, dataDir, dataRoot]) fs.chmodSync(dir, 0o755);
  const handle = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'data'), port: await lib.freePort(), packagesFrom: lib.ROOT });
  return { url: handle.url, stop: () => handle.stop() };
}

async function measurePage(browser, baseUrl, page, ids) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  try {
    if (page.user) {
      // Signed in through the API (the refresh cookie lands in this context; a refresh token is good for one use),
      // so the page's scripts are not in the context's cache yet.
      const signedIn = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username: page.user, password: lib.dist('modules/demo/demo-data').DEMO_PASSWORD } });
      if (!signedIn.ok()) throw new Error(`signing in as ${page.user}: ${signedIn.status()} ${await signedIn.text()}`);
    }
    await context.addInitScript(markerScript(page.ready));
    const tab = await context.newPage();
    const scripts = [];
    tab.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push(
        response.body().then(
          (body) => ({ url: new URL(response.url()).pathname, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length }),
          () => null,
        ),
      );
    });
    await tab.goto(`${baseUrl}${page.path(ids)}`, { waitUntil: 'load' });
    const seen = await tab.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60_000 }).then(
      () => true,
      () => false,
    );
    const readyMs = seen ? await tab.evaluate(() => window.__readyAt) : NaN;
    if (!seen) lib.say(`${page.name}: ${page.ready} not seen within 60 s (${tab.url()})`);
    await tab.waitForLoadState('networkidle');
    const files = (await Promise.all(scripts)).filter(Boolean);
    const sum = (key) => files.reduce((total, file) => total + file[key], 0);
    return { readyMs, files: files.length, names: files.map((file) => file.url), rawBytes: sum('raw'), gzipBytes: sum('gzip'), echarts: files.some((file) => /echarts/.test(file.url)) };
  } finally {
    await context.close();
  }
}

async function main() {
  if (args.includes('--docs-only')) return writeDocs();
  if (process.env.BENCH_BUILD !== '0' && !args.includes('--dist')) {
    lib.say('building the web app (vite build apps/web)…');
    execFileSync('npx', ['vite', 'build', 'apps/web'], { cwd: lib.ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) throw new Error(`${DIST_DIR}/index.html is missing: build the web app (npx nx run web:build)`);
  lib.ensureBuilt();
  const { chromium } = require('playwright-core');
  const dataDir = path.join(lib.BENCH_DIR, 'web');
  fs.mkdirSync(dataDir, { recursive: true });
  const pg = await startOwnPostgres(dataDir);
  let api;
  let browser;
  try {
    await lib.recreateDatabase(pg, DATABASE);
    const port = await lib.freePort();
    lib.say(`starting the API on 127.0.0.1:${port} with the demo data (database ${DATABASE}), serving ${path.relative(lib.ROOT, DIST_DIR) || DIST_DIR}`);
    api = startApi(pg.url(DATABASE), port, dataDir);
    await api.up;
    const baseUrl = `http://127.0.0.1:${port}`;
    const db = await lib.client(pg.url(DATABASE));
    const [{ id: evaluation }] = (await db.query(`SELECT id FROM evaluations WHERE kind = 'key' AND state = 'fieldwork' ORDER BY created_at LIMIT 1`)).rows.concat(
      (await db.query(`SELECT id FROM evaluations ORDER BY created_at LIMIT 1`)).rows,
    );
    await db.end();
    const ids = { evaluation };

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const results = [];
    for (const page of PAGES) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) runs.push(await measurePage(browser, baseUrl, page, ids));
      const ready = runs.map((r) => r.readyMs).sort((a, b) => a - b);
      const last = runs[runs.length - 1];
      const result = { key: page.key, name: page.name, files: last.files, rawKb: last.rawBytes / 1024, gzipKb: last.gzipBytes / 1024, echarts: last.echarts, scripts: last.names, readyMedianMs: lib.percentile(ready, 50), readyMaxMs: ready[ready.length - 1] };
      results.push(result);
      lib.say(`${page.name.padEnd(8, '　')} JS ${lib.fmt(result.gzipKb)} KB gzipped (${lib.fmt(result.rawKb)} KB as served, ${result.files} files${result.echarts ? ', with ECharts' : ''}); usable after ${lib.fmt(result.readyMedianMs, 0)} ms (median of ${RUNS}, max ${lib.fmt(result.readyMaxMs, 0)})`);
    }
    const login = results.find((r) => r.key === 'login');
    lib.say(`login page: ${lib.fmt(login.gzipKb)} KB of gzipped JavaScript, target < ${TARGET_LOGIN_KB} KB: ${login.gzipKb < TARGET_LOGIN_KB ? 'met' : `missed by ${lib.fmt(login.gzipKb - TARGET_LOGIN_KB)} KB`}`);
    const report = { label: LABEL, dist: path.relative(lib.ROOT, DIST_DIR) || DIST_DIR, runs: RUNS, takenAt: new Date().toISOString(), machine: lib.machine(), pages: results };
    fs.mkdirSync(lib.BENCH_DIR, { recursive: true });
    fs.writeFileSync(path.join(lib.BENCH_DIR, `web-first-load-${LABEL}.json`), `${JSON.stringify(report, null, 2)}\n`);
    if (WRITE_DOCS) writeDocs();
  } finally {
    await browser?.close();
    await api?.stop();
    await pg.stop();
  }
}

/** The "Web first load" block of docs/benchmarks.md, from every label's latest JSON (before/after side by side). */
function writeDocs() {
  const reports = fs
    .readdirSync(lib.BENCH_DIR)
    .filter((name) => /^web-first-load-.+\.json$/.test(name))
    .map((name) => JSON.parse(fs.readFileSync(path.join(lib.BENCH_DIR, name), 'utf8')))
    .sort((a, b) => (a.label === 'before' ? -1 : b.label === 'before' ? 1 : a.label.localeCompare(b.label)));
  const lines = [
    '<!-- web-first-load:start (written by scripts/bench/web-first-load.cjs, `npm run -s bench:web`) -->',
    '## Web first load',
    '',
    'JavaScript a browser with an empty cache downloads for each main page (gzipped at level 9; the API serves the files',
    'uncompressed, a reverse proxy compresses them) and the time from navigation start until the page is usable (its',
    'ready marker visible), in Chromium (headless, playwright-core) against the built API on 127.0.0.1 with the demo',
    'data; the 整改台账 is usable once its charts are drawn. "ECharts chunk" says whether the page loaded ECharts\' own',
    'chunk (in a build without one, ECharts sits in the vendor chunk every page loads). Target: the login page under',
    '300 KB of gzipped JavaScript. `--docs-only` rewrites this block from the last results in tmp/bench/.',
    '',
  ];
  for (const report of reports) {
    const m = report.machine;
    lines.push(`### ${report.label} (\`${report.dist}\`)`, '', `Taken ${report.takenAt} on ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, load average ${m.loadAverage.join(' / ')} (other builds and tests were running: times are noisy), Node ${m.node}; median of ${report.runs} cold loads.`, '');
    lines.push('| page | JS gzipped | JS as served | files | ECharts chunk | usable after (median / max) |', '|---|---:|---:|---:|---|---:|');
    for (const p of report.pages) lines.push(`| ${p.name} | ${lib.fmt(p.gzipKb)} KB | ${lib.fmt(p.rawKb)} KB | ${p.files} | ${p.echarts ? 'yes' : 'no'} | ${lib.fmt(p.readyMedianMs, 0)} / ${lib.fmt(p.readyMaxMs, 0)} ms |`);
    const login = report.pages.find((p) => p.key === 'login');
    lines.push('', `Login page: ${lib.fmt(login.gzipKb)} KB — target < ${TARGET_LOGIN_KB} KB ${login.gzipKb < TARGET_LOGIN_KB ? 'met' : `missed by ${lib.fmt(login.gzipKb - TARGET_LOGIN_KB)} KB`}.`, '');
  }
  lines.push('<!-- web-first-load:end -->');
  const block = lines.join('\n');
  const file = path.join(lib.ROOT, 'docs/benchmarks.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const pattern = /<!-- web-first-load:start[\s\S]*?<!-- web-first-load:end -->\n*/;
  // Above the marker of `npm run -s bench`'s generated part (scripts/bench/report.cjs keeps what is above it).
  const rest = current.replace(pattern, '');
  const at = rest.indexOf('<!-- Everything below is generated by `npm run -s bench`');
  const next = at >= 0 ? `${rest.slice(0, at).trimEnd()}\n\n${block}\n\n${rest.slice(at)}` : `${rest.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
  lib.say(`docs/benchmarks.md: "Web first load" updated (${reports.map((r) => r.label).join(', ')})`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`[bench] web first load failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}

/** For `npm run -s bench -- web` (scripts/bench/bench.cjs): the same run, with this process's arguments. */
module.exports = { run: main };
