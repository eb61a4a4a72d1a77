'use strict';
/*
 * processes: the scale-out deployment on this machine — 2 API processes (WORKER_MODE=off) and 2 worker processes
 * (apps/api/dist/worker.js), all started here, against one PostgreSQL (the benchmarks' embedded server) and one
 * Redis (the redis-server bench.cjs started), with one counting SMTP sink (reminders.cjs's).
 *
 * 1. Transitions: `commission` through HTTP spread over both APIs (call i goes to API i mod 2), at 16 and 64
 *    clients, fresh drafts per level (transitions.cjs's makeDrafts and httpCommission): throughput, p50/p95/p99 and
 *    the calls each API answered. The notices these commissions cause are relayed and sent by the workers.
 * 2. Reminders: N due reminder jobs (reminders.cjs's run, on the same two workers) — every one recorded and mailed
 *    exactly once across both workers: the duplicate counts, and how many mails each worker sent (its log lines).
 * Traffic only to 127.0.0.1; every process is stopped at the end.
 */
const lib = require('./lib.cjs');
const { startApi, login } = require('./api-process.cjs');
const { makeDrafts, httpCommission } = require('./transitions.cjs');
const reminders = require('./reminders.cjs');

/** Counts the lines of a child's stdout that contain `text` (e.g. the "mail sent" log line of a worker). */
function lineCounter(child, text) {
  let carry = '';
  const counter = { count: 0 };
  child.stdout.on('data', (chunk) => {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop();
    for (const line of lines) if (line.includes(text)) counter.count++;
  });
  return counter;
}

function cpuSeconds(pid) {
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function run(ctx, options) {
  if (!ctx.redisUrl) throw new Error('processes: needs redis-server (2 APIs and 2 workers share one Redis)');
  const o = { clients: [16, 64], transitions: 256, reminders: 20_000, windowMs: 60_000, ...options };
  const prefix = `bench-proc-${Date.now().toString(36)}`;
  const env = { QUEUE_PREFIX: prefix, REMINDER_MAIL_WINDOW_MS: String(o.windowMs), PUBLIC_URL: 'http://127.0.0.1:3000' };
  const sink = await reminders.startSink();
  const apis = [];
  const workers = [];
  const db = await lib.client(ctx.databaseUrl);
  const results = { settings: { apis: 2, workers: 2, queueBackend: 'redis', queuePrefix: prefix }, levels: [], workers: [] };
  try {
    // Report rendering (the scale database's backlog of documents left "rendering") is no part of what is measured: see reminders.cjs.
    await reminders.pauseReports(ctx, 'redis', prefix);
    for (let i = 0; i < 2; i++) apis.push(await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, smtpUrl: sink.url, name: `processes-api${i + 1}`, env: { ...env, WORKER_MODE: 'off' } }));
    for (let i = 0; i < 2; i++) {
      const w = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, smtpUrl: sink.url, script: 'worker.js', readyText: 'worker started', name: `processes-worker${i + 1}`, env });
      w.mailsSent = lineCounter(w.child, 'mail sent');
      workers.push(w);
    }
    const tokens = await Promise.all(apis.map((api) => login(api.base, 'finance.officer', ctx.password)));
    const warm = await makeDrafts(db, 20);
    for (let i = 0; i < warm.length; i++) await httpCommission(apis[i % 2].base, tokens[i % 2], warm[i]);

    for (const clients of o.clients) {
      const n = Math.max(clients * 4, o.transitions);
      const ids = await makeDrafts(db, n);
      const perApi = [0, 0];
      const cpu0 = [...apis, ...workers].map((p) => cpuSeconds(p.child.pid));
      const http = await lib.closedLoop(clients, n, async (i) => {
        await httpCommission(apis[i % 2].base, tokens[i % 2], ids[i]);
        perApi[i % 2]++;
      });
      const cpu1 = [...apis, ...workers].map((p) => cpuSeconds(p.child.pid));
      const s = lib.summary(http.latencies, http.elapsedMs);
      const row = { clients, n, http: s, perApi, failures: http.failures, errors: http.firstErrors, cpuSeconds: cpu1.map((c, i) => (c !== null && cpu0[i] !== null ? +(c - cpu0[i]).toFixed(1) : null)) };
      results.levels.push(row);
      lib.say(`processes: ${clients} clients over 2 APIs: ${lib.fmt(s.perSecond)}/s p50 ${lib.fmt(s.p50)} p95 ${lib.fmt(s.p95)} p99 ${lib.fmt(s.p99)} ms (API 1: ${perApi[0]}, API 2: ${perApi[1]} calls; CPU s API1/API2/W1/W2 ${row.cpuSeconds.join('/')})${http.failures ? ` | ${http.failures} failed: ${http.firstErrors[0]}` : ''}`);
    }

    // The notice mails of those commissions, sent by the workers: each (outbox row, recipient) once.
    const settleUntil = Date.now() + 120_000;
    for (;;) {
      const { rows: [p] } = await db.query(`SELECT count(*)::int AS pending FROM outbox WHERE dispatched_at IS NULL`);
      if (p.pending === 0 || Date.now() > settleUntil) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 5000));
    const notices = await sink.stats('<notify.');
    results.noticeMails = notices.count;
    const before = workers.map((w) => w.mailsSent.count);
    const cpuBefore = workers.map((w) => cpuSeconds(w.child.pid));

    // Reminders across both workers.
    results.reminders = await reminders.variant(ctx, { reminders: o.reminders, workers: 2, windowMs: o.windowMs, timeoutMs: 20 * 60_000, raw: false }, 'redis', { prefix, sink });
    results.workers = workers.map((w, i) => ({ name: `worker ${i + 1}`, reminderMailsSent: w.mailsSent.count - before[i], cpuSeconds: +(cpuSeconds(w.child.pid) - cpuBefore[i]).toFixed(1) }));
    lib.say(`processes: reminders over 2 workers: ${results.workers.map((w) => `${w.name} sent ${w.reminderMailsSent} mails (${w.cpuSeconds} s CPU)`).join(', ')}`);
  } finally {
    for (const p of [...apis, ...workers]) await p.stop().catch(() => undefined);
    await reminders.obliterate(ctx, 'redis', prefix).catch(() => undefined);
    await sink.stop();
    await db.end();
  }
  return results;
}

module.exports = { run };
