'use strict';
/*
 * inbox and ledger: read endpoints at scale for each kind of role, p50/p95 over repeated calls through HTTP (one
 * client, after a warm-up call). The inbox benchmark runs twice in the same run — without and with the indexes
 * of migration 1764000000000-scale-indexes (dropped, measured, recreated, measured) — and keeps the plans of the
 * slow queries (auto_explain, when the benchmark owns the PostgreSQL server) and EXPLAIN (ANALYZE, BUFFERS) of the
 * inbox query for each caller.
 */
const lib = require('./lib.cjs');
const { startApi, login, getJson } = require('./api-process.cjs');

const CALLERS = [
  ['finance.officer', '财政局经办（长沙市财政局）'],
  ['sheng.officer', '财政厅经办（湖南省财政厅）'],
  ['auditor', '审计（长沙市审计局，辖区内）'],
  ['sheng.auditor', '审计（湖南省审计厅，全省）'],
  ['dept.staff', '部门经办（长沙市人民政府办公厅）'],
  ['dept.head', '部门负责人（长沙市人民政府办公厅）'],
  ['evaluator', '评价人员（湖南浩元会计师事务所）'],
  ['eval.lead', '评价组长（湖南浩元会计师事务所）'],
];

const INBOX_ROUTES = [
  ['我的待办', '/api/me/tasks?page=1&pageSize=20'],
  ['评价列表', '/api/evaluations?page=1&pageSize=20'],
  ['评价列表 2025年·现场评价', '/api/evaluations?page=1&pageSize=20&fiscalYear=2025&state=fieldwork'],
  ['评价列表 搜索“办公”', '/api/evaluations?page=1&pageSize=20&q=%E5%8A%9E%E5%85%AC'],
  ['评价列表 已逾期', '/api/evaluations?page=1&pageSize=20&overdue=true'],
];
const LEDGER_ROUTES = [
  ['整改台账', '/api/rectification-ledger?page=1&pageSize=20'],
  ['整改台账 2024年·逾期', '/api/rectification-ledger?page=1&pageSize=20&fiscalYear=2024&overdue=true'],
  ['整改台账 图表', '/api/rectification-ledger/charts'],
  ['整改台账 图表 2024年', '/api/rectification-ledger/charts?fiscalYear=2024'],
];
const LEDGER_CALLERS = ['sheng.auditor', 'auditor', 'sheng.officer', 'finance.officer', 'dept.head'];

async function measure(api, tokens, callers, routes, repeat) {
  const rows = [];
  for (const [username] of callers.map((c) => (Array.isArray(c) ? c : [c]))) {
    for (const [label, url] of routes) {
      let total = null;
      try {
        const first = await getJson(api.base, tokens[username], url);
        total = first.total ?? first.items?.length ?? null;
      } catch (error) {
        rows.push({ username, label, url, error: String(error.message).slice(0, 200) });
        continue;
      }
      const run = await lib.closedLoop(1, repeat, () => getJson(api.base, tokens[username], url));
      const s = lib.summary(run.latencies, run.elapsedMs);
      rows.push({ username, label, url, total, p50: s.p50, p95: s.p95, max: s.max });
      lib.say(`${label.padEnd(18)} ${username.padEnd(16)} total ${String(total ?? '–').padStart(6)}  p50 ${lib.fmt(s.p50).padStart(7)} ms  p95 ${lib.fmt(s.p95).padStart(7)} ms`);
    }
  }
  return rows;
}

async function inboxPlans(db, usernames) {
  const { createAbility, defineRulesFor } = require('@evalflow/domain');
  const { permittedFilter } = lib.dist('authz/casl-to-sql');
  const { toAuthenticatedUser } = lib.dist('modules/auth/auth.service');
  const { EVALUATION_PERMISSION_COLUMNS } = lib.dist('modules/evaluations/evaluation.repository');
  const { inboxSql } = lib.dist('modules/workflow/engine/workflow-tasks.repository');
  const { AuthRepository } = lib.dist('modules/auth/auth.repository');
  const plans = [];
  for (const username of usernames) {
    const row = await new AuthRepository({ query: async (text, params) => (await db.query(text, params)).rows }).loadActorByUsername(username);
    if (!row) continue;
    let user;
    try {
      user = toAuthenticatedUser(row, 'plan');
    } catch {
      continue;
    }
    const permitted = permittedFilter(createAbility(defineRulesFor(user)), 'read', 'Evaluation', EVALUATION_PERMISSION_COLUMNS);
    if (permitted.kind === 'none') continue;
    const sql = inboxSql(user, permitted, { page: 1, pageSize: 20 });
    if (!sql) continue;
    await db.query(sql.text, sql.params);
    const { rows: lines } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.params);
    const text = lines.map((r) => r['QUERY PLAN']).join('\n');
    plans.push({ username, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1]), text });
  }
  return plans;
}

async function withApi(ctx, name, fn) {
  const api = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, smtpUrl: ctx.smtpUrl, name, env: { LOG_LEVEL: 'warn' } });
  try {
    const tokens = {};
    for (const [username] of CALLERS) tokens[username] = await login(api.base, username, ctx.password);
    return await fn(api, tokens);
  } finally {
    await api.stop();
  }
}

async function inbox(ctx, options) {
  const { SCALE_INDEXES } = lib.dist('infrastructure/database/migrations/1764000000000-scale-indexes');
  const db = await lib.client(ctx.databaseUrl);
  try {
    const result = {};
    await withApi(ctx, 'inbox', async (api, tokens) => {
      // Before: without the scale indexes (dropped for the measurement), then after: with them, same run, same data.
      for (const index of SCALE_INDEXES) await db.query(`DROP INDEX IF EXISTS ${index.name}`);
      await db.query('ANALYZE');
      lib.say('inbox without the scale indexes:');
      const mark = ctx.pgLog?.mark();
      result.before = await measure(api, tokens, CALLERS, INBOX_ROUTES, options.repeat);
      result.slowPlans = mark ? ctx.pgLog.plansSince(mark) : [];
      result.plansBefore = await inboxPlans(db, CALLERS.map(([u]) => u));
      for (const index of SCALE_INDEXES) await db.query(index.create);
      await db.query('ANALYZE');
      lib.say('inbox with the scale indexes:');
      const mark2 = ctx.pgLog?.mark();
      result.after = await measure(api, tokens, CALLERS, INBOX_ROUTES, options.repeat);
      result.slowPlansAfter = mark2 ? ctx.pgLog.plansSince(mark2) : [];
      result.plansAfter = await inboxPlans(db, CALLERS.map(([u]) => u));
    });
    return result;
  } finally {
    await db.end();
  }
}

async function ledger(ctx, options) {
  return withApi(ctx, 'ledger', async (api, tokens) => {
    const mark = ctx.pgLog?.mark();
    const rows = await measure(api, tokens, LEDGER_CALLERS, LEDGER_ROUTES, options.repeat);
    return { rows, slowPlans: mark ? ctx.pgLog.plansSince(mark) : [] };
  });
}

module.exports = { inbox, ledger, CALLERS };
