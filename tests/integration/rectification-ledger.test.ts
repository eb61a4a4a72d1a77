import { Workbook } from 'exceljs';
import type { LedgerPageDto } from '@evalflow/domain';
import { createTestApp, type TestApp } from '../support/test-app';
import { api, keyEvaluationInRectification, lookupIds, type Ids } from '../support/evaluation-steps';
import { downloadBytes } from '../support/files';

/*
 * 整改台账 (issue 13): four items of one evaluation worked to different ends — verified at once, returned then
 * verified, partly rectified then carried over, and one left open past its plan deadline — then the ledger's lines,
 * figures and charts are checked against counts made in SQL here, its export parsed back, and its scope per reader.
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
let evaluationId: string;
let items: string[];
const userId = new Map<string, string>();

const item = async (id: string) => (await api(t, 'finance.officer', 'get', `/rectification-items/${id}`)).body;
async function fireItem(username: string, id: string, action: string, comment?: string) {
  const response = await api(t, username, 'post', `/rectification-items/${id}/transitions`, { action, expectedVersion: (await item(id)).version, ...(comment ? { comment } : {}) });
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
async function plan(id: string, fields: Record<string, unknown>) {
  const response = await api(t, 'dept.staff', 'patch', `/rectification-items/${id}`, { expectedVersion: (await item(id)).version, ...fields });
  if (response.status !== 200) throw new Error(`plan: ${response.status} ${JSON.stringify(response.body)}`);
}
async function workToVerification(id: string, progress: string) {
  await plan(id, { measures: '修订制度并按季度通报执行情况', responsibleUnit: '财务科', ownerUserId: userId.get('dept.staff'), dueOn: '2099-06-30', evidenceNote: '修订后的制度及印发通知' });
  await fireItem('dept.staff', id, 'submit_plan');
  await fireItem('dept.staff', id, 'report_progress', progress);
  await fireItem('dept.staff', id, 'submit_for_verification');
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  const [organisation] = await t.db.query(
    `INSERT INTO organisations (name, kind, credit_code, region_id) SELECT '浏阳市审计局', 'audit_office', '11430181TEST00001X', id FROM regions WHERE code = '430181' RETURNING id`,
  );
  await t.db.query(
    `INSERT INTO users (username, display_name, password_hash, organisation_id, roles) SELECT 'liuyang.auditor', '浏阳审计', password_hash, $1, '{auditor}' FROM users WHERE username = 'dept.staff'`,
    [organisation.id],
  );
  for (const row of await t.db.query(`SELECT id, username FROM users`)) userId.set(row.username, row.id);
  ({ id: evaluationId, items } = await keyEvaluationInRectification(t, ids, 4));
  const [verified, returned, partly, open] = items;
  await workToVerification(verified, '已修订预算编制办法');
  await fireItem('auditor', verified, 'verify');
  await workToVerification(returned, '已整改');
  await fireItem('auditor', returned, 'return', '佐证材料不足，请补充会议纪要');
  await fireItem('dept.staff', returned, 'report_progress', '已补充党组会议纪要');
  await fireItem('dept.staff', returned, 'submit_for_verification');
  await fireItem('finance.officer', returned, 'verify');
  await workToVerification(partly, '已修订资产管理制度');
  await fireItem('auditor', partly, 'verify_partly', '制度已修订，资产清查尚未完成');
  await fireItem('finance.officer', partly, 'carry_over', '资产清查跨年度，结转下年度评价跟踪');
  // The open item's plan deadline has passed (time moves on in the database: the deadline is what the ledger reads).
  await t.db.query(
    `UPDATE deadlines SET due_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 3, status = 'active' WHERE subject_type = 'rectification_item' AND subject_id = $1 AND key = 'rectification_plan'`,
    [open],
  );
});
afterAll(async () => t?.close());

describe('the ledger of one evaluation', () => {
  it('lists every item with the hand-kept columns and the status words', async () => {
    const response = await api(t, 'auditor', 'get', `/rectification-ledger?evaluationId=${evaluationId}`);
    expect(response.status).toBe(200);
    const byId = new Map(response.body.items.map((row: { id: string }) => [row.id, row]));
    const [verified, returned, partly, open] = items.map((id) => byId.get(id) as Record<string, unknown>);
    expect(verified).toMatchObject({ status: 'rectified', statusLabel: '已整改', measures: '修订制度并按季度通报执行情况', responsibleUnit: '财务科', owner: '张敏', dueOn: '2099-06-30', progress: '已修订预算编制办法', verification: '核查通过', overdue: false });
    expect(verified.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(returned).toMatchObject({ status: 'rectified', progress: '已补充党组会议纪要', verification: '核查通过' });
    expect(partly).toMatchObject({ status: 'carried_over', statusLabel: '已结转', verification: '制度已修订，资产清查尚未完成', closedOn: null });
    expect(open).toMatchObject({ status: 'not_started', statusLabel: '未整改', measures: null, responsibleUnit: '长沙市人民政府办公厅', overdue: true, closedOn: null });
  });

  it('counts its figures as SQL does', async () => {
    const { figures } = (await api(t, 'auditor', 'get', `/rectification-ledger?evaluationId=${evaluationId}`)).body;
    const [counted] = await t.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ri.state = 'verified')::int AS closed,
         count(*) FILTER (WHERE ri.state IN ('verified', 'carried_over') OR coalesce(ri.due_on, dl.due_on) <= (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS due,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deadlines o WHERE o.subject_type = 'rectification_item' AND o.subject_id = ri.id AND o.status = 'active' AND o.due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date))::int AS overdue
       FROM rectification_items ri LEFT JOIN deadlines dl ON dl.subject_type = 'rectification_item' AND dl.subject_id = ri.id AND dl.key = 'rectification_plan'
       WHERE ri.evaluation_id = $1`,
      [evaluationId],
    );
    // Two closed; due: all four — the two closed, the carried-over one (its period is over, though its date is 2099)
    // and the open one past its plan date.
    expect(counted).toEqual({ total: 4, closed: 2, due: 4, overdue: 1 });
    expect(figures).toMatchObject({ ...counted, completionRate: 50, averageDaysToClose: 0 });
    expect(Object.fromEntries(figures.byStatus.map((s: { status: string; count: number }) => [s.status, s.count]))).toEqual({
      not_started: 1,
      in_progress: 0,
      partly_rectified: 0,
      rectified: 2,
      carried_over: 1,
    });
  });

  it('filters by status and overdue, and pages', async () => {
    const rectified = (await api(t, 'auditor', 'get', `/rectification-ledger?evaluationId=${evaluationId}&status=rectified`)).body;
    expect(rectified.items.map((row: { id: string }) => row.id).sort()).toEqual([items[0], items[1]].sort());
    expect(rectified.figures).toMatchObject({ total: 2, closed: 2, completionRate: 100 });
    const overdue = (await api(t, 'auditor', 'get', `/rectification-ledger?evaluationId=${evaluationId}&overdue=true`)).body;
    expect(overdue.items.map((row: { id: string }) => row.id)).toEqual([items[3]]);
    const page = (await api(t, 'auditor', 'get', `/rectification-ledger?evaluationId=${evaluationId}&pageSize=3&page=2`)).body;
    expect([page.items.length, page.total]).toEqual([1, 4]);
  });

  it('refuses a bad filter with the field', async () => {
    const response = await api(t, 'auditor', 'get', `/rectification-ledger?status=closed&fiscalYear=1999`);
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['fiscalYear', 'status']);
  });

  it('draws the charts from the same lines', async () => {
    const charts = (await api(t, 'auditor', 'get', `/rectification-ledger/charts?evaluationId=${evaluationId}`)).body;
    expect(charts.byDepartment).toEqual([
      {
        department: { id: ids.department, name: '长沙市人民政府办公厅' },
        counts: [
          { status: 'not_started', count: 1 },
          { status: 'in_progress', count: 0 },
          { status: 'partly_rectified', count: 0 },
          { status: 'rectified', count: 2 },
          { status: 'carried_over', count: 1 },
        ],
        total: 4,
      },
    ]);
    expect(charts.byYear).toEqual([{ fiscalYear: 2025, due: 4, closed: 2, completionRate: 50 }]);
  });

  it('exports 整改台账.xlsx that parses back with the same rows and figures', async () => {
    const page = (await api(t, 'auditor', 'get', `/rectification-ledger?evaluationId=${evaluationId}`)).body;
    const download = await downloadBytes(t, 'auditor', `/rectification-ledger/export.xlsx?evaluationId=${evaluationId}`);
    expect(download.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(download.body as never);
    const sheet = workbook.getWorksheet('整改台账')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '年度', '评价项目', '被评价部门', '问题', '问题类别', '整改措施', '责任单位', '责任人', '整改时限', '整改进展', '状态', '佐证材料', '核查意见', '销号日期', '是否逾期']);
    const lines: Record<string, unknown>[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) lines.push(Object.fromEntries(header.map((label, index) => [label, row.getCell(index + 1).value ?? ''])));
    });
    // Every column of every line, against the ledger page of the same filter.
    const rows = (page as LedgerPageDto).items;
    expect(lines.map(({ 佐证材料: _evidence, ...line }) => line)).toEqual(
      rows.map((row, index) => ({
        序号: index + 1,
        年度: row.evaluation.fiscalYear,
        评价项目: row.evaluation.title,
        被评价部门: row.department.name,
        问题: `${row.finding.seq}. ${row.finding.title}`,
        问题类别: row.category ?? '',
        整改措施: row.measures ?? '',
        责任单位: row.responsibleUnit,
        责任人: row.owner ?? '',
        整改时限: row.dueOn ?? '',
        整改进展: row.progress ?? '',
        状态: row.statusLabel,
        核查意见: row.verification ?? '',
        销号日期: row.closedOn ?? '',
        是否逾期: row.overdue ? '是' : '否',
      })),
    );
    lines.forEach((line, index) => {
      const { evidenceNote, evidenceFiles } = rows[index];
      if (evidenceNote) expect(line['佐证材料']).toContain(evidenceNote);
      if (evidenceFiles) expect(line['佐证材料']).toContain(`文件 ${evidenceFiles} 个`);
      if (!evidenceNote && !evidenceFiles) expect(line['佐证材料']).toBe('');
    });
    const summary = workbook.getWorksheet('汇总')!;
    const figures = new Map<string, unknown>();
    summary.eachRow((row, number) => number > 1 && figures.set(String(row.getCell(1).value), row.getCell(2).value));
    const shown = (page as LedgerPageDto).figures;
    expect(Object.fromEntries(figures)).toEqual({
      整改事项总数: shown.total,
      已到整改时限: shown.due,
      已销号: shown.closed,
      '整改完成率（%）': shown.completionRate,
      逾期未完成: shown.overdue,
      '平均销号用时（天）': shown.averageDaysToClose ?? '—',
      ...Object.fromEntries(shown.byStatus.map((status) => [`状态：${status.label}`, status.count])),
    });
    expect(Object.fromEntries(figures)).toMatchObject({ 整改事项总数: 4, 已到整改时限: 4, 已销号: 2, '整改完成率（%）': 50, 逾期未完成: 1, '平均销号用时（天）': 0, '状态：已结转': 1 });
  });
});

describe('the department’s plan', () => {
  it('refuses a 整改时限 past the rectification period the commission set', async () => {
    const { items: [id] } = await keyEvaluationInRectification(t, ids, 1);
    const before = await item(id);
    const late = await api(t, 'dept.staff', 'patch', `/rectification-items/${id}`, { expectedVersion: before.version, dueOn: '2100-01-15' });
    expect(late.status).toBe(422);
    expect(late.body.details).toEqual([{ path: 'dueOn', message: '整改时限不能晚于整改期限 2099-12-31' }]);
    expect(await item(id)).toEqual(before);
  });
});

describe('who reads which lines', () => {
  it.each([
    ['auditor', 4],
    ['finance.officer', 4],
    ['finance.admin', 4],
    ['dept.staff', 4],
    ['dept.head', 4],
    ['eval.lead', 4],
    ['evaluator', 4],
    ['liuyang.staff', 0],
    ['liuyang.auditor', 0],
    ['liuyang.officer', 0],
  ])('%s reads %i of the evaluation’s items', async (username, count) => {
    const response = await api(t, username, 'get', `/rectification-ledger?evaluationId=${evaluationId}`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(count);
    expect(response.body.items).toHaveLength(count);
    const charts = (await api(t, username, 'get', `/rectification-ledger/charts?evaluationId=${evaluationId}`)).body;
    expect(charts.byDepartment.reduce((sum: number, d: { total: number }) => sum + d.total, 0)).toBe(count);
  });

  it('answers 401 without a session', async () => {
    expect((await t.http.get('/api/rectification-ledger')).status).toBe(401);
  });
});
