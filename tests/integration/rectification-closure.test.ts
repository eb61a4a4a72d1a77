import type { FindingChainDto, PriorYearItemDto, ReportModel } from '@evalflow/domain';
import { EvaluationRepository } from '../../apps/api/src/modules/evaluations/evaluation.repository';
import { buildReportModel } from '../../apps/api/src/modules/reports/report-model.builder';
import { uploadBytes } from '../support/files';
import { createTestApp, type TestApp } from '../support/test-app';
import { api, keyEvaluationInFieldwork, keyEvaluationInRectification, lookupIds, stageDeadlines, type Ids } from '../support/evaluation-steps';

/*
 * Rectification to closure and the prior-year follow-up (issue 13), through the API: an evaluation's items are
 * verified at first, returned then verified, partly rectified then carried over; next year's evaluation of the same
 * department lists the carried-over item, the team assesses it as not rectified, and it becomes a finding linked to
 * the old one with the framework's deduction; the chain returns both years. Then the authorisation table of the
 * new routes: every demo role and the outsiders, own department / other department / outside the jurisdiction.
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
const userId = new Map<string, string>();
let lastYear: { id: string; items: string[] };
let thisYear: string;
const PLAN_DAYS = 20;
const beijingDay = async (offset: number): Promise<string> =>
  (await t.db.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date + $1::int, 'YYYY-MM-DD') AS day`, [offset]))[0].day;
const planDeadline = async (id: string) =>
  (await t.db.query(`SELECT to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM deadlines WHERE subject_type = 'rectification_item' AND subject_id = $1 AND key = 'rectification_plan'`, [id]))[0]?.dueOn;

const item = async (id: string) => (await api(t, 'finance.officer', 'get', `/rectification-items/${id}`)).body;
async function fireItem(username: string, id: string, action: string, comment?: string) {
  const response = await api(t, username, 'post', `/rectification-items/${id}/transitions`, { action, expectedVersion: (await item(id)).version, ...(comment ? { comment } : {}) });
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
async function workToVerification(id: string) {
  const planned = await api(t, 'dept.staff', 'patch', `/rectification-items/${id}`, {
    expectedVersion: (await item(id)).version,
    measures: '修订预算调整管理办法，调整事项报财政审批',
    responsibleUnit: '财务科',
    ownerUserId: userId.get('dept.staff'),
    dueOn: '2099-06-30',
    evidenceNote: '修订后的办法及印发通知',
  });
  if (planned.status !== 200) throw new Error(`plan: ${planned.status} ${JSON.stringify(planned.body)}`);
  await fireItem('dept.staff', id, 'submit_plan');
  await fireItem('dept.staff', id, 'report_progress', '已修订办法并印发');
  await fireItem('dept.staff', id, 'submit_for_verification');
}

beforeAll(async () => {
  // Not the default 30: the plan deadline below must come from the setting.
  t = await createTestApp({ env: { RECTIFICATION_PLAN_DAYS: String(PLAN_DAYS) } });
  ids = await lookupIds(t);
  const [organisation] = await t.db.query(
    `INSERT INTO organisations (name, kind, credit_code, region_id) SELECT '浏阳市审计局', 'audit_office', '11430181TEST00001X', id FROM regions WHERE code = '430181' RETURNING id`,
  );
  await t.db.query(
    `INSERT INTO users (username, display_name, password_hash, organisation_id, roles) SELECT 'liuyang.auditor', '浏阳审计', password_hash, $1, '{auditor}' FROM users WHERE username = 'dept.staff'`,
    [organisation.id],
  );
  for (const row of await t.db.query(`SELECT id, username FROM users`)) userId.set(row.username, row.id);

  lastYear = await keyEvaluationInRectification(t, ids, 3);
  const [verified, returned, partly] = lastYear.items;
  await workToVerification(verified);
  await fireItem('auditor', verified, 'verify');
  await workToVerification(returned);
  await fireItem('auditor', returned, 'return', '未见调整事项的审批文件');
  await fireItem('dept.staff', returned, 'report_progress', '已补充财政局批复文件');
  await fireItem('dept.staff', returned, 'submit_for_verification');
  await fireItem('auditor', returned, 'verify');
  await workToVerification(partly);
  await fireItem('auditor', partly, 'verify_partly', '办法已修订，但年中仍有两笔调整未报批');
  await fireItem('finance.officer', partly, 'carry_over', '结转下年度评价跟踪');
  // Every item closed or carried over: the evaluation closes.
  const closing = await api(t, 'finance.officer', 'post', `/evaluations/${lastYear.id}/transitions`, {
    action: 'close',
    expectedVersion: (await api(t, 'finance.officer', 'get', `/evaluations/${lastYear.id}`)).body.version,
  });
  expect(closing.status).toBe(200);

  thisYear = await keyEvaluationInFieldwork(t, ids, { fiscalYear: 2026, title: '2026年度长沙市人民政府办公厅部门整体支出绩效评价' });
});
afterAll(async () => t?.close());

describe('an item to closure, and what the verifier saw', () => {
  it('keeps each item’s story: verified at once, returned then verified, partly rectified then carried over', async () => {
    const states = await Promise.all(lastYear.items.map(async (id) => (await item(id)).state));
    expect(states).toEqual(['verified', 'verified', 'carried_over']);
    const returned = await api(t, 'auditor', 'get', `/rectification-items/${lastYear.items[1]}/history`);
    expect(returned.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'submit_plan',
      'report_progress',
      'submit_for_verification',
      'return',
      'report_progress',
      'submit_for_verification',
      'verify',
    ]);
    const partly = await api(t, 'auditor', 'get', `/rectification-items/${lastYear.items[2]}/history`);
    expect(partly.body.items.slice(-2).map((entry: { action: string; comment: string }) => [entry.action, entry.comment])).toEqual([
      ['verify_partly', '办法已修订，但年中仍有两笔调整未报批'],
      ['carry_over', '结转下年度评价跟踪'],
    ]);
  });
});

describe('a closed evaluation keeps its items closed', () => {
  it('refuses the auditor’s reopen of a verified item once the evaluation is 已办结, and writes nothing', async () => {
    const [verified] = lastYear.items;
    const before = await item(verified);
    // The page shows why before anyone tries.
    const actions = (await api(t, 'auditor', 'get', `/rectification-items/${verified}/actions`)).body.actions;
    expect(actions.map((a: { action: string; allowed: boolean; blockedBy: { id: string }[] }) => [a.action, a.allowed, a.blockedBy.map((g) => g.id)])).toEqual([
      ['reopen', false, ['evaluation_open']],
    ]);
    const response = await api(t, 'auditor', 'post', `/rectification-items/${verified}/transitions`, {
      action: 'reopen',
      expectedVersion: before.version,
      comment: '复查发现问题重现',
    });
    expect(response.status).toBe(422);
    expect(response.body.message).toContain('评价已办结，不能重新打开整改事项');
    expect(response.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['evaluation_open']);
    expect(await item(verified)).toMatchObject({ state: 'verified', version: before.version });
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${lastYear.id}`)).body.state).toBe('closed');
  });
});

describe('the plan deadline (整改措施报送期限)', () => {
  it('is the commission’s rectification deadline while that is ahead', async () => {
    expect(await Promise.all(lastYear.items.map(planDeadline))).toEqual(['2099-12-31', '2099-12-31', '2099-12-31']);
  });

  it('is RECTIFICATION_PLAN_DAYS days from the approval when the commission’s deadline has already passed', async () => {
    // Approved late: every stage deadline, the rectification period too, lies in the past. A later fiscal year, so
    // the open item stays out of the prior-year list below.
    const late = await keyEvaluationInRectification(t, ids, 1, {
      fiscalYear: 2026,
      deadlines: { ...stageDeadlines({ commentPeriodPassed: true }), final_review: '2026-07-20', rectification: '2026-08-31' },
    });
    expect(await planDeadline(late.items[0])).toBe(await beijingDay(PLAN_DAYS));
    // A period already over bounds no 整改时限 either: the department may plan beyond it.
    const planned = await api(t, 'dept.staff', 'patch', `/rectification-items/${late.items[0]}`, { expectedVersion: (await item(late.items[0])).version, dueOn: await beijingDay(45) });
    expect([planned.status, planned.body.dueOn]).toEqual([200, await beijingDay(45)]);
  });
});

describe('部分整改: what remains gets a new date, past the commission’s period', () => {
  const dueDeadline = async (id: string) =>
    (await t.db.query(`SELECT to_char(due_on, 'YYYY-MM-DD') AS "dueOn", status FROM deadlines WHERE subject_type = 'rectification_item' AND subject_id = $1 AND key = 'rectification_due'`, [id]))[0];
  const setDue = async (id: string, dueOn: string) =>
    api(t, 'dept.staff', 'patch', `/rectification-items/${id}`, { expectedVersion: (await item(id)).version, dueOn });

  it('partly rectified → a new 整改时限 after the period → progress → verified', async () => {
    const evaluation = await keyEvaluationInRectification(t, ids, 1);
    const [id] = evaluation.items;
    // The bureau's rectification period ends in 3 days.
    const periodEnd = await beijingDay(3);
    const period = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluation.id}`)).body.deadlines.find((d: { key: string }) => d.key === 'rectification');
    const moved = await api(t, 'finance.officer', 'put', `/evaluations/${evaluation.id}/deadlines/rectification`, { setting: periodEnd, expectedVersion: period.version });
    expect(moved.status).toBe(200);

    const later = await beijingDay(40);
    const tooLate = await setDue(id, later);
    expect([tooLate.status, tooLate.body.details]).toEqual([422, [{ path: 'dueOn', message: `整改时限不能晚于整改期限 ${periodEnd}` }]]);
    const planned = await api(t, 'dept.staff', 'patch', `/rectification-items/${id}`, {
      expectedVersion: (await item(id)).version,
      measures: '修订预算调整管理办法',
      ownerUserId: userId.get('dept.staff'),
      dueOn: await beijingDay(2),
      evidenceNote: '修订后的办法',
    });
    expect(planned.status).toBe(200);
    await fireItem('dept.staff', id, 'submit_plan');
    await fireItem('dept.staff', id, 'report_progress', '已修订办法');
    await fireItem('dept.staff', id, 'submit_for_verification');
    await fireItem('auditor', id, 'verify_partly', '已完成：办法已修订；尚余：两笔调整未补办审批');

    // What remains: after today, and past the period if need be; the running due deadline moves to it.
    const today = await setDue(id, await beijingDay(0));
    expect([today.status, today.body.details]).toEqual([422, [{ path: 'dueOn', message: '部分整改后的新整改时限须晚于今天' }]]);
    const newDate = await setDue(id, later);
    expect([newDate.status, newDate.body.dueOn]).toEqual([200, later]);
    expect(await dueDeadline(id)).toEqual({ dueOn: later, status: 'active' });

    await fireItem('dept.staff', id, 'report_progress', '已完成：两笔调整已补办审批');
    await fireItem('dept.staff', id, 'submit_for_verification');
    await fireItem('auditor', id, 'verify');
    expect(await item(id)).toMatchObject({ state: 'verified', dueOn: later });
    expect((await dueDeadline(id)).status).toBe('done');
  });
});

describe('next year: 上年度问题整改情况', () => {
  it('lists the carried-over item only, and the department does not see the assessment before the draft', async () => {
    const listed = await api(t, 'eval.lead', 'get', `/evaluations/${thisYear}/prior-year-items`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      item: { id: lastYear.items[2], state: 'carried_over', stateLabel: '结转下年度' },
      evaluation: { id: lastYear.id, fiscalYear: 2025 },
      followup: null,
    });
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${thisYear}/prior-year-items`)).status).toBe(403);
  });

  it('turns a not-rectified item into a finding linked to the old one, with the framework’s deduction, exactly once', async () => {
    const refused = await api(t, 'dept.head', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, { assessment: 'rectified', note: '已整改' });
    expect(refused.status).toBe(403);
    const bad = await api(t, 'eval.lead', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, { assessment: 'fixed', note: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['assessment', 'note']);
    const notPrior = await api(t, 'eval.lead', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[0]}`, { assessment: 'not_rectified', note: '未整改' });
    expect(notPrior.status).toBe(404);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM findings WHERE evaluation_id = $1`, [thisYear])).toEqual([{ n: 0 }]);

    const assessed = await api(t, 'evaluator', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, {
      assessment: 'not_rectified',
      note: '抽查2026年预算调整凭证，仍有3笔调整未报财政审批',
    });
    expect(assessed.status).toBe(200);
    expect(assessed.body.followup).toMatchObject({ assessment: { id: 'not_rectified', zh: '未整改' }, assessedBy: '陈静', version: 1, finding: { seq: 1 } });
    const findings = (await api(t, 'eval.lead', 'get', `/evaluations/${thisYear}/findings`)).body.items;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      originItemId: lastYear.items[2],
      indicatorCode: '2.2.5',
      deduction: 0.5,
      title: expect.stringContaining('上年度问题未整改：'),
      description: expect.stringContaining('抽查2026年预算调整凭证'),
    });
    // Assessed again (a sharper note): the assessment moves on, the finding stays one.
    const again = await api(t, 'evaluator', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, {
      assessment: 'partly_rectified',
      note: '3笔调整中1笔已补办审批',
      expectedVersion: 1,
    });
    expect([again.status, again.body.followup.version]).toEqual([200, 2]);
    const stale = await api(t, 'evaluator', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, { assessment: 'not_rectified', note: '再次核查', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    const backToRectified = await api(t, 'evaluator', 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, { assessment: 'rectified', note: '已整改', expectedVersion: 2 });
    expect(backToRectified.status).toBe(409);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM findings WHERE evaluation_id = $1`, [thisYear])).toEqual([{ n: 1 }]);
  });

  it('shows the chain across both years from either end', async () => {
    const [finding] = (await api(t, 'eval.lead', 'get', `/evaluations/${thisYear}/findings`)).body.items;
    const oldFinding = (await item(lastYear.items[2])).finding.id;
    for (const start of [finding.id, oldFinding]) {
      const chain = await api(t, 'auditor', 'get', `/findings/${start}/chain`);
      expect(chain.status).toBe(200);
      expect((chain.body as FindingChainDto).links.map((link) => [link.evaluation.fiscalYear, link.finding.id, link.item?.state ?? null, link.assessment?.id ?? null, link.readable])).toEqual([
        [2025, oldFinding, 'carried_over', null, true],
        [2026, finding.id, null, 'partly_rectified', true],
      ]);
    }
  });
});

describe('the assessment’s evidence files (佐证材料)', () => {
  it('are the team’s to upload while it records findings, read like the prior-year list', async () => {
    const followup = (await api(t, 'eval.lead', 'get', `/evaluations/${thisYear}/prior-year-items`)).body.items[0].followup;
    const path = `/attachments?subjectType=prior_year_followup&subjectId=${followup.id}`;
    const uploaded = await uploadBytes(t, 'evaluator', path, Buffer.from('2026年预算调整凭证抽查记录\n'), '抽查记录.txt');
    expect([uploaded.status, uploaded.body.items.map((file: { subjectType: string; fileName: string }) => [file.subjectType, file.fileName])]).toEqual([201, [['prior_year_followup', '抽查记录.txt']]]);
    // Not the team's: the bureau, an auditor, the department (which does not see the assessment before the draft).
    expect((await uploadBytes(t, 'finance.officer', path, Buffer.from('x\n'), 'x.txt')).status).toBe(403);
    expect((await uploadBytes(t, 'auditor', path, Buffer.from('x\n'), 'x.txt')).status).toBe(403);
    expect((await uploadBytes(t, 'dept.head', path, Buffer.from('x\n'), 'x.txt')).status).toBe(403);
    expect((await uploadBytes(t, 'liuyang.auditor', path, Buffer.from('x\n'), 'x.txt')).status).toBe(404);
    expect((await uploadBytes(t, 'evaluator', `/attachments?subjectType=prior_year_followup&subjectId=${lastYear.id}`, Buffer.from('x\n'), 'x.txt')).status).toBe(404);

    const reads = await Promise.all(['eval.lead', 'finance.officer', 'auditor', 'dept.staff', 'liuyang.auditor'].map(async (username) => {
      const response = await api(t, username, 'get', path);
      return [username, response.status, response.body.items?.map((file: { fileName: string }) => file.fileName) ?? null];
    }));
    expect(reads).toEqual([
      ['eval.lead', 200, ['抽查记录.txt']],
      ['finance.officer', 200, ['抽查记录.txt']],
      ['auditor', 200, ['抽查记录.txt']],
      ['dept.staff', 403, null],
      ['liuyang.auditor', 404, null],
    ]);
    expect(await t.db.query(`SELECT evaluation_id AS "evaluationId" FROM attachments WHERE subject_type = 'prior_year_followup'`)).toEqual([{ evaluationId: thisYear }]);
  });
});

describe('the report’s 上年度问题整改情况 section', () => {
  // The model the draft and the final report print, built as an issue builds it (report-model.builder.ts).
  const reportModelOf = async (id: string): Promise<ReportModel> => buildReportModel(t.db, (await t.app.get(EvaluationRepository).findById(id))!);
  const listedRows = async (id: string, model: ReportModel) =>
    ((await api(t, 'eval.lead', 'get', `/evaluations/${id}/prior-year-items`)).body.items as PriorYearItemDto[]).map((row) => ({
      fiscalYear: row.evaluation.fiscalYear,
      findingTitle: row.finding.title,
      measures: row.item.measures,
      assessment: row.followup?.assessment.zh ?? null,
      note: row.followup?.note ?? null,
      newFindingNumber: model.findings.find((f) => f.seq === row.followup?.finding?.seq)?.number ?? null,
    }));

  it('prints the rows of the prior-year list, with the assessment and the number of the finding the item became', async () => {
    const model = await reportModelOf(thisYear);
    expect(model.priorYear).toEqual(await listedRows(thisYear, model));
    expect(model.priorYear).toEqual([
      expect.objectContaining({ fiscalYear: 2025, assessment: '部分整改', note: '3笔调整中1笔已补办审批', newFindingNumber: 1 }),
    ]);
  });

  it('leaves out, as the list does, an item a later evaluation already followed up', async () => {
    const nextYear = await keyEvaluationInFieldwork(t, ids, { fiscalYear: 2027, title: '2027年度长沙市人民政府办公厅部门整体支出绩效评价' });
    const model = await reportModelOf(nextYear);
    const rows = await listedRows(nextYear, model);
    expect(model.priorYear).toEqual(rows);
    // 2026 followed up last year's carried-over item (its finding carries it on): 2027 does not list it again.
    expect(rows.map((row) => row.findingTitle)).not.toContain((await item(lastYear.items[2])).finding.title);
  });
});

/*
 * The authorisation table of the routes. Who stands where, from the demo data: dept.* is the evaluated
 * department, liuyang.* another department's and bureau's people below 长沙, liuyang.auditor an auditor outside the
 * jurisdiction, the firm's eval.lead/evaluator are assigned to both evaluations.
 */
const ALL_USERS = ['admin', 'finance.admin', 'finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'dept.staff', 'auditor', 'liuyang.staff', 'liuyang.officer', 'liuyang.auditor'];
const READERS = ['admin', 'finance.admin', 'finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'dept.staff', 'auditor'];

describe('who may use the routes', () => {
  it.each(ALL_USERS)('%s: the prior-year list (team and bureau and auditors; the department after the draft; others 404)', async (username) => {
    const response = await api(t, username, 'get', `/evaluations/${thisYear}/prior-year-items`);
    const expected = !READERS.includes(username) ? 404 : username.startsWith('dept.') ? 403 : 200;
    expect(response.status).toBe(expected);
  });

  it.each(ALL_USERS)('%s: assessing an item (the assigned team only; nothing written otherwise)', async (username) => {
    const before = await t.db.query(`SELECT id, assessment, note, version FROM prior_year_followups ORDER BY id`);
    const current = (await api(t, 'eval.lead', 'get', `/evaluations/${thisYear}/prior-year-items`)).body.items[0].followup;
    const response = await api(t, username, 'put', `/evaluations/${thisYear}/prior-year-items/${lastYear.items[2]}`, {
      assessment: 'not_rectified',
      note: `由${username}核查`,
      expectedVersion: current.version,
    });
    const expected = ['eval.lead', 'evaluator'].includes(username) ? 200 : READERS.includes(username) ? 403 : 404;
    expect(response.status).toBe(expected);
    if (expected !== 200) expect(await t.db.query(`SELECT id, assessment, note, version FROM prior_year_followups ORDER BY id`)).toEqual(before);
  });

  it.each(ALL_USERS)('%s: the chain (anyone who reads the finding’s evaluation; the department from the draft on)', async (username) => {
    const [finding] = (await api(t, 'eval.lead', 'get', `/evaluations/${thisYear}/findings`)).body.items;
    const response = await api(t, username, 'get', `/findings/${finding.id}/chain`);
    // This year's evaluation is in fieldwork: its findings are not the department's to read yet.
    expect(response.status).toBe(!READERS.includes(username) ? 404 : username.startsWith('dept.') ? 403 : 200);
    // Last year's finding (approved) is: its chain shows this year's link without its text.
    if (username.startsWith('dept.')) {
      const oldFinding = (await item(lastYear.items[2])).finding.id;
      const links = (await api(t, username, 'get', `/findings/${oldFinding}/chain`)).body.links as FindingChainDto['links'];
      expect(links.map((link) => [link.evaluation.fiscalYear, link.readable, link.finding.title === ''])).toEqual([
        [2025, true, false],
        [2026, false, true],
      ]);
    }
  });

  it.each(ALL_USERS)('%s: the ledger lines of last year’s evaluation (what each may read, never an error)', async (username) => {
    const response = await api(t, username, 'get', `/rectification-ledger?evaluationId=${lastYear.id}`);
    expect([response.status, response.body.total]).toEqual([200, READERS.includes(username) ? 3 : 0]);
  });
});
