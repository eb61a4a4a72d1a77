'use strict';
/*
 * transitions: `commission` through HTTP (POST /api/evaluations/:id/transitions) at 1, 16 and 64 concurrent clients
 * against the same SQL straight through pg in the same run (row lock, version-checked update, history insert, outbox
 * insert, one transaction). Each level uses fresh commission-ready drafts (copies of the demo draft made here).
 */
const lib = require('./lib.cjs');
const { startApi, login } = require('./api-process.cjs');
const { summarizeProfile, diffProfiles } = require('./profile.cjs');

async function makeDrafts(db, count) {
  const tag = `B${Date.now().toString(36)}`;
  const { rows: [demo] } = await db.query(`SELECT id FROM evaluations WHERE state = 'draft' AND reference NOT LIKE 'SC%' AND reference NOT LIKE 'B%' AND title LIKE '2026年度长沙市人民政府办公厅%' ORDER BY created_at LIMIT 1`);
  if (!demo) throw new Error('the demo draft evaluation is missing (seed the database with seed:scale)');
  const { rows } = await db.query(
    `INSERT INTO evaluations (reference, kind, scope, title, project_name, fiscal_year, department_id, commissioning_organisation_id, evaluator_organisation_id, framework_version_id, legal_basis, state, created_by)
     SELECT $3 || '-' || lpad(n::text, 6, '0'), kind, scope, left(title || '（' || n || '）', 200), project_name, fiscal_year, department_id, commissioning_organisation_id, evaluator_organisation_id, framework_version_id, legal_basis, 'draft', created_by
     FROM evaluations e, generate_series(1, $2::int) n WHERE e.id = $1 RETURNING id`,
    [demo.id, count, tag],
  );
  const ids = rows.map((r) => r.id);
  await db.query(`INSERT INTO evaluation_team_members (evaluation_id, user_id, role) SELECT b, m.user_id, m.role FROM unnest($2::uuid[]) b, evaluation_team_members m WHERE m.evaluation_id = $1`, [demo.id, ids]);
  await db.query(
    `INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, beyond_calendar, status, started_on, owner_party, owner_user_id)
     SELECT 'evaluation', b, d.key, d.kind, d.definition, d.due_on, d.beyond_calendar, d.status, d.started_on, d.owner_party, d.owner_user_id
     FROM unnest($2::uuid[]) b, deadlines d WHERE d.subject_type = 'evaluation' AND d.subject_id = $1`,
    [demo.id, ids],
  );
  await db.query(
    `INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels)
     SELECT 'evaluation', b, b, t.state, t.relation, t.roles, t.labels FROM unnest($2::uuid[]) b, workflow_tasks t WHERE t.subject_id = $1 AND t.closed_at IS NULL`,
    [demo.id, ids],
  );
  return ids;
}

/** The same writes as the runner's commission, as one transaction through pg. */
async function rawCommission(pool, id, actor) {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const { rows: [e] } = await c.query(`SELECT id, state, version FROM evaluations WHERE id = $1 FOR UPDATE`, [id]);
    const updated = await c.query(`UPDATE evaluations SET state = 'commissioned', version = version + 1, state_changed_at = now(), updated_at = now() WHERE id = $1 AND version = $2`, [id, e.version]);
    if (updated.rowCount !== 1) throw new Error('version conflict');
    const { rows: [h] } = await c.query(
      `INSERT INTO workflow_history (aggregate_type, aggregate_id, evaluation_id, seq, action, from_state, to_state, actor_id, actor_name, actor_roles, organisation_id, organisation_name, parameters)
       VALUES ('evaluation', $1, $1, COALESCE((SELECT max(seq) FROM workflow_history WHERE aggregate_type = 'evaluation' AND aggregate_id = $1), 0) + 1, 'commission', 'draft', 'commissioned', $2, $3, ARRAY['finance_officer'], $4, $5, '{}') RETURNING id`,
      [id, actor.id, actor.name, actor.orgId, actor.orgName],
    );
    await c.query(`INSERT INTO outbox (aggregate_type, aggregate_id, history_id, effect) VALUES ('evaluation', $1, $2, '{"type":"notify"}')`, [id, h.id]);
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

async function httpCommission(base, token, id) {
  const response = await fetch(`${base}/api/evaluations/${id}/transitions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'commission', expectedVersion: 1 }),
  });
  const text = await response.text();
  if (response.status !== 200 && response.status !== 201) throw new Error(`${response.status} ${text.slice(0, 200)}`);
}

async function run(ctx, options) {
  const { Pool } = require('pg');
  const levels = options.clients;
  const perLevel = options.transitions;
  const db = await lib.client(ctx.databaseUrl);
  const results = { levels: [], settings: {} };
  try {
    const { rows: [actor] } = await db.query(`SELECT u.id, u.display_name AS name, o.id AS "orgId", o.name AS "orgName" FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = 'finance.officer'`);
    // BENCH_BEFORE_DIST=<an older build's apps/api/dist>: that build is measured first, in the same run and
    // against its own raw-SQL baseline, so a change is judged side by side under the same load.
    const variants = process.env.BENCH_BEFORE_DIST ? [{ name: 'before', env: {}, dist: process.env.BENCH_BEFORE_DIST }, ...options.variants] : options.variants;
    const mark = ctx.pgLog?.mark();
    for (const variant of variants) {
      let idleProfile = null;
      if (variant.profileDir) {
        // A start, one sign-in and a stop alone, to take the start-up work out of the loaded profile.
        const idleDir = `${variant.profileDir}-idle`;
        require('node:fs').rmSync(idleDir, { recursive: true, force: true });
        const idle = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, smtpUrl: ctx.smtpUrl, name: 'transitions-idle', env: variant.env, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${idleDir}`] });
        await login(idle.base, 'finance.officer', ctx.password);
        await idle.stop();
        idleProfile = summarizeProfile(idleDir);
      }
      const api = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, smtpUrl: ctx.smtpUrl, name: `transitions-${variant.name}`, env: variant.env, nodeArgs: variant.nodeArgs ?? [], dist: variant.dist });
      try {
        const token = await login(api.base, 'finance.officer', ctx.password);
        // Warm-up (JIT, pools).
        const warm = await makeDrafts(db, 20);
        for (const id of warm) await httpCommission(api.base, token, id);
        for (const clients of levels) {
          const n = Math.max(clients * 4, clients === 1 ? Math.ceil(perLevel / 4) : perLevel);
          const httpIds = await makeDrafts(db, n);
          const http = await lib.closedLoop(clients, n, (i) => httpCommission(api.base, token, httpIds[i]));
          let raw = null;
          if (variant.baseline !== false) {
            const rawIds = await makeDrafts(db, n);
            const pool = new Pool({ connectionString: ctx.databaseUrl, max: Math.min(clients, 64) });
            await Promise.all(Array.from({ length: Math.min(clients, 64) }, async () => (await pool.connect()).release()));
            raw = await lib.closedLoop(clients, n, (i) => rawCommission(pool, rawIds[i], actor));
            await pool.end();
          }
          const h = lib.summary(http.latencies, http.elapsedMs);
          const r = raw ? lib.summary(raw.latencies, raw.elapsedMs) : null;
          const row = { variant: variant.name, clients, n, http: h, raw: r, failures: http.failures, errors: http.firstErrors, ratio: r ? h.perSecond / r.perSecond : null };
          results.levels.push(row);
          lib.say(
            `transitions [${variant.name}] ${clients} clients: HTTP ${lib.fmt(h.perSecond)}/s p50 ${lib.fmt(h.p50)} p95 ${lib.fmt(h.p95)} p99 ${lib.fmt(h.p99)} ms` +
              (r ? ` | raw SQL ${lib.fmt(r.perSecond)}/s p99 ${lib.fmt(r.p99)} ms | ratio ${lib.fmt(row.ratio * 100)} %` : '') +
              (http.failures ? ` | ${http.failures} failed: ${http.firstErrors[0]}` : ''),
          );
        }
      } finally {
        await api.stop();
        // An older build records report documents for the seeded history during its run: give up the ones it left
        // rendering, so that the next build does not render them while it is measured.
        if (variant.dist) await db.query(`UPDATE report_documents SET status = 'failed', error = 'left by an older build during the benchmark', rendered_at = now() WHERE status = 'rendering'`);
      }
      if (variant.profileDir) {
        const loaded = summarizeProfile(variant.profileDir);
        results.profile = idleProfile ? diffProfiles(loaded, idleProfile) : loaded;
        results.profile.calls = results.levels.filter((l) => l.variant === variant.name).reduce((sum, l) => sum + l.n, 20);
        lib.say(`profile (${variant.name}): ${results.profile.top.slice(0, 6).map((t) => `${t.name} ${lib.fmt(t.percent)} %`).join(', ')}`);
      }
    }
    if (mark !== undefined) results.slowPlans = ctx.pgLog.plansSince(mark);
  } finally {
    await db.end();
  }
  return results;
}

module.exports = { run, makeDrafts, httpCommission };
