import { Workbook } from 'exceljs';
import { REFERENCE_BUDGET_DATA } from '@evalflow/domain';
import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';
import { downloadBytes, uploadBytes } from '../support/files';

/*
 * Budget data through the API: seed 000's data in, its metrics and proposed findings out; confirm and discard;
 * thresholds per region; the Excel round trip; refusals (422 with paths, nothing written) and who may do what.
 */
jest.setTimeout(120_000);

const seed000 = REFERENCE_BUDGET_DATA.seed000 as Record<string, unknown>;

let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(async () => t?.close());

async function expectState(username: string, id: string, action: string, state: string) {
  const response = await fire(t, username, id, action);
  if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
  expect(response.body.evaluation?.state ?? response.body.state).toBe(state);
}

/** A key evaluation in self-evaluation (the department's turn) or fieldwork (the team's). */
async function keyEvaluation(stage: 'self_evaluation' | 'fieldwork'): Promise<string> {
  const { id } = await createKeyEvaluation(t, ids);
  await expectState('finance.officer', id, 'commission', 'commissioned');
  await expectState('dept.staff', id, 'start_self_evaluation', 'self_evaluation');
  if (stage === 'self_evaluation') return id;
  expect((await fillSelfEvaluation(t, id)).status).toBe(200);
  await expectState('dept.head', id, 'submit_self_evaluation', 'self_evaluation_review');
  await expectState('finance.officer', id, 'accept_self_evaluation', 'fieldwork');
  return id;
}

async function putData(username: string, id: string, data: unknown, expectedVersion?: number) {
  const version = expectedVersion ?? (await api(t, 'finance.officer', 'get', `/evaluations/${id}/budget-data`)).body.version;
  return api(t, username, 'put', `/evaluations/${id}/budget-data`, { expectedVersion: version, data });
}

const proposalKeys = (items: { metric: string; subject: string | null; status: string }[], status = 'proposed') =>
  items.filter((p) => p.status === status).map((p) => `${p.metric}|${p.subject ?? ''}`);

const upload = (username: string, path: string, buffer: Buffer, filename = 'budget.xlsx') => uploadBytes(t, username, path, buffer, filename);

async function download(username: string, path: string): Promise<Buffer> {
  const response = await downloadBytes(t, username, path);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toContain('spreadsheetml');
  return response.body as Buffer;
}

describe('seed 000 budget data in fieldwork', () => {
  let id: string;

  beforeAll(async () => {
    id = await keyEvaluation('fieldwork');
  });

  it('stores the data and shows the report’s figures as metrics', async () => {
    const saved = await putData('evaluator', id, seed000, 0);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.data.total.allotted).toBe('6,383.16');

    // The team's measuring: the department sees it only with the draft for comment (department-visibility suite).
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${id}/metrics`)).status).toBe(403);
    const metrics = await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`);
    expect(metrics.status).toBe(200);
    const text = (key: string, subject: string | null = null) =>
      metrics.body.analysis.metrics.find((m: { key: string; subject: string | null }) => m.key === key && m.subject === subject)?.text;
    expect({
      execution: text('execution_rate'),
      adjustment: text('adjustment_rate'),
      q3: text('payment_progress', 'Q3'),
      flag: text('project_fund_usage', '悬挂国旗采购经费'),
      procurement: text('procurement_execution_rate'),
      threePublic: text('three_public_change_vs_budget', '合计'),
    }).toEqual({ execution: '89.39%', adjustment: '18.61%', q3: '69.34%', flag: '37.37%', procurement: '97.98%', threePublic: '-47.63%' });
    expect(metrics.body.thresholds.regionId).toBeNull();
    expect(metrics.body.analysis.reported.filter((r: { status: string }) => r.status === 'differs').map((r: { metric: string }) => r.metric)).toEqual(['basic_adjustment_rate']);
    expect(metrics.body.analysis.reconciliation).toMatchObject({ difference: '3.60', unexplained: '0.00', balanced: true });
  });

  it('proposes the report’s findings: execution rate, Q3 progress, adjustment rate and the flag purchase', async () => {
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(proposalKeys(body.items)).toEqual(
      expect.arrayContaining(['execution_rate|', 'payment_progress|Q3', 'adjustment_rate|', 'project_fund_usage|悬挂国旗采购经费']),
    );
    // Saving the same data again does not duplicate them.
    expect((await putData('evaluator', id, seed000)).status).toBe(200);
    const again = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(again.body.items).toHaveLength(body.items.length);
  });

  it('confirms one into a finding with its figures and deduction, once, in one transaction', async () => {
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    const proposal = body.items.find((p: { metric: string }) => p.metric === 'execution_rate');
    const confirm = () => api(t, 'evaluator', 'post', `/evaluations/${id}/proposed-findings/${proposal.id}/confirm`, {});
    const [first, retry] = await Promise.all([confirm(), confirm()]);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.finding.id).toBe(first.body.finding.id);
    expect(first.body.finding).toMatchObject({
      category: '预算管理',
      title: '预算完成率偏低',
      indicatorCode: '2.1.1',
      deduction: 0.32,
      proposedFindingId: proposal.id,
      figures: { text: '89.39%', numerator: '5705590000', denominator: '6383160000' },
    });
    expect(first.body.finding.description).toContain('89.39%（5,705.59 ÷ 6,383.16）');
    expect(first.body.proposal.status).toBe('confirmed');
    const findings = await api(t, 'finance.officer', 'get', `/evaluations/${id}/findings`);
    expect(findings.body.items.filter((f: { proposedFindingId: string | null }) => f.proposedFindingId === proposal.id)).toHaveLength(1);
  });

  it('discards only with a reason, and a discarded one stays discarded until its figure changes', async () => {
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    const procurement = body.items.find((p: { metric: string }) => p.metric === 'procurement_execution_rate');
    const path = `/evaluations/${id}/proposed-findings/${procurement.id}/discard`;
    expect((await api(t, 'evaluator', 'post', path, {})).status).toBe(400);
    expect((await api(t, 'evaluator', 'post', path, { reason: ' ' })).status).toBe(400);
    const discarded = await api(t, 'evaluator', 'post', path, { reason: '采购执行率97.98%，差额系合同尾款，属正常' });
    expect(discarded.status).toBe(201);
    expect(discarded.body).toMatchObject({ status: 'discarded', discardReason: '采购执行率97.98%，差额系合同尾款，属正常' });

    expect((await putData('evaluator', id, seed000)).status).toBe(200);
    const same = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(same.body.items.find((p: { id: string }) => p.id === procurement.id).status).toBe('discarded');

    const changed = { ...seed000, procurement: { budget: '245.24', actual: '200.00' } };
    expect((await putData('evaluator', id, changed)).status).toBe(200);
    const reopened = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(reopened.body.items.find((p: { id: string }) => p.id === procurement.id)).toMatchObject({ status: 'proposed', discardReason: null });
    expect((await putData('evaluator', id, seed000)).status).toBe(200);
  });

  it('refuses bad data with 422 and the paths, writing nothing', async () => {
    const before = await api(t, 'evaluator', 'get', `/evaluations/${id}/budget-data`);
    const bad = await putData('evaluator', id, { ...seed000, total: { allotted: '6,383.1234567', spent: 'abc' } });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([{ path: 'data.total.spent', message: expect.stringContaining('not an amount') }]);
    const projects = (seed000.projects as { name: string }[]).map((p, index) => (index === 13 ? { ...p, spent: '80.0700001' } : p));
    const decimals = await putData('evaluator', id, { ...seed000, projects });
    expect(decimals.status).toBe(422);
    expect(decimals.body.details).toEqual([{ path: 'data.projects.13.spent', message: expect.stringContaining('more than 6 decimals') }]);
    const after = await api(t, 'evaluator', 'get', `/evaluations/${id}/budget-data`);
    expect(after.body).toEqual(before.body);
  });

  it('refuses a stale version with 409', async () => {
    const stale = await putData('evaluator', id, seed000, 1);
    expect(stale.status).toBe(409);
  });

  it('lets only the team write in fieldwork: the department 409, the bureau 403, another department 404', async () => {
    expect((await putData('dept.staff', id, seed000)).status).toBe(409);
    expect((await putData('finance.officer', id, seed000)).status).toBe(403);
    expect((await putData('furong.staff', id, seed000)).status).toBe(404);
    expect((await api(t, 'furong.staff', 'get', `/evaluations/${id}/metrics`)).status).toBe(404);
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    const open = body.items.find((p: { status: string }) => p.status === 'proposed');
    expect((await api(t, 'dept.staff', 'post', `/evaluations/${id}/proposed-findings/${open.id}/confirm`, {})).status).toBe(403);
  });
});

describe('the department enters budget data in its self-evaluation', () => {
  it('writes in self-evaluation; the team may not decide proposals before fieldwork', async () => {
    const id = await keyEvaluation('self_evaluation');
    expect((await putData('dept.staff', id, seed000, 0)).status).toBe(200);
    expect((await putData('evaluator', id, seed000)).status).toBe(409);
    // The proposals are the team's candidates: computed now, shown to the department with the draft for comment.
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${id}/proposed-findings`)).status).toBe(403);
    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(body.items.length).toBeGreaterThan(0);
    expect((await api(t, 'evaluator', 'post', `/evaluations/${id}/proposed-findings/${body.items[0].id}/confirm`, {})).status).toBe(409);
  });
});

describe('figures the department reports in its self-evaluation form are recomputed', () => {
  it('shows the reported and computed rate side by side and flags a slip', async () => {
    const id = await keyEvaluation('self_evaluation');
    expect((await putData('dept.staff', id, seed000, 0)).status).toBe(200);
    const saved = await api(t, 'dept.staff', 'put', `/evaluations/${id}/self-evaluation`, {
      indicators: [
        { code: '2.1.1', target: '100%', actual: '89.39%' },
        { code: '2.1.7', target: '100%', actual: '98.98%' },
      ],
    });
    expect(saved.status).toBe(200);
    const { body } = await api(t, 'finance.officer', 'get', `/evaluations/${id}/metrics`);
    const fromForm = body.analysis.reported.filter((r: { source: string }) => r.source.startsWith('自评表'));
    expect(fromForm).toEqual([
      expect.objectContaining({ metric: 'execution_rate', reported: '89.39%', computedText: '89.39%', status: 'match' }),
      expect.objectContaining({ metric: 'procurement_execution_rate', reported: '98.98%', computedText: '97.98%', status: 'differs', differenceHundredths: -100 }),
    ]);
    // The metric-bound indicators score the computed metric, not the typed actual: 3 × 89.39% = 2.68; 2 × 97.98% = 1.96.
    const indicators = await api(t, 'finance.officer', 'get', `/evaluations/${id}/indicators`);
    const row = (code: string) => indicators.body.rows.find((r: { code: string }) => r.code === code);
    expect(row('2.1.1')).toEqual(expect.objectContaining({ ruleScore: 2.68, ruleExplanation: expect.stringContaining('89.39%') }));
    expect(row('2.1.7')).toEqual(expect.objectContaining({ ruleScore: 1.96, ruleExplanation: expect.stringContaining('97.98%') }));
  });
});

describe('thresholds per region', () => {
  it('a finance user changes the region’s Q3 standard and the proposals follow; other users may not', async () => {
    const id = await keyEvaluation('fieldwork');
    expect((await putData('evaluator', id, seed000, 0)).status).toBe(200);
    const [changsha] = await t.db.query(`SELECT id FROM regions WHERE code = '430100'`);
    const [hunan] = await t.db.query(`SELECT id FROM regions WHERE code = '430000'`);

    const current = await api(t, 'finance.officer', 'get', `/budget-thresholds?regionId=${changsha.id}`);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ own: null, effective: { regionId: null } });

    const lenient = [
      { metric: 'execution_rate', comparator: 'gte', percent: '85.00' },
      { metric: 'payment_progress', subject: 'Q3', comparator: 'gte', percent: '60.00', basis: '本市标准' },
    ];
    expect((await api(t, 'dept.staff', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: lenient, expectedVersion: 0 })).status).toBe(403);
    expect((await api(t, 'finance.officer', 'put', `/budget-thresholds/${hunan.id}`, { thresholds: lenient, expectedVersion: 0 })).status).toBe(403);
    const bad = await api(t, 'finance.officer', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: [{ metric: 'nope', comparator: 'gte', percent: '1' }], expectedVersion: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('thresholds.0.metric');

    const set = await api(t, 'finance.officer', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: lenient, expectedVersion: 0 });
    expect(set.status).toBe(200);
    expect(set.body.effective.regionId).toBe(changsha.id);

    const { body } = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(proposalKeys(body.items)).toEqual([]);
    expect(proposalKeys(body.items, 'obsolete')).toEqual(expect.arrayContaining(['execution_rate|', 'payment_progress|Q3', 'adjustment_rate|']));

    // A district below inherits Changsha's setting (nearest ancestor); stale version → 409.
    const [furong] = await t.db.query(`SELECT id FROM regions WHERE code = '430102'`);
    expect((await api(t, 'finance.officer', 'get', `/budget-thresholds?regionId=${furong.id}`)).body.effective.regionId).toBe(changsha.id);
    expect((await api(t, 'finance.officer', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: lenient, expectedVersion: 0 })).status).toBe(409);

    // Back to a strict standard: the proposals come back.
    const strict = [{ metric: 'payment_progress', subject: 'Q3', comparator: 'gte', percent: '80.00' }];
    expect((await api(t, 'finance.admin', 'put', `/budget-thresholds/${changsha.id}`, { thresholds: strict, expectedVersion: 1 })).status).toBe(200);
    const after = await api(t, 'evaluator', 'get', `/evaluations/${id}/proposed-findings`);
    expect(proposalKeys(after.body.items)).toEqual(['payment_progress|Q3']);
  });
});

describe('Excel: template → fill → import → export → import', () => {
  it('round-trips the data exactly, and refuses a bad workbook with the cell, writing nothing', async () => {
    const id = await keyEvaluation('fieldwork');
    const template = new Workbook();
    await template.xlsx.load((await download('evaluator', '/budget-data/template.xlsx')) as unknown as ArrayBuffer);
    expect(template.worksheets.map((s) => s.name)).toEqual(['总体', '项目', '分期', '三公', '收入', '采购', '人员', '资产', '履职', '资金到位', '对账', '报告数']);
    expect(template.getWorksheet('总体')!.getCell('B1').value).toBe('万元');

    // "Fill": the template carries seed 000 as its example; the user changes the procurement figure.
    template.getWorksheet('采购')!.getCell('B3').value = 240.28;
    const filled = Buffer.from(await template.xlsx.writeBuffer());
    const first = await upload('evaluator', `/evaluations/${id}/budget-data/import`, filled);
    expect(first.status).toBe(201);
    expect(first.body.data.procurement).toEqual({ budget: '245.24', actual: '240.28' });
    const metrics = await api(t, 'evaluator', 'get', `/evaluations/${id}/metrics`);
    expect(metrics.body.analysis.metrics.find((m: { key: string }) => m.key === 'execution_rate').text).toBe('89.39%');
    expect(metrics.body.analysis.reported).toHaveLength(22);

    const exported = await download('evaluator', `/evaluations/${id}/budget-data/export.xlsx`);
    const second = await upload('evaluator', `/evaluations/${id}/budget-data/import`, exported);
    expect(second.status).toBe(201);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.version).toBe(first.body.version + 1);

    const broken = new Workbook();
    await broken.xlsx.load(exported as unknown as ArrayBuffer);
    broken.getWorksheet('项目')!.getCell('E3').value = '三十';
    broken.getWorksheet('总体')!.getCell('B1').value = '千元';
    const refused = await upload('evaluator', `/evaluations/${id}/budget-data/import`, Buffer.from(await broken.xlsx.writeBuffer()));
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '总体!B1' }), expect.objectContaining({ path: '项目!E3' })]),
    );
    const tooPrecise = new Workbook();
    await tooPrecise.xlsx.load(exported as unknown as ArrayBuffer);
    tooPrecise.getWorksheet('采购')!.getCell('B2').value = 245.1234567;
    const precise = await upload('evaluator', `/evaluations/${id}/budget-data/import`, Buffer.from(await tooPrecise.xlsx.writeBuffer()));
    expect(precise.status).toBe(422);
    expect(precise.body.details).toEqual([{ path: 'procurement.budget', message: expect.stringContaining('more than 6 decimals') }]);
    expect((await api(t, 'evaluator', 'get', `/evaluations/${id}/budget-data`)).body.version).toBe(second.body.version);

    const notExcel = await upload('evaluator', `/evaluations/${id}/budget-data/import`, Buffer.from('a,b,c'), 'budget.csv');
    expect(notExcel.status).toBe(400);
  });
});

describe('demo data', () => {
  let demo: TestApp;
  beforeAll(async () => {
    demo = await createTestApp({ demoEvaluations: true });
  }, 240_000);
  afterAll(async () => demo?.close());

  it('the demo key evaluation in fieldwork carries seed 000’s budget data, metrics and proposed findings', async () => {
    const [evaluation] = await demo.db.query(`SELECT id FROM evaluations WHERE title = '2025年度长沙市人民政府办公厅部门整体支出绩效评价'`);
    const token = await demo.token('eval.lead');
    const metrics = await demo.http.get(`/api/evaluations/${evaluation.id}/metrics`).set('Authorization', `Bearer ${token}`);
    expect(metrics.status).toBe(200);
    expect(metrics.body.analysis.metrics.find((m: { key: string }) => m.key === 'execution_rate').text).toBe('89.39%');
    expect(proposalKeys(metrics.body.proposals)).toEqual(expect.arrayContaining(['execution_rate|', 'payment_progress|Q3', 'adjustment_rate|', 'project_fund_usage|悬挂国旗采购经费']));
  });
});
