import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAbility, defineRulesFor } from '@evalflow/domain';
import { permittedFilter } from '../../apps/api/src/authz/casl-to-sql';
import { toAuthenticatedUser } from '../../apps/api/src/modules/auth/auth.service';
import { AuthRepository } from '../../apps/api/src/modules/auth/auth.repository';
import { EVALUATION_PERMISSION_COLUMNS } from '../../apps/api/src/modules/evaluations/evaluation.repository';
import { WorkflowTasksRepository, inboxSql } from '../../apps/api/src/modules/workflow/engine/workflow-tasks.repository';
import { createTestApp, type TestApp } from '../support/test-app';

/*
 * The inbox query's plan over tens of thousands of generated evaluations (issue 10 §3): 30,000 evaluations of the
 * demo departments in every state of both lifecycles, their deadlines, teams, findings, rectification items and
 * document requests, and their tasks made by the runner's own sync; then EXPLAIN (ANALYZE, BUFFERS) of page 1 of
 * 我的待办 for a finance officer, a department's staff, an evaluator and an auditor. The suite checks that the query
 * reads the task indexes and answers within a budget; with WRITE_INBOX_PLAN=1 it writes docs/inbox-query-plan.md
 * (scripts/inbox-query-plan.sh).
 */
jest.setTimeout(600_000);

const EVALUATIONS = 30_000;
const USERS = [
  ['finance.officer', 'a finance officer of 长沙市财政局 (commissioning bureau of two of the three departments)'],
  ['dept.staff', 'a staff member of 长沙市人民政府办公厅 (an evaluated department, and owner of some items)'],
  ['evaluator', 'an evaluator of 湖南浩元会计师事务所 (on the team of a third of the key evaluations)'],
  ['auditor', 'an auditor of 长沙市审计局 (every department in its jurisdiction)'],
] as const;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function generate(): Promise<Record<string, number>> {
  const db = t.db;
  const org = async (name: string) => (await db.query(`SELECT id FROM organisations WHERE name = $1`, [name]))[0].id as string;
  const user = async (username: string) => (await db.query(`SELECT id FROM users WHERE username = $1`, [username]))[0].id as string;
  const [cs, fr, ly, csFinance, lyFinance, firm] = [
    await org('长沙市人民政府办公厅'), await org('长沙市芙蓉区人民政府办公室'), await org('浏阳市人民政府办公室'),
    await org('长沙市财政局'), await org('浏阳市财政局'), await org('湖南浩元会计师事务所'),
  ];
  const [officer, lead, evaluator, staff] = [await user('finance.officer'), await user('eval.lead'), await user('evaluator'), await user('dept.staff')];
  const KEY = ['draft', 'commissioned', 'self_evaluation', 'self_evaluation_review', 'fieldwork', 'draft_review', 'draft_for_comment', 'adjudication', 'final_review', 'published', 'rectification', 'closed', 'cancelled'];
  const SELF = ['draft', 'commissioned', 'self_evaluation', 'submitted', 'review', 'rectification', 'closed', 'cancelled'];
  // Half of 长沙市人民政府办公厅, a quarter each of 芙蓉区 (also 长沙's bureau) and 浏阳 (浏阳's bureau); four in five key.
  await db.query(
    `INSERT INTO evaluations (reference, kind, scope, title, fiscal_year, department_id, commissioning_organisation_id, evaluator_organisation_id, state, created_by, state_changed_at)
     SELECT 'GEN-' || lpad(n::text, 6, '0'), kind, 'department_whole', '生成的评价 ' || n, 2020 + n % 6,
       CASE n % 4 WHEN 0 THEN $1::uuid WHEN 1 THEN $1::uuid WHEN 2 THEN $2::uuid ELSE $3::uuid END,
       CASE n % 4 WHEN 3 THEN $5::uuid ELSE $4::uuid END,
       CASE kind WHEN 'key' THEN $6::uuid END,
       CASE kind WHEN 'key' THEN ($7::text[])[1 + n % 13] ELSE ($8::text[])[1 + n % 8] END,
       $9::uuid, now() - (n % 365) * interval '1 day'
     FROM (SELECT n, CASE WHEN n % 5 = 0 THEN 'self' ELSE 'key' END AS kind FROM generate_series(1, $10::int) n) g`,
    [cs, fr, ly, csFinance, lyFinance, firm, KEY, SELF, officer, EVALUATIONS],
  );
  // The firm's team on a third of the key evaluations.
  await db.query(
    `INSERT INTO evaluation_team_members (evaluation_id, user_id, role)
     SELECT e.id, m.user_id, m.role FROM evaluations e CROSS JOIN (VALUES ($1::uuid, 'lead'), ($2::uuid, 'member')) m(user_id, role)
     WHERE e.reference LIKE 'GEN-%' AND e.kind = 'key' AND substr(e.reference, 5)::int % 3 = 0`,
    [lead, evaluator],
  );
  // A running deadline for nine in ten open evaluations, from 30 days past to 60 days ahead.
  await db.query(
    `INSERT INTO deadlines (subject_type, subject_id, key, definition, due_on, status, owner_party)
     SELECT 'evaluation', e.id, 'self_evaluation', '{"kind":"calendar","date":"2026-01-01"}', (now() AT TIME ZONE 'Asia/Shanghai')::date + (substr(e.reference, 5)::int % 91 - 30), 'active', 'department'
     FROM evaluations e WHERE e.reference LIKE 'GEN-%' AND e.state NOT IN ('draft', 'closed', 'cancelled') AND substr(e.reference, 5)::int % 10 <> 0`,
  );
  // Three findings and rectification items per evaluation in rectification, in every item state; dept.staff owns some.
  await db.query(
    `INSERT INTO findings (evaluation_id, seq, title, description, created_by)
     SELECT e.id, s, '生成的问题 ' || s, '说明', $1 FROM evaluations e, generate_series(1, 3) s WHERE e.reference LIKE 'GEN-%' AND e.state = 'rectification'`,
    [lead],
  );
  await db.query(
    `INSERT INTO rectification_items (evaluation_id, finding_id, state, owner_user_id)
     SELECT f.evaluation_id, f.id, (ARRAY['open','plan_submitted','in_progress','submitted_for_verification','verified','returned','carried_over'])[1 + (f.seq + substr(e.reference, 5)::int) % 7],
       CASE WHEN e.department_id = $1 AND f.seq = 2 THEN $2::uuid END
     FROM findings f JOIN evaluations e ON e.id = f.evaluation_id WHERE e.reference LIKE 'GEN-%'`,
    [cs, staff],
  );
  // Two document requests per evaluation in fieldwork, in every request state; dept.staff owns one of each pair of its department's.
  await db.query(
    `INSERT INTO document_requests (evaluation_id, title, state, created_by, owner_user_id)
     SELECT e.id, '生成的资料 ' || s, (ARRAY['requested','provided','partly_provided','not_provided','accepted','returned'])[1 + (s + substr(e.reference, 5)::int) % 6], $1,
       CASE WHEN e.department_id = $2 AND s = 2 THEN $3::uuid END
     FROM evaluations e, generate_series(1, 2) s WHERE e.reference LIKE 'GEN-%' AND e.state = 'fieldwork'`,
    [lead, cs, staff],
  );
  // Their tasks, by the runner's own sync.
  const tasks = t.app.get(WorkflowTasksRepository);
  for (const [type, table] of [['evaluation', 'evaluations'], ['rectification_item', 'rectification_items'], ['document_request', 'document_requests']] as const) {
    const ids: string[] = (await db.query(`SELECT id FROM ${table}`)).map((row: { id: string }) => row.id);
    for (let start = 0; start < ids.length; start += 5000) await tasks.sync(db, type, ids.slice(start, start + 5000));
  }
  // The tasks of the states each record went through before (closed): the table keeps them, the inbox skips them.
  await db.query(
    `INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels, opened_at, closed_at)
     SELECT subject_type, subject_id, evaluation_id, 'earlier_' || k, relation, roles, labels, opened_at - (k + 1) * interval '7 days', opened_at - k * interval '7 days'
     FROM workflow_tasks, generate_series(1, 5) k WHERE closed_at IS NULL`,
  );
  await db.query(`ANALYZE`);
  const [counts] = await db.query(
    `SELECT (SELECT count(*)::int FROM evaluations) AS evaluations, (SELECT count(*)::int FROM rectification_items) AS "rectification items",
       (SELECT count(*)::int FROM document_requests) AS "document requests", (SELECT count(*)::int FROM deadlines) AS deadlines,
       (SELECT count(*)::int FROM workflow_tasks) AS tasks, (SELECT count(*)::int FROM workflow_tasks WHERE closed_at IS NULL) AS "open tasks"`,
  );
  return counts;
}

async function plan(username: string) {
  const row = await t.app.get(AuthRepository).loadActorByUsername(username);
  const user = toAuthenticatedUser(row!, 'plan');
  const permitted = permittedFilter(createAbility(defineRulesFor(user)), 'read', 'Evaluation', EVALUATION_PERMISSION_COLUMNS);
  if (permitted.kind === 'none') throw new Error(`${username} may read no evaluation`);
  const sql = inboxSql(user, permitted, { page: 1, pageSize: 20 })!;
  // Warm once (as a running server is), then measure.
  const [{ total }] = await t.db.query(sql.text, sql.params);
  await t.db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.params);
  const lines: string[] = (await t.db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']);
  const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))![1]);
  const planningMs = Number(/Planning Time: ([\d.]+) ms/.exec(lines.join('\n'))![1]);
  return { username, total: total as number, lines, executionMs, planningMs, sql };
}

it('answers page 1 of 我的待办 from the task indexes over 30,000 evaluations', async () => {
  const counts = await generate();
  expect(counts.evaluations).toBeGreaterThanOrEqual(EVALUATIONS);
  const plans = [];
  for (const [username] of USERS) plans.push(await plan(username));
  const [{ version }] = await t.db.query(`SELECT current_setting('server_version') AS version`);
  if (process.env.WRITE_INBOX_PLAN === '1') writeDoc(counts, plans, version);
  for (const p of plans) {
    const text = p.lines.join('\n');
    expect({ username: p.username, indexed: /workflow_tasks_open_(relation|subject)_idx/.test(text), seqScanOnTasks: /Seq Scan on workflow_tasks/.test(text) }).toEqual({
      username: p.username,
      indexed: true,
      seqScanOnTasks: false,
    });
    expect(p.total).toBeGreaterThan(0);
    // The timings are figures for docs/inbox-query-plan.md, not assertions: speed is measured, not tested.
  }
});

function writeDoc(counts: Record<string, number>, plans: Awaited<ReturnType<typeof plan>>[], version: string) {
  const out: string[] = [
    '# The inbox query plan (我的待办)',
    '',
    '<!-- Generated by scripts/inbox-query-plan.sh (tests/integration/inbox-query-plan.test.ts with WRITE_INBOX_PLAN=1); do not edit by hand. -->',
    '',
    '`GET /api/me/tasks` is one SQL query over `workflow_tasks` (see `apps/api/src/modules/workflow/engine/workflow-tasks.repository.ts`,',
    '`inboxSql`): one `UNION ALL` branch per relation the caller\'s roles can be waited on in (a finance officer only',
    '`commissioning_bureau`; department users `evaluated_department` and `item_owner`; …), each reading the open tasks of that',
    'relation through the partial index `workflow_tasks_open_relation_idx (relation, evaluation_id) WHERE closed_at IS NULL`',
    'with the task\'s evaluation and department joined once, the relation\'s condition from `RELATION_SQL` (jurisdiction as',
    '`d.region_id = ANY(…)` of the caller\'s region ids, so an auditor\'s branch reads only its departments\' tasks) and the',
    'evaluation list\'s permission filter; then one row per record, the running deadline joined from `deadlines`, the count,',
    'and the first page in the inbox order.',
    '',
    `Generated on the embedded test PostgreSQL (${version}), on data made by bulk SQL for the demo organisations, with every task made by the`,
    'runner\'s own sync:',
    '',
    '| rows | count |',
    '| --- | ---: |',
    ...Object.entries(counts).map(([name, count]) => `| ${name} | ${count.toLocaleString('en-US')} |`),
    '',
    'Page 1 (20 rows) for each caller; the timings are of the second run (a warm cache, as on a running server):',
    '',
    '| caller | tasks in the inbox (total) | planning | execution |',
    '| --- | ---: | ---: | ---: |',
    ...plans.map((p) => `| ${p.username} | ${p.total.toLocaleString('en-US')} | ${p.planningMs.toFixed(1)} ms | ${p.executionMs.toFixed(1)} ms |`),
    '',
    'The cost is the number of tasks the caller has (every one is counted and ranked before the page is cut, so page 1 is',
    'the most urgent of all), not the size of the table: a caller with few tasks reads few rows whatever the number of',
    'evaluations. Regenerate with `bash scripts/inbox-query-plan.sh`.',
    '',
  ];
  for (const [p, [, who]] of plans.map((p, i) => [p, USERS[i]] as const)) {
    out.push(`## ${p.username}: ${who}`, '', '```', ...p.lines, '```', '');
  }
  out.push('## The query (for finance.officer)', '', '```sql', plans[0].sql.text.replace(/\n\s*\n/g, '\n'), '```', '');
  writeFileSync(path.join(__dirname, '../../docs/inbox-query-plan.md'), out.join('\n'));
}
