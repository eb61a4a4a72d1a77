import { Workbook } from 'exceljs';
import { REFERENCE_BUDGET_DATA, type FrameworkNode } from '@evalflow/domain';
import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';
import { downloadBytes, uploadBytes } from '../support/files';

/*
 * Issue 14 through the API: the catalogue's new fields and metrics, the formula (口径) chosen by the region's thresholds
 * and by the framework version, shown on every result, proposal and export; the Excel round trip of every new field;
 * refusals with the path. The worked example's figures are derived by hand in libs/domain metric-catalog.spec.ts.
 */
jest.setTimeout(180_000);

const example = REFERENCE_BUDGET_DATA.catalogueExample as Record<string, unknown>;

let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(async () => t?.close());

async function step(username: string, id: string, action: string) {
  const response = await fire(t, username, id, action);
  if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
}

async function inFieldwork(overrides: Record<string, unknown> = {}): Promise<string> {
  const { id } = await createKeyEvaluation(t, ids, overrides);
  await step('finance.officer', id, 'commission');
  await step('dept.staff', id, 'start_self_evaluation');
  expect((await fillSelfEvaluation(t, id)).status).toBe(200);
  await step('dept.head', id, 'submit_self_evaluation');
  await step('finance.officer', id, 'accept_self_evaluation');
  return id;
}

async function putData(id: string, data: unknown) {
  const version = (await api(t, 'evaluator', 'get', `/evaluations/${id}/budget-data`)).body.version;
  return api(t, 'evaluator', 'put', `/evaluations/${id}/budget-data`, { expectedVersion: version, data });
}

type Metric = { key: string; subject: string | null; text: string; variant: string; variantZh: string; variantSource: string; formula: string };
const metricOf = (body: { analysis: { metrics: Metric[] } }, key: string, subject: string | null = null) => body.analysis.metrics.find((m) => m.key === key && m.subject === subject);

async function loadWorkbook(buffer: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

async function download(path: string): Promise<Buffer> {
  const response = await downloadBytes(t, 'evaluator', path);
  expect(response.status).toBe(200);
  return response.body as Buffer;
}

const upload = (path: string, buffer: Buffer) => uploadBytes(t, 'evaluator', path, buffer, 'budget.xlsx');

describe('the worked example: every new field in, every new metric out', () => {
  let id: string;
  beforeAll(async () => {
    id = await inFieldwork();
    const saved = await putData(id, example);
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ total: { carriedIn: '120.00', carryOver: '170.00' }, threePublicTotal: { lastYearBudget: '16.00' }, work: { planned: 40 } });
  });

  it('computes the new metrics, each naming its formula', async () => {
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`);
    expect(metricOf(body, 'execution_rate')).toMatchObject({ text: '92.59%', variant: 'allotted', variantSource: 'default', formula: '全年支出 ÷ 全年指标下达数 × 100%' });
    expect(
      Object.fromEntries(
        [
          ['carry_over_change_rate', null],
          ['key_spending_ratio', null],
          ['fixed_asset_utilization', null],
          ['three_public_budget_change_vs_last_year', '合计'],
          ['income_change', '合计'],
          ['period_spending_share', 'Q4'],
          ['payment_schedule_rate', 'Q3'],
          ['staff_adjustment_rate', null],
          ['cost_saving_rate', null],
        ].map(([key, subject]) => [key, metricOf(body, key!, subject)?.text]),
      ),
    ).toEqual({
      carry_over_change_rate: '41.67%',
      key_spending_ratio: '57.14%',
      fixed_asset_utilization: '90.24%',
      three_public_budget_change_vs_last_year: '-25.00%',
      income_change: '4.76%',
      period_spending_share: '35.00%',
      payment_schedule_rate: '92.86%',
      staff_adjustment_rate: '8.00%',
      cost_saving_rate: '5.00%',
    });
    expect(body.analysis.skipped).toEqual([]);
    expect(body.analysis.alternatives.find((m: Metric) => m.key === 'execution_rate')).toMatchObject({ variant: 'funds_available', text: '85.83%' });
    expect(body.analysis.reported.every((r: { status: string }) => r.status === 'match')).toBe(true);
  });

  it('a region’s threshold for the funds-available formula switches the metric, and the proposal quotes the formula', async () => {
    const [changsha] = await t.db.query(`SELECT id FROM regions WHERE code = '430100'`);
    const current = (await api(t, 'finance.officer', 'get', `/budget-thresholds?regionId=${changsha.id}`)).body;
    const thresholds = [{ metric: 'execution_rate', comparator: 'gte', percent: '90.00', variant: 'funds_available', basis: '按可支配资金计算不低于90%' }];
    const bad = await api(t, 'finance.officer', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: [{ ...thresholds[0], variant: 'by_magic' }], expectedVersion: current.own?.version ?? 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ path: 'thresholds.0.variant', message: expect.stringContaining('可选：allotted（按全年指标下达数）') })]);
    const saved = await api(t, 'finance.officer', 'put', `/budget-thresholds/${changsha.id}`, { thresholds, expectedVersion: current.own?.version ?? 0 });
    expect(saved.status).toBe(200);

    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`);
    expect(metricOf(body, 'execution_rate')).toMatchObject({ text: '85.83%', variant: 'funds_available', variantSource: 'region' });
    expect(body.analysis.variants.find((v: { metric: string }) => v.metric === 'execution_rate')).toMatchObject({ variant: 'funds_available', source: 'region' });
    const proposal = body.proposals.find((p: { metric: string; status: string }) => p.metric === 'execution_rate' && p.status === 'proposed');
    expect(proposal.description).toContain('预算完成率为85.83%（1,030.00 ÷ 1,200.00），低于标准值90.00%。计算公式（口径：按可支配资金）');
    expect(proposal.figures).toMatchObject({ variant: 'funds_available', variantZh: '按可支配资金', formula: expect.stringContaining('可支配资金') });

    // The export's sheet 指标 shows the formula each figure used.
    const exported = await loadWorkbook(await download(`/evaluations/${id}/budget-data/export.xlsx`));
    const results = exported.getWorksheet('指标')!;
    const row = [...Array(results.rowCount).keys()].map((i) => results.getRow(i + 1).values as unknown[]).find((v) => v[1] === 'execution_rate')!;
    expect(row.slice(1)).toEqual(['execution_rate', '预算完成率', '整体', '按可支配资金', expect.stringContaining('可支配资金'), '1,030.00 ÷ 1,200.00', '85.83%']);

    // Back to the default standards (no formula named) so the other evaluations of the region are measured as before.
    const restored = await api(t, 'finance.officer', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: current.defaults, expectedVersion: saved.body.own.version });
    expect(restored.status).toBe(200);
    expect(metricOf((await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`)).body, 'execution_rate')).toMatchObject({ text: '92.59%', variant: 'allotted' });
  });

  it('refuses a reported figure naming a formula the metric does not have, with the path', async () => {
    const refused = await putData(id, { ...example, reported: [{ metric: 'execution_rate', variant: 'by_magic', value: '1%' }] });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([expect.objectContaining({ path: 'data.reported.0.variant' })]);
    const period = await putData(id, { ...example, periods: [{ period: 'Q1' }] });
    expect(period.status).toBe(422);
    expect(period.body.details).toEqual([{ path: 'data.periods.0.spent', message: '至少填写累计数或当期数中的一项' }]);
  });
});

describe('a framework version picks the formula of its metric-bound indicator', () => {
  it('2.1.1 预算完成率 bound to the funds-available formula measures the evaluation by it, whatever the region sets', async () => {
    const [builtIn] = await t.db.query(`SELECT id FROM framework_versions WHERE code = 'department-whole-common' AND built_in ORDER BY version DESC LIMIT 1`);
    const draft = (await api(t, 'finance.admin', 'post', '/frameworks/drafts', { fromVersionId: builtIn.id })).body;
    const nodes = (draft.nodes as FrameworkNode[]).map((n) =>
      n.code === '2.1.1' ? { ...n, scoring: { kind: 'metric', metric: 'execution_rate', variant: 'funds_available', direction: 'higher', targetHundredths: 10000 } } : n,
    );
    const wrong = nodes.map((n) => (n.code === '2.1.1' ? { ...n, scoring: { ...(n.scoring as object), variant: 'by_magic' } } : n));
    const refused = await api(t, 'finance.admin', 'put', `/frameworks/${draft.id}`, { name: draft.name, scope: draft.scope, declaredLevel1Weights: draft.declaredLevel1Weights, nodes: wrong, expectedRevision: draft.revision });
    expect(refused.body.problems).toEqual([expect.stringContaining('预算完成率没有“by_magic”口径')]);
    const saved = await api(t, 'finance.admin', 'put', `/frameworks/${draft.id}`, { name: draft.name, scope: draft.scope, declaredLevel1Weights: draft.declaredLevel1Weights, nodes, expectedRevision: refused.body.revision });
    expect(saved.body.problems).toEqual([]);
    const published = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: saved.body.revision });
    expect(published.status).toBe(201);

    const id = await inFieldwork({ frameworkVersionId: published.body.id });
    expect((await putData(id, example)).status).toBe(200);
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`);
    expect(metricOf(body, 'execution_rate')).toMatchObject({ text: '85.83%', variant: 'funds_available', variantSource: 'framework' });
    // The default thresholds ask ≥ 90%: 85.83% by the framework's formula is proposed, quoting it.
    const proposal = body.proposals.find((p: { metric: string }) => p.metric === 'execution_rate');
    expect(proposal).toMatchObject({ indicatorCode: '2.1.1', figures: { variant: 'funds_available' } });
  });
});

describe('Excel: template → fill the new fields → import → export → import', () => {
  it('round-trips every new field exactly', async () => {
    const id = await inFieldwork();
    const template = await loadWorkbook(await download('/budget-data/template.xlsx'));
    expect(template.worksheets.map((s) => s.name)).toEqual(['总体', '项目', '分期', '三公', '收入', '采购', '人员', '资产', '履职', '资金到位', '对账', '报告数']);
    const ws = (name: string) => template.getWorksheet(name)!;
    // Fill: the opening and closing carry-over of the whole, a key project, a quarter by its own figures, 三公 totals,
    // income, fixed assets, work counts, funding, and a figure reported under another name with its formula.
    ws('总体').getCell('B5').value = 120;
    ws('总体').getCell('H5').value = 170;
    ws('项目').getCell('B2').value = '是';
    ws('分期').getCell('D2').value = 3892.08; // Q1 当期指标下达数 (its cumulative is the same)
    ws('分期').getCell('F2').value = 1600; // Q1 计划累计支出
    ws('三公').getCell('D5').value = 240; // 合计 上年预算数
    ws('收入').getCell('B2').value = 6000;
    ws('收入').getCell('C2').value = 5800.5;
    ws('资产').getCell('B5').value = 140.18;
    ws('资产').getCell('B6').value = 126.5;
    ws('履职').getCell('B2').value = 40;
    ws('履职').getCell('B3').value = 38;
    ws('资金到位').getCell('B6').value = 280;
    ws('资金到位').getCell('B7').value = 266.004321;
    const reportedRow = ws('报告数').rowCount + 1;
    ws('报告数').getCell(`B${reportedRow}`).value = '预算控制率';
    ws('报告数').getCell(`E${reportedRow}`).value = '18.61%';

    const first = await upload(`/evaluations/${id}/budget-data/import`, Buffer.from(await template.xlsx.writeBuffer()));
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      total: { carriedIn: '120', carryOver: '170' },
      projects: expect.arrayContaining([expect.objectContaining({ keyProject: true })]),
      periods: expect.arrayContaining([expect.objectContaining({ period: 'Q1', allotted: '3892.08', periodAllotted: '3892.08', plannedSpent: '1600' })]),
      threePublicTotal: { lastYearBudget: '240' },
      income: [{ source: '财政拨款收入', thisYear: '6000', lastYear: '5800.5' }],
      fixedAssets: { closing: '140.18', inUse: '126.5' },
      work: { planned: 40, completed: 38 },
      funding: { plannedCost: '280', actualCost: '266.004321' },
    });
    expect(first.body.data.reported.at(-1)).toEqual({ metric: 'adjustment_rate', subject: null, value: '18.61%', source: null });

    const metrics = (await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`)).body;
    // (6,000 − 5,800.5) ÷ 5,800.5 = 3.4393…%; 126.5 ÷ 140.18 = 90.2411…%; 38 ÷ 40; (280 − 266.004321) ÷ 280 = 4.998…%
    expect([metricOf(metrics, 'income_change', '财政拨款收入')?.text, metricOf(metrics, 'fixed_asset_utilization')?.text, metricOf(metrics, 'work_completion_rate')?.text, metricOf(metrics, 'cost_saving_rate')?.text]).toEqual([
      '3.44%',
      '90.24%',
      '95.00%',
      '5.00%',
    ]);
    // Q1 1,648.82 spent of the planned 1,600 = 103.05…%
    expect(metricOf(metrics, 'payment_schedule_rate', 'Q1')?.text).toBe('103.05%');
    expect(metrics.analysis.reported.at(-1)).toMatchObject({ metric: 'adjustment_rate', status: 'match', computedText: '18.61%' });

    const exported = await download(`/evaluations/${id}/budget-data/export.xlsx`);
    const second = await upload(`/evaluations/${id}/budget-data/import`, exported);
    expect(second.status).toBe(201);
    expect(second.body.data).toEqual(first.body.data);

    // A bad value in a new sheet is refused with its cell, writing nothing.
    const broken = await loadWorkbook(exported);
    broken.getWorksheet('履职')!.getCell('B2').value = '四十';
    const refused = await upload(`/evaluations/${id}/budget-data/import`, Buffer.from(await broken.xlsx.writeBuffer()));
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([{ path: '履职!B2', message: '工作数应为整数：“四十”' }]);
    expect((await api(t, 'evaluator', 'get', `/evaluations/${id}/budget-data`)).body.version).toBe(second.body.version);
  });
});
