import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/bootstrap';
import { WorkflowTimers } from '../../apps/api/src/modules/workflow/workflow-timers.service';
import { NO_OBJECTION_TEXT } from '../../apps/api/src/modules/workflow/engine/workflow-effects.repository';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { PUBLIC_OPERATIONS } from '../support/public-routes';
import { api, fire, keyEvaluationInFieldwork, lookupIds, scoreAll, stageDeadlines, type Ids } from '../support/evaluation-steps';

/*
 * Issue 12 §4–§6 (part G): the comment period closes itself, exactly once with two app instances (two workers) on
 * one database and queue; 文号 series under 50 concurrent approvals; publication and the public pages.
 */
jest.setTimeout(240_000);

let t: TestApp;
let second: INestApplication;
let ids: Ids;

/** A second process on the same database and queue (same QUEUE_PREFIX): its own processors and timer sweep. */
async function anotherInstance(): Promise<INestApplication> {
  const app = await createApp(t.config);
  await app.init();
  return app;
}

beforeAll(async () => {
  // The sweep's own interval is long: the suite sweeps when it means to (and at start, as every process does).
  t = await createTestApp({ env: { WORKFLOW_TIMERS: 'on', WORKFLOW_TIMER_SWEEP_MS: '3600000' } });
  second = await anotherInstance();
  ids = await lookupIds(t);
});

afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function step(username: string, id: string, action: string, extra: { comment?: string } = {}) {
  const response = await fire(t, username, id, action, extra);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** A key evaluation issued for comment with three findings, its comment period still ahead; the department answered the first. */
async function draftForComment(): Promise<{ id: string; findings: { id: string; version: number }[] }> {
  const id = await keyEvaluationInFieldwork(t, ids, { deadlines: stageDeadlines({ commentPeriodPassed: false }) });
  await scoreAll(t, id, 'eval.lead');
  for (let n = 1; n <= 3; n++) {
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, { title: `问题${n}：资金使用不规范`, description: '部分支出缺少依据', causeAnalysis: '内控制度执行不到位', recommendation: '完善内控，规范支出' });
    expect(created.status).toBe(201);
  }
  await step('eval.lead', id, 'submit_draft');
  await step('finance.officer', id, 'issue_draft_for_comment');
  const findings = (await api(t, 'dept.head', 'get', `/evaluations/${id}/findings`)).body.items as { id: string; version: number }[];
  const answered = await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${findings[0].id}/answer`, { answer: 'disputed', text: '该支出有会议纪要为据', expectedVersion: findings[0].version });
  expect(answered.status).toBe(200);
  return { id, findings };
}

/** The comment period's day lies in the past now (as if the calendar had moved on). */
async function letCommentPeriodPass(id: string): Promise<void> {
  await t.db.query(`UPDATE deadlines SET due_on = DATE '2026-07-10' WHERE subject_type = 'evaluation' AND subject_id = $1 AND key = 'comment_period'`, [id]);
}

async function stateOf(id: string): Promise<string> {
  return (await t.db.query(`SELECT state FROM evaluations WHERE id = $1`, [id]))[0].state;
}

async function systemEntries(id: string) {
  return t.db.query(
    `SELECT action, from_state, to_state, actor_id, actor_name, actor_roles, organisation_id FROM workflow_history WHERE aggregate_type = 'evaluation' AND aggregate_id = $1 AND action = 'close_comment_period'`,
    [id],
  );
}

describe('the comment period closes itself (§4)', () => {
  it('moves to adjudication once, unanswered findings 无异议, one history entry by the system — two instances sweeping at once', async () => {
    const { id, findings } = await draftForComment();
    const timers = [t.app.get(WorkflowTimers), second.get(WorkflowTimers)];
    // Not passed yet: nothing is due.
    expect(await Promise.all(timers.map((timer) => timer.sweep()))).toEqual([0, 0]);
    expect(await stateOf(id)).toBe('draft_for_comment');

    await letCommentPeriodPass(id);
    const found = await Promise.all([...timers, ...timers].map((timer) => timer.sweep()));
    expect(found.every((n) => n <= 1)).toBe(true);
    await eventually(async () => (await stateOf(id)) === 'adjudication');
    // Whatever else is still queued or retried finds the state moved.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const entries = await systemEntries(id);
    expect(entries).toHaveLength(1);
    const commissioning = (await t.db.query(`SELECT commissioning_organisation_id AS id FROM evaluations WHERE id = $1`, [id]))[0].id;
    expect(entries[0]).toMatchObject({ from_state: 'draft_for_comment', to_state: 'adjudication', actor_id: null, actor_name: '系统', actor_roles: ['system'], organisation_id: commissioning });

    const rows = await t.db.query(`SELECT id, answer, answer_text, answered_by FROM findings WHERE evaluation_id = $1 ORDER BY seq`, [id]);
    expect(rows[0]).toMatchObject({ id: findings[0].id, answer: 'disputed', answer_text: '该支出有会议纪要为据' });
    expect(rows[0].answered_by).not.toBeNull();
    for (const row of rows.slice(1)) expect(row).toMatchObject({ answer: 'accepted', answer_text: NO_OBJECTION_TEXT, answered_by: null });
    expect((await t.db.query(`SELECT status FROM deadlines WHERE subject_id = $1 AND key = 'comment_period'`, [id]))[0].status).toBe('done');

    // The history as the API tells it: the system, not a person.
    const history = await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`);
    expect(history.status).toBe(200);
    const entry = history.body.items.find((e: { action: string }) => e.action === 'close_comment_period');
    expect(entry.actor).toEqual({ id: null, displayName: '系统', roles: ['system'] });
    expect(entry.actionLabel.zh).toContain('征求意见期满');

    // Sweeping again finds nothing; the team adjudicates as usual.
    expect(await Promise.all(timers.map((timer) => timer.sweep()))).toEqual([0, 0]);
  });

  it('two workers running the same timer job at once: one fires, the other does nothing', async () => {
    const { id } = await draftForComment();
    await letCommentPeriodPass(id);
    const deadline = (await t.db.query(`SELECT id, version FROM deadlines WHERE subject_id = $1 AND key = 'comment_period'`, [id]))[0];
    const outcomes = await Promise.all([t.app.get(WorkflowTimers), second.get(WorkflowTimers)].map((timer) => timer.run({ deadlineId: deadline.id, version: deadline.version })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['fired', 'skipped']);
    expect(await stateOf(id)).toBe('adjudication');
    expect(await systemEntries(id)).toHaveLength(1);
    // A retry after the fact: nothing.
    expect((await t.app.get(WorkflowTimers).run({ deadlineId: deadline.id, version: deadline.version })).outcome).toBe('skipped');
  });

  it('a deadline that passed while no process ran is caught by the next process to start', async () => {
    const { id } = await draftForComment();
    await letCommentPeriodPass(id);
    const restarted = await anotherInstance();
    try {
      await eventually(async () => (await stateOf(id)) === 'adjudication');
      expect(await systemEntries(id)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it('no person may fire the timer action, nor is it offered; the lead still closes early when every finding is answered', async () => {
    const { id, findings } = await draftForComment();
    const actions = await api(t, 'eval.lead', 'get', `/evaluations/${id}/actions`);
    expect(actions.body.actions.map((a: { action: string }) => a.action)).not.toContain('close_comment_period');
    for (const username of ['eval.lead', 'finance.admin', 'finance.officer', 'dept.head', 'admin']) {
      const refused = await fire(t, username, id, 'close_comment_period');
      expect([403, 404]).toContain(refused.status);
      if (refused.status === 403) expect(refused.body.details.refusal).toBe('system_only');
    }
    expect(await stateOf(id)).toBe('draft_for_comment');
    for (const finding of findings.slice(1)) {
      const current = (await api(t, 'dept.head', 'get', `/evaluations/${id}/findings`)).body.items.find((f: { id: string }) => f.id === finding.id);
      expect((await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'accepted', expectedVersion: current.version })).status).toBe(200);
    }
    await step('eval.lead', id, 'start_adjudication');
    expect(await systemEntries(id)).toHaveLength(0);
  });

  it('the timer does not fire before the day is over', async () => {
    const { id } = await draftForComment();
    const today = (await t.db.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d`))[0].d;
    await t.db.query(`UPDATE deadlines SET due_on = $2::date WHERE subject_id = $1 AND key = 'comment_period'`, [id, today]);
    expect(await t.app.get(WorkflowTimers).sweep()).toBe(0);
    const deadline = (await t.db.query(`SELECT id, version FROM deadlines WHERE subject_id = $1 AND key = 'comment_period'`, [id]))[0];
    expect(await t.app.get(WorkflowTimers).run({ deadlineId: deadline.id, version: deadline.version })).toEqual({ outcome: 'skipped', reason: 'the deadline has not passed' });
    expect(await stateOf(id)).toBe('draft_for_comment');
  });
});

/** A key evaluation of the 长沙市财政局 taken to final review (no findings, no typed number): ready for approval. */
async function inFinalReview(): Promise<string> {
  const id = await keyEvaluationInFieldwork(t, ids, { deadlines: stageDeadlines({ commentPeriodPassed: false }) });
  expect((await scoreAll(t, id, 'eval.lead')).status).toBe(200);
  await step('eval.lead', id, 'submit_draft');
  await step('finance.officer', id, 'issue_draft_for_comment');
  await step('eval.lead', id, 'start_adjudication');
  await step('eval.lead', id, 'submit_final_report');
  return id;
}

/** Runs `work` over `items` with at most `width` at a time. */
async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return results;
}

const PATTERN = '长财绩评〔{year}〕{n}号';
let approved: string[] = [];

describe('文号 series (§5)', () => {
  it('the bureau’s section head sets the pattern; officers read it; others may not; bad patterns name the field', async () => {
    const initial = await api(t, 'finance.admin', 'get', '/report-numbering');
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ pattern: null, version: 0, example: null, years: [], canEdit: true });
    expect((await api(t, 'finance.officer', 'get', '/report-numbering')).body.canEdit).toBe(false);
    for (const username of ['dept.staff', 'eval.lead']) expect((await api(t, username, 'get', '/report-numbering')).status).toBe(403);
    // The system administrator (of the bureau's organisation) may look, never set.
    const byAdmin = await api(t, 'admin', 'get', '/report-numbering');
    expect([200, 403]).toContain(byAdmin.status);
    if (byAdmin.status === 200) expect(byAdmin.body.canEdit).toBe(false);
    for (const username of ['finance.officer', 'dept.head', 'admin']) {
      expect((await api(t, username, 'put', '/report-numbering', { pattern: PATTERN, expectedVersion: 0 })).status).toBe(403);
    }
    for (const pattern of ['长财绩评〔{year}〕号', '{n}{n}', '长财{dept}{n}号', '']) {
      const refused = await api(t, 'finance.admin', 'put', '/report-numbering', { pattern, expectedVersion: 0 });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((d: { path: string }) => d.path)).toContain('pattern');
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM report_number_patterns`))[0].n).toBe(0);
    const set = await api(t, 'finance.admin', 'put', '/report-numbering', { pattern: PATTERN, expectedVersion: 0 });
    expect(set.status).toBe(200);
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(set.body).toMatchObject({ pattern: PATTERN, version: 1, example: `长财绩评〔${year}〕1号` });
    expect((await api(t, 'finance.admin', 'put', '/report-numbering', { pattern: '长财绩〔{year}〕{n}号', expectedVersion: 0 })).status).toBe(409);
  });

  it('50 concurrent final approvals of the same issuer and year get 50 distinct consecutive numbers', async () => {
    approved = await inBatches(Array.from({ length: 50 }, (_, n) => n), 10, () => inFinalReview());
    const responses = await Promise.all(approved.map((id) => fire(t, 'finance.admin', id, 'approve_final_report')));
    expect(responses.map((r) => r.status)).toEqual(approved.map(() => 200));
    const rows = await t.db.query(`SELECT e.id, e.report_number AS number, a.value FROM evaluations e JOIN report_number_assignments a ON a.evaluation_id = e.id WHERE e.id = ANY($1)`, [approved]);
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(rows.map((r: { value: number }) => r.value).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
    for (const row of rows) expect(row.number).toBe(`长财绩评〔${year}〕${row.value}号`);
    expect(new Set(rows.map((r: { number: string }) => r.number)).size).toBe(50);
    // What each approval kept (its history snapshot, the report model) is what it approved: its number included.
    const kept = await t.db.query(
      `SELECT h.aggregate_id AS id, h.snapshot -> 'evaluation' ->> 'reportNumber' AS number FROM workflow_history h
       WHERE h.aggregate_id = ANY($1) AND h.action = 'approve_final_report'`,
      [approved],
    );
    expect(new Map(kept.map((r: { id: string; number: string }) => [r.id, r.number]))).toEqual(new Map(rows.map((r: { id: string; number: string }) => [r.id, r.number])));
    const numbering = await api(t, 'finance.officer', 'get', '/report-numbering');
    expect(numbering.body.years).toEqual([{ year, lastValue: 50, lastNumber: `长财绩评〔${year}〕50号` }]);
    expect(numbering.body.example).toBe(`长财绩评〔${year}〕51号`);
  }, 600_000);

  it('a typed number stays and takes no number of the series; numbers issued are never changed or deleted', async () => {
    const id = await inFinalReview();
    const version = (await t.db.query(`SELECT version FROM evaluations WHERE id = $1`, [id]))[0].version;
    expect((await api(t, 'finance.admin', 'put', `/evaluations/${id}/report-number`, { reportNumber: '长财绩评〔2026〕手写1号', expectedVersion: version })).status).toBe(200);
    await step('finance.admin', id, 'approve_final_report');
    expect((await t.db.query(`SELECT report_number FROM evaluations WHERE id = $1`, [id]))[0].report_number).toBe('长财绩评〔2026〕手写1号');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM report_number_assignments WHERE evaluation_id = $1`, [id]))[0].n).toBe(0);
    expect((await t.db.query(`SELECT max(last_value) AS v FROM report_number_sequences`))[0].v).toBe(50);
    await expect(t.db.query(`DELETE FROM report_number_assignments WHERE evaluation_id = $1`, [approved[0]])).rejects.toThrow(/never changed or reused/);
    await expect(t.db.query(`UPDATE report_number_assignments SET value = 99 WHERE evaluation_id = $1`, [approved[0]])).rejects.toThrow(/never changed or reused/);
  });

  it('a refused approval takes no number: the next one is consecutive', async () => {
    const id = await inFinalReview();
    // A score removed after submission: all_indicators_scored fails, nothing is written.
    await t.db.query(`UPDATE evaluation_indicator_entries SET score = NULL WHERE evaluation_id = $1 AND code = (SELECT min(code) FROM evaluation_indicator_entries WHERE evaluation_id = $1)`, [id]);
    expect((await fire(t, 'finance.admin', id, 'approve_final_report')).status).toBe(422);
    const other = await inFinalReview();
    await step('finance.admin', other, 'approve_final_report');
    expect((await t.db.query(`SELECT value FROM report_number_assignments WHERE evaluation_id = $1`, [other]))[0].value).toBe(51);
  });
});

describe('publication (§6)', () => {
  it('the commissioning bureau’s section head publishes an approved final report; nobody else; in the history', async () => {
    const id = approved[0];
    const anonymous = await t.http.get(`/api/public/reports/${id}`);
    expect(anonymous.status).toBe(404);
    const before = await api(t, 'finance.admin', 'get', `/evaluations/${id}/publication`);
    expect(before.body).toMatchObject({ status: 'unpublished', version: 0, approved: true, canPublish: true, publicPath: null });
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${id}/publication`)).body.canPublish).toBe(false);
    for (const username of ['finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'auditor', 'admin']) {
      const refused = await api(t, username, 'post', `/evaluations/${id}/publication`, { expectedVersion: 0 });
      expect([403, 404]).toContain(refused.status);
    }
    const notApproved = await inFinalReview();
    expect((await api(t, 'finance.admin', 'post', `/evaluations/${notApproved}/publication`, { expectedVersion: 0 })).status).toBe(422);

    const published = await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication`, { expectedVersion: 0 });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: 1, publicPath: `/public/reports/${id}`, publishedBy: { displayName: expect.any(String) } });
    expect((await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication`, { expectedVersion: 1 })).status).toBe(409);
    const history = (await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`)).body.items;
    const entry = history.find((e: { action: string }) => e.action === 'publish_report');
    expect(entry).toMatchObject({ from: 'published', to: 'published', actionLabel: { zh: '向社会公开评价报告' } });
    expect((await t.db.query(`SELECT state FROM evaluations WHERE id = $1`, [id]))[0].state).toBe('published');
  });

  it('anyone reads it without signing in: list by year, region and department, the score table; the PDF when made', async () => {
    const id = approved[0];
    const list = await t.http.get('/api/public/reports');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    const [summary] = list.body.items;
    expect(summary).toMatchObject({ fiscalYear: 2025, department: { id: ids.department }, grade: 'excellent', gradeLabel: '优秀', pdfAvailable: false });
    expect(summary.total).toBeGreaterThan(90);
    expect(summary.conclusion).toContain('优秀');
    expect(list.body.facets.years).toEqual([2025]);
    expect((await t.http.get('/api/public/reports?year=2024')).body.items).toEqual([]);
    expect((await t.http.get(`/api/public/reports?departmentId=${ids.department}`)).body.total).toBe(1);
    const region = summary.region.id;
    const parent = (await t.db.query(`SELECT parent_id FROM regions WHERE id = $1`, [region]))[0].parent_id;
    expect((await t.http.get(`/api/public/reports?regionId=${parent ?? region}`)).body.total).toBe(1);
    expect((await t.http.get('/api/public/reports?year=abc')).status).toBe(400);

    const detail = await t.http.get(`/api/public/reports/${id}`);
    expect(detail.status).toBe(200);
    const leaves = detail.body.scoreTable.filter((row: { level: number }) => row.level === 3);
    expect(leaves.length).toBeGreaterThan(5);
    expect(leaves[0]).toMatchObject({ deduction: 1, reason: '未提供部分记账凭证，扣1分' });
    expect(detail.body.total).toBe(summary.total);
    // No PDF made yet (the final document renders in its job): 404 with the reason, never 401.
    const pdf = await t.http.get(`/api/public/reports/${id}/pdf`);
    expect(pdf.status).toBe(404);
  });

  it('withdrawing needs a reason, is in the history, and the report is 404 to the public again; it may be republished', async () => {
    const id = approved[0];
    expect((await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication/withdraw`, { reason: ' ', expectedVersion: 1 })).status).toBe(400);
    expect((await api(t, 'finance.officer', 'post', `/evaluations/${id}/publication/withdraw`, { reason: '数据有误', expectedVersion: 1 })).status).toBe(403);
    const withdrawn = await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication/withdraw`, { reason: '部分数据需要更正', expectedVersion: 1 });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnReason: '部分数据需要更正', version: 2, publicPath: null });
    const entry = (await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`)).body.items.find((e: { action: string }) => e.action === 'withdraw_publication');
    expect(entry).toMatchObject({ comment: '部分数据需要更正', actionLabel: { zh: '撤回公开的评价报告' } });
    expect((await t.http.get(`/api/public/reports/${id}`)).status).toBe(404);
    expect((await t.http.get(`/api/public/reports/${id}/pdf`)).status).toBe(404);
    expect((await t.http.get('/api/public/reports')).body.total).toBe(0);
    expect((await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication/withdraw`, { reason: '再撤一次', expectedVersion: 2 })).status).toBe(409);
    const again = await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication`, { expectedVersion: 2 });
    expect(again.body).toMatchObject({ status: 'published', version: 3, withdrawnReason: null });
    expect((await t.http.get(`/api/public/reports/${id}`)).status).toBe(200);
  });
});

describe('the final report’s PDF (§3)', () => {
  it('is made in the final document’s render job, CJK fonts embedded, and the public downloads it once published', async () => {
    // The suites run with REPORT_PDF=off (a Chromium per approval is costly); this one approval makes its PDF.
    t.config.REPORT_PDF = 'auto';
    try {
      const id = await inFinalReview();
      await step('finance.admin', id, 'approve_final_report');
      expect((await api(t, 'finance.admin', 'post', `/evaluations/${id}/publication`, { expectedVersion: 0 })).status).toBe(200);
      await eventually(async () => (await t.http.get(`/api/public/reports/${id}`)).body.pdfAvailable === true, 180_000);
      const pdf = await t.http.get(`/api/public/reports/${id}/pdf`).responseType('blob');
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      expect(pdf.headers['content-disposition']).toContain('attachment');
      const bytes = pdf.body as Buffer;
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const row = (await t.db.query(`SELECT pdf_sha256 FROM report_documents WHERE evaluation_id = $1 AND kind = 'final' AND status = 'ready'`, [id]))[0];
      expect(row.pdf_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const pdffonts = ['/usr/bin/pdffonts', '/usr/local/bin/pdffonts'].find((p) => existsSync(p));
      if (pdffonts) {
        const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'public-pdf-')), 'report.pdf');
        writeFileSync(file, bytes);
        const fonts = execFileSync(pdffonts, [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
        for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
        expect(fonts.some((line) => /WenQuanYi|Noto|CJK|Han|Sim|Hei|Song/i.test(line))).toBe(true);
      }
    } finally {
      t.config.REPORT_PDF = 'off';
    }
  }, 300_000);
});

describe('anonymous requests (the authorisation matrix without a token)', () => {
  it('every route of the OpenAPI document but the declared public ones answers 401 without a token', async () => {
    const document = (await t.http.get('/api/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const wrong: string[] = [];
    const someId = '00000000-0000-4000-8000-000000000000';
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        const key = `${method.toUpperCase()} ${path}`;
        const concrete = path.replace(/\{[^}]+\}/g, someId);
        const call = (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method](concrete);
        const response = method === 'get' || method === 'delete' ? await call : await call.send({});
        checked += 1;
        if (PUBLIC_OPERATIONS.has(key)) {
          // The refresh's credential is the refresh token itself: without one it is 401 by design.
          if (response.status === 401 && key !== 'POST /api/auth/refresh') wrong.push(`${key}: public, answered 401`);
        } else if (response.status !== 401) wrong.push(`${key}: ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    // A published report is readable without a token; an unknown one is 404, never 401.
    expect((await t.http.get(`/api/public/reports/${approved[0]}`)).status).toBe(200);
    expect((await t.http.get(`/api/public/reports/${someId}`)).status).toBe(404);
  });
});
