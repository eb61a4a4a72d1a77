import { Workbook } from 'exceljs';
import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';
import { downloadBytes, replaceZipEntries, uploadBytes } from '../support/files';

/*
 * Issue 16: one upload must not take the service down. Each hostile workbook is made here and uploaded through the
 * real routes; each test asserts the 422 naming the sheet or part and the limit, that the answer came within a bound,
 * that /api/health kept answering 200 while the upload was in progress, and that nothing was written.
 *
 * Before the fix: the 100,000-row budget workbook kept the event loop busy for over ten minutes (health timed out) and
 * the 57 KB zip bomb was accepted with 201; a framework workbook of any length was read row by row on the event loop.
 */
jest.setTimeout(180_000);

/** A bound, not a benchmark: the refusals take about a second; the old code took minutes. */
const ANSWER_WITHIN_MS = 15_000;

let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(async () => t?.close());

interface Observed {
  response: Awaited<ReturnType<typeof uploadBytes>>;
  elapsedMs: number;
  /** Health answers received before the upload's answer. */
  healthDuring: number[];
}

/** Fires the upload, polls /api/health until it is answered, and reports both. */
async function uploadWhilePollingHealth(username: string, path: string, buffer: Buffer, filename: string): Promise<Observed> {
  const token = await t.token(username); // signed in first, so the clock measures the upload only
  expect(token).toBeTruthy();
  const started = Date.now();
  let answered = false;
  const healthDuring: number[] = [];
  const upload = uploadBytes(t, username, path, buffer, filename).then((response) => {
    answered = true;
    return response;
  });
  const polling = (async () => {
    while (!answered) {
      const health = await t.http.get('/api/health').timeout(5000);
      if (!answered) healthDuring.push(health.status);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const response = await upload;
  const elapsedMs = Date.now() - started;
  await polling;
  return { response, elapsedMs, healthDuring };
}

function expectServiceStayedUp(observed: Observed, options: { healthPolls: 'at least one' | 'any' }) {
  expect(observed.elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);
  if (options.healthPolls === 'at least one') expect(observed.healthDuring.length).toBeGreaterThan(0);
  expect(observed.healthDuring.every((status) => status === 200)).toBe(true);
}

/** A key evaluation in self-evaluation: the department may import budget data. */
async function evaluationInSelfEvaluation(): Promise<string> {
  const { id } = await createKeyEvaluation(t, ids);
  for (const [username, action] of [
    ['finance.officer', 'commission'],
    ['dept.staff', 'start_self_evaluation'],
  ] as const) {
    const response = await fire(t, username, id, action);
    if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return id;
}

const frameworkCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM framework_versions`))[0].n);

/** The downloaded budget template (seed 000's figures as its example) with its first `rows` project lines replaced. */
async function budgetWorkbookWithProjects(rows: number): Promise<Buffer> {
  const template = new Workbook();
  await template.xlsx.load((await downloadBytes(t, 'dept.staff', '/budget-data/template.xlsx')).body as ArrayBuffer);
  const projects = template.getWorksheet('项目')!;
  // A name and a spent figure per row: the whole 100,000-row sheet stays under the unpacked-size limit, so it is the
  // row limit that refuses it (a sheet with every column filled is refused earlier, by its unpacked size).
  // Columns by their header, as the import finds them (the template's layout may gain columns).
  let spentColumn = 0;
  projects.getRow(1).eachCell((cell, column) => {
    if (cell.value === '支出') spentColumn = column;
  });
  if (!spentColumn) throw new Error('the template has no 支出 column on 项目');
  for (let row = 2; row <= rows + 1; row++) {
    const line = projects.getRow(row);
    line.getCell(1).value = `项目${row - 1}`;
    line.getCell(spentColumn).value = 12.5;
  }
  return Buffer.from(await template.xlsx.writeBuffer());
}

const FRAMEWORK_HEADER = ['一级指标', '二级指标', '三级指标', '编码', '分值', '评价要点', '评分标准', '年度指标值', '计分方式', '目标值', '单位', '指标绑定', '方向', '扣分标准', '计算公式'];

/** The framework layout (sheet 指标体系): one level-1 node with `nodes` level-3 nodes under one level-2 node. */
async function frameworkWorkbookWithNodes(nodes: number): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('指标体系');
  sheet.addRow(FRAMEWORK_HEADER);
  sheet.addRow(['产出', null, null, '1', 100]);
  sheet.addRow([null, '数量', null, '1.1', 100]);
  for (let n = 1; n <= nodes; n++) sheet.addRow([null, null, `指标${n}`, `1.1.${n}`, 0.01, '要点', '标准']);
  const info = workbook.addWorksheet('框架信息');
  info.addRow(['项目', '内容']);
  info.addRow(['名称', '超长的指标体系']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A small valid framework workbook whose shared strings are replaced by 40 MB of one repeated string (~60 KB zipped). */
async function zipBomb(): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('指标体系');
  sheet.addRow(FRAMEWORK_HEADER);
  sheet.addRow(['产出', null, null, '1', 100]);
  const filler = '<si><t>' + 'A'.repeat(1000) + '</t></si>';
  const strings = Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${filler.repeat(40 * 1024)}</sst>`);
  return replaceZipEntries(Buffer.from(await workbook.xlsx.writeBuffer()), { 'xl/sharedStrings.xml': strings });
}

describe('budget data import', () => {
  it('a 100,000-row workbook → 422 naming the sheet and the row limit, within seconds, health up, nothing written', async () => {
    const id = await evaluationInSelfEvaluation();
    const before = (await api(t, 'dept.staff', 'get', `/evaluations/${id}/budget-data`)).body;
    const workbook = await budgetWorkbookWithProjects(100_000);
    expect(workbook.length).toBeLessThan(5 * 1024 * 1024); // under the upload limit: multer accepts it

    const observed = await uploadWhilePollingHealth('dept.staff', `/evaluations/${id}/budget-data/import`, workbook, '预算数据.xlsx');
    expect(observed.response.status).toBe(422);
    expect(observed.response.body.message).toBe('工作表“项目”有 100001 行，超过上限 5000 行，请删除多余的行或分成几个工作簿导入');
    expect(observed.response.body.details).toEqual([{ path: '项目', message: expect.stringContaining('超过上限 5000 行') }]);
    expectServiceStayedUp(observed, { healthPolls: 'at least one' });
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${id}/budget-data`)).body).toEqual(before);
  });

  it('a zip bomb (40 MB of shared strings in a small file) → 422 naming the part and the limit, nothing written', async () => {
    const id = await evaluationInSelfEvaluation();
    const bomb = await zipBomb();
    expect(bomb.length).toBeLessThan(200 * 1024);
    const observed = await uploadWhilePollingHealth('dept.staff', `/evaluations/${id}/budget-data/import`, bomb, '预算数据.xlsx');
    expect(observed.response.status).toBe(422);
    expect(observed.response.body.message).toContain('“xl/sharedStrings.xml”超过上限 20 MB');
    expect(observed.response.body.details).toEqual([{ path: 'file', message: expect.stringContaining('超过上限 20 MB') }]);
    expectServiceStayedUp(observed, { healthPolls: 'any' });
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${id}/budget-data`)).body).toMatchObject({ data: null, version: 0 });
  });

  it('a normal workbook still imports', async () => {
    const id = await evaluationInSelfEvaluation();
    const workbook = await budgetWorkbookWithProjects(3);
    const response = await uploadBytes(t, 'dept.staff', `/evaluations/${id}/budget-data/import`, workbook, '预算数据.xlsx');
    expect(response.status).toBe(201);
    expect(response.body.data.projects.slice(0, 3)).toEqual([
      expect.objectContaining({ name: '项目1', spent: '12.5' }),
      expect.objectContaining({ name: '项目2', spent: '12.5' }),
      expect.objectContaining({ name: '项目3', spent: '12.5' }),
    ]);
  });
});

describe('framework import', () => {
  it('a workbook with too many rows → 422 naming the sheet and the row limit, within seconds, health up, no draft', async () => {
    const drafts = await frameworkCount();
    const observed = await uploadWhilePollingHealth('finance.admin', '/frameworks/import', await frameworkWorkbookWithNodes(6000), '超长的指标体系.xlsx');
    expect(observed.response.status).toBe(422);
    expect(observed.response.body.message).toBe('工作表“指标体系”有 6003 行，超过上限 5000 行，请删除多余的行或分成几个工作簿导入');
    expect(observed.response.body.details).toEqual([{ path: '指标体系', message: expect.stringContaining('超过上限 5000 行') }]);
    expectServiceStayedUp(observed, { healthPolls: 'at least one' });
    expect(await frameworkCount()).toBe(drafts);
  });

  it('a zip bomb → 422 naming the part and the limit, no draft', async () => {
    const drafts = await frameworkCount();
    const observed = await uploadWhilePollingHealth('finance.admin', '/frameworks/import', await zipBomb(), '指标体系.xlsx');
    expect(observed.response.status).toBe(422);
    expect(observed.response.body.message).toContain('“xl/sharedStrings.xml”超过上限 20 MB');
    expectServiceStayedUp(observed, { healthPolls: 'any' });
    expect(await frameworkCount()).toBe(drafts);
  });

  it('a framework at the row limit still imports', async () => {
    const response = await uploadBytes(t, 'finance.admin', '/frameworks/import', await frameworkWorkbookWithNodes(4997), '长指标体系.xlsx');
    expect(response.status).toBe(201);
    expect(response.body.nodes).toHaveLength(4999);
  });
});
