import { Workbook } from 'exceljs';
import { DEPARTMENT_WHOLE_TEMPLATE, type FrameworkNode } from '@evalflow/domain';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_PASSWORD } from '../../apps/api/src/modules/demo/demo-data';
import { api, createKeyEvaluation, fire, lookupIds, saveSelfEvaluation, type Ids } from '../support/evaluation-steps';
import { downloadBytes, uploadBytes } from '../support/files';
import { cellText } from '../../apps/api/src/infrastructure/excel/excel-cells';
import { LIUYANG_2020_LINES, liuyang2020Framework } from '../../libs/domain/src/scoring/fixtures/liuyang-office-2020-self-evaluation';

/**
 * Indicator frameworks through the HTTP API: drafts, validation, publication, immutability, Excel round trip,
 * authorization; and the 自评表/评分表 exports of an evaluation, read back with exceljs.
 */
let t: TestApp;
let ids: Ids;
const OTHER_BUREAU_ADMIN = 'ly.fin.admin';

async function workbookOf(response: { body: Buffer }): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
  return workbook;
}

const download = (username: string, path: string) => downloadBytes(t, username, path);

const upload = (username: string, buffer: Buffer, filename = '指标体系.xlsx') => uploadBytes(t, username, '/frameworks/import', buffer, filename);

async function builtInId(code: string): Promise<string> {
  const [row] = await t.db.query(`SELECT id FROM framework_versions WHERE code = $1 AND built_in ORDER BY version DESC LIMIT 1`, [code]);
  return row.id;
}

async function newDraft(username = 'finance.admin', from?: string) {
  const response = await api(t, username, 'post', '/frameworks/drafts', { fromVersionId: from ?? (await builtInId('project-self-evaluation')) });
  expect(response.status).toBe(201);
  return response.body as { id: string; revision: number; nodes: FrameworkNode[]; code: string; name: string; scope: string; declaredLevel1Weights: Record<string, number> | null };
}

async function save(id: string, revision: number, changes: { nodes?: FrameworkNode[]; declaredLevel1Weights?: Record<string, number> | null; name?: string }, username = 'finance.admin') {
  const current = (await api(t, username, 'get', `/frameworks/${id}`)).body;
  return api(t, username, 'put', `/frameworks/${id}`, {
    name: changes.name ?? current.name,
    scope: current.scope,
    declaredLevel1Weights: changes.declaredLevel1Weights !== undefined ? changes.declaredLevel1Weights : current.declaredLevel1Weights,
    nodes: changes.nodes ?? current.nodes,
    expectedRevision: revision,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  const [lyFinance] = await t.db.query(`SELECT id FROM organisations WHERE name = '浏阳市财政局'`);
  const created = await api(t, 'admin', 'post', '/users', {
    username: OTHER_BUREAU_ADMIN,
    displayName: '浏阳绩效科',
    password: DEMO_PASSWORD,
    organisationId: lyFinance.id,
    roles: ['finance_admin'],
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

describe('draft → validate → publish', () => {
  it('a finance admin copies a built-in into a draft of their bureau, saves, validates and publishes it as version 1', async () => {
    const draft = await newDraft();
    expect(draft).toMatchObject({ status: 'draft', version: null, builtIn: false, problems: [] });
    expect(draft.code).toMatch(/^project-self-evaluation-[0-9a-f]{8}$/);

    const renamed = draft.nodes.map((n) => (n.code === '1.1.1' ? { ...n, name: '举办培训场次', target: '≥20场', scoring: { kind: 'higher_is_better' as const, target: 20, unit: '场' } } : n));
    const saved = await save(draft.id, draft.revision, { nodes: renamed });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: draft.revision + 1, problems: [] });

    const validated = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/validate`);
    expect(validated.status).toBe(201);
    expect(validated.body.problems).toEqual([]);

    const published = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: saved.body.revision });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ status: 'published', version: 1, code: draft.code });
    expect(published.body.nodes.find((n: FrameworkNode) => n.code === '1.1.1')).toMatchObject({ name: '举办培训场次', target: '≥20场' });

    // The next draft of the same family publishes as version 2.
    const second = await newDraft('finance.admin', published.body.id);
    expect(second.code).toBe(draft.code);
    const again = await api(t, 'finance.admin', 'post', `/frameworks/${second.id}/publish`, { expectedRevision: second.revision });
    expect(again.body).toMatchObject({ version: 2, code: draft.code });
  });

  it('a stale revision is a 409', async () => {
    const draft = await newDraft();
    expect((await save(draft.id, draft.revision, {})).status).toBe(200);
    const stale = await save(draft.id, draft.revision, {});
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });
});

describe('publication refused with the reason', () => {
  it('a declared level-1 split that disagrees with the tree → 422 naming the node', async () => {
    const draft = await newDraft();
    const saved = await save(draft.id, draft.revision, { declaredLevel1Weights: { '1': 40, '2': 40, '3': 10, '4': 10 } });
    expect(saved.status).toBe(200);
    expect(saved.body.problems).toEqual([
      '表头声明的一级指标分值（1=40、2=40、3=10、4=10）与指标表不符：指标 1（产出指标）声明 40，指标表为 50',
      '表头声明的一级指标分值（1=40、2=40、3=10、4=10）与指标表不符：指标 2（效益指标）声明 40，指标表为 30',
    ]);
    const refused = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: saved.body.revision });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('RULE_VIOLATION');
    expect(refused.body.details).toEqual([
      { path: 'declaredLevel1Weights', message: expect.stringContaining('指标 1（产出指标）声明 40') },
      { path: 'declaredLevel1Weights', message: expect.stringContaining('指标 2（效益指标）声明 40') },
    ]);
    expect((await api(t, 'finance.admin', 'get', `/frameworks/${draft.id}`)).body.status).toBe('draft');
  });

  it('a placeholder target → 422 naming the node and its target', async () => {
    const draft = await newDraft();
    const nodes = draft.nodes.map((n) => (n.code === '1.1.2' ? { ...n, target: '不少于XX场', scoring: undefined } : n));
    const saved = await save(draft.id, draft.revision, { nodes: JSON.parse(JSON.stringify(nodes)) });
    const refused = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: saved.body.revision });
    expect(refused.status).toBe(422);
    const index = nodes.findIndex((n) => n.code === '1.1.2');
    expect(refused.body.details).toEqual([{ path: `nodes.${index}`, message: '指标 1.1.2 的年度指标值“不少于XX场”含占位符，请填写实际目标值' }]);
  });

  it('the seed 003 form as entered is refused; corrected, it publishes', async () => {
    const blank = await api(t, 'finance.admin', 'post', '/frameworks/drafts', { name: '浏阳市政府办2020年部门整体支出绩效自评表', scope: 'department_whole' });
    expect(blank.status).toBe(201);
    const asEntered = liuyang2020Framework('asEntered');
    const saved = await save(blank.body.id, blank.body.revision, { nodes: asEntered.nodes as FrameworkNode[], declaredLevel1Weights: { ...asEntered.declaredLevel1Weights } });
    expect(saved.body.problems).toEqual(['指标 3（效益指标）的下级指标分值合计 35，与其分值 45 不符', '指标 3.1（社会效益指标）的下级指标分值合计 20，与其分值 10 不符']);
    expect((await api(t, 'finance.admin', 'post', `/frameworks/${blank.body.id}/publish`, { expectedRevision: saved.body.revision })).status).toBe(422);
    const corrected = await save(blank.body.id, saved.body.revision, { nodes: liuyang2020Framework('corrected').nodes as FrameworkNode[] });
    expect(corrected.body.problems).toEqual([]);
    const published = await api(t, 'finance.admin', 'post', `/frameworks/${blank.body.id}/publish`, { expectedRevision: corrected.body.revision });
    expect(published.status).toBe(201);
    expect(published.body.nodes.filter((n: FrameworkNode) => n.level === 3)).toHaveLength(LIUYANG_2020_LINES.length);
  });
});

describe('published versions are immutable', () => {
  it('saving or publishing a published version is a 409, and the database refuses a direct UPDATE or DELETE', async () => {
    const id = await builtInId('department-whole-common');
    const before = (await api(t, 'finance.admin', 'get', `/frameworks/${id}`)).body;
    const saved = await api(t, 'admin', 'put', `/frameworks/${id}`, { name: '改名', scope: before.scope, nodes: before.nodes, expectedRevision: before.revision });
    expect(saved.status).toBe(403);
    const draft = await newDraft();
    const published = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: draft.revision });
    expect(published.status).toBe(201);
    const edit = await save(draft.id, published.body.revision, { name: '发布后再改' });
    expect(edit.status).toBe(409);
    expect(edit.body.message).toContain('已发布的指标体系版本不能修改');
    expect((await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: published.body.revision })).status).toBe(409);
    await expect(t.db.query(`UPDATE framework_versions SET name = 'x' WHERE id = $1`, [id])).rejects.toThrow(/published and cannot be changed/);
    await expect(t.db.query(`DELETE FROM framework_versions WHERE id = $1`, [id])).rejects.toThrow(/published and cannot be changed/);
    expect((await api(t, 'finance.admin', 'get', `/frameworks/${id}`)).body.nodes).toEqual(before.nodes);
  });

  it('an evaluation keeps its version after a new version of the family is published', async () => {
    const draft = await newDraft('finance.admin', await builtInId('department-whole-common'));
    const v1 = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: draft.revision });
    const evaluation = await createKeyEvaluation(t, ids, { frameworkVersionId: v1.body.id });
    const before = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluation.id}/indicators`)).body;

    const next = await newDraft('finance.admin', v1.body.id);
    const changed = next.nodes.map((n) => (n.code === '3.1.1' ? { ...n, name: '年度工作任务完成率' } : n));
    const saved = await save(next.id, next.revision, { nodes: changed });
    const v2 = await api(t, 'finance.admin', 'post', `/frameworks/${next.id}/publish`, { expectedRevision: saved.body.revision });
    expect(v2.body.version).toBe(2);

    const after = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluation.id}/indicators`)).body;
    expect(after.frameworkVersionId).toBe(v1.body.id);
    expect(after.rows.map((r: { name: string }) => r.name)).toEqual(before.rows.map((r: { name: string }) => r.name));
    expect(after.rows.find((r: { code: string }) => r.code === '3.1.1').name).toBe('实际完成率');
  });
});

describe('Excel', () => {
  it('export → import gives back the same framework (built-in with every rule kind)', async () => {
    const id = await builtInId('department-whole-common');
    const exported = await download('finance.admin', `/frameworks/${id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('部门整体支出绩效评价共性指标体系（第')}`);
    const imported = await upload('finance.admin', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ status: 'draft', name: DEPARTMENT_WHOLE_TEMPLATE.name, scope: 'department_whole', problems: [] });
    expect(imported.body.declaredLevel1Weights).toEqual(DEPARTMENT_WHOLE_TEMPLATE.declaredLevel1Weights);
    expect(imported.body.nodes).toEqual(JSON.parse(JSON.stringify(DEPARTMENT_WHOLE_TEMPLATE.nodes)));
    // And a draft round-trips too (export of a draft, re-import, same nodes).
    const again = await upload('finance.admin', (await download('finance.admin', `/frameworks/${imported.body.id}/export`)).body);
    expect(again.body.nodes).toEqual(imported.body.nodes);
  });

  it('a bad workbook → 422 with row-level errors', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('指标体系');
    sheet.addRow(['一级指标', '二级指标', '三级指标', '编码', '分值', '评价要点', '评分标准', '年度指标值', '计分方式', '目标值', '单位', '指标绑定', '方向', '扣分标准', '计算公式']);
    sheet.addRow(['产出', null, null, '1', 100]);
    sheet.addRow([null, '数量', null, '1.1', 'abc']);
    sheet.addRow([null, null, '培训场次', '1.1.1', 100, null, null, '≥20场', '神秘算法']);
    sheet.addRow(['效益', '满意度', null, '2', 0]);
    sheet.addRow([null, null, '满意度', '2.1.1', 0, null, null, null, '绑定预算指标', 80, '%', 'no_such_metric']);
    const response = await upload('finance.admin', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([
      { path: 'rows.3.分值', message: '第3行: 分值 “abc”不是数字' },
      { path: 'rows.4.计分方式', message: expect.stringContaining('第4行: 计分方式 “神秘算法”不是已知的计分方式') },
      { path: 'rows.5', message: '第5行: 一级指标/二级指标/三级指标只能填写其中一列' },
      { path: 'rows.6.指标绑定', message: '第6行: 指标绑定 “no_such_metric”不是已知的预算指标' },
    ]);
  });

  it.each([
    ['not an xlsx name', Buffer.from('PK\u0003\u0004junk'), 'framework.csv', 400],
    ['xlsx name, not a zip', Buffer.from('hello'), 'framework.xlsx', 400],
    ['zip header, unreadable', Buffer.from('PK\u0003\u0004garbage-garbage'), 'framework.xlsx', 400],
  ])('%s', async (_label, buffer, filename, status) => {
    const response = await upload('finance.admin', buffer, filename);
    expect(response.status).toBe(status);
    expect(response.body.details).toEqual([expect.objectContaining({ path: 'file' })]);
  });

  it('a workbook over the size limit → 413', async () => {
    const response = await upload('finance.admin', Buffer.alloc(5 * 1024 * 1024 + 1, 1));
    expect(response.status).toBe(413);
  });
});

describe('authorization', () => {
  it.each(['dept.staff', 'dept.head', 'evaluator', 'eval.lead', 'finance.officer', 'auditor', 'admin'])('%s cannot start, import or edit a framework', async (username) => {
    const from = await builtInId('project-self-evaluation');
    expect((await api(t, username, 'post', '/frameworks/drafts', { fromVersionId: from })).status).toBe(403);
    const workbook = new Workbook();
    workbook.addWorksheet('指标体系').addRow(['一级指标']);
    expect((await upload(username, Buffer.from(await workbook.xlsx.writeBuffer()))).status).toBe(403);
    const draft = await newDraft();
    const edit = await save(draft.id, draft.revision, { name: '越权修改' }, username);
    // Without any right to edit frameworks the route guard refuses outright (403); reading the draft is 404 for them.
    expect(edit.status).toBe(403);
    expect((await api(t, username, 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: draft.revision })).status).toBe(403);
    expect((await api(t, username, 'get', `/frameworks/${draft.id}`)).status).toBe(404);
    // A published version (here a built-in) they can read, but not change.
    expect((await api(t, username, 'get', `/frameworks/${from}`)).status).toBe(200);
    expect((await api(t, username, 'put', `/frameworks/${from}`, { name: '越权修改', scope: 'project', nodes: [], expectedRevision: 1 })).status).toBe(403);
  });

  it('another bureau cannot see or edit your draft, nor publish into your family', async () => {
    const draft = await newDraft();
    expect((await api(t, OTHER_BUREAU_ADMIN, 'get', `/frameworks/${draft.id}`)).status).toBe(404);
    expect((await api(t, OTHER_BUREAU_ADMIN, 'put', `/frameworks/${draft.id}`, { name: '越权', scope: 'project', nodes: [], expectedRevision: draft.revision })).status).toBe(404);
    expect((await api(t, OTHER_BUREAU_ADMIN, 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: draft.revision })).status).toBe(404);
    const list = (await api(t, OTHER_BUREAU_ADMIN, 'get', '/frameworks')).body.items.map((x: { id: string }) => x.id);
    expect(list).not.toContain(draft.id);
    // Once published, they see it and may copy it — into a family of their own.
    const published = await api(t, 'finance.admin', 'post', `/frameworks/${draft.id}/publish`, { expectedRevision: draft.revision });
    const copy = await newDraft(OTHER_BUREAU_ADMIN, published.body.id);
    expect(copy.code).not.toBe(draft.code);
    expect((await save(published.body.id, published.body.revision, { name: '改别人的' }, OTHER_BUREAU_ADMIN)).status).toBe(403);
  });
});

/** The row whose first cell reads `label`, as an array of the cells' texts (1-based columns → index 0 = column 1). */
function rowLabelled(workbook: Workbook, sheetName: string, label: string): string[] {
  const sheet = workbook.getWorksheet(sheetName)!;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    if (cellText(row.getCell(1)) === label) return Array.from({ length: sheet.columnCount }, (_, i) => cellText(row.getCell(i + 1)));
  }
  throw new Error(`no row ${label} in ${sheetName}`);
}

describe('the seed 003 form through an evaluation: indicators, guards, 自评表 and 评分表', () => {
  it('totals 99 (优秀) on the form; the team scores 89.5 (良好); both exports read back the same', async () => {
    const blank = await api(t, 'finance.admin', 'post', '/frameworks/drafts', { name: '浏阳市政府办2020年部门整体支出绩效自评表（评价用）', scope: 'department_whole' });
    const framework = liuyang2020Framework('corrected');
    const saved = await save(blank.body.id, blank.body.revision, { nodes: framework.nodes as FrameworkNode[], declaredLevel1Weights: { ...framework.declaredLevel1Weights } });
    const published = await api(t, 'finance.admin', 'post', `/frameworks/${blank.body.id}/publish`, { expectedRevision: saved.body.revision });
    expect(published.status).toBe(201);
    const evaluation = await createKeyEvaluation(t, ids, { frameworkVersionId: published.body.id });
    const id = evaluation.id;
    expect((await fire(t, 'finance.officer', id, 'commission')).status).toBe(200);
    expect((await fire(t, 'dept.staff', id, 'start_self_evaluation')).status).toBe(200);

    const codes = framework.nodes.filter((n) => n.level === 3).map((n) => n.code);
    const indicators = LIUYANG_2020_LINES.map((line, i) => ({ code: codes[i], target: line.target, actual: line.actual, selfScore: line.selfScore }));
    const filled = await api(t, 'dept.staff', 'put', `/evaluations/${id}/self-evaluation`, {
      indicators,
      budgetFen: 186912000,
      spentFen: 273285000,
      narrative: { overview: '部门概况', goals: '绩效目标', outputs: '产出与效益', problems: '存在的问题', improvements: '改进措施' },
    });
    expect(filled.status).toBe(200);

    // The form as the real report filled it: 预算执行管理 scored 3 of 4 without a deviation reason → the guard refuses.
    const view = (await api(t, 'dept.staff', 'get', `/evaluations/${id}/indicators`)).body;
    const executionLine = view.rows.find((r: { name: string; level: number }) => r.name === '预算执行管理' && r.level === 3);
    expect(executionLine).toMatchObject({ selfScore: 3, missesTarget: true, deviationReasonRequired: true, scoringKind: 'manual' });
    expect(view.rows.find((r: { name: string }) => r.name === '组织开展督查暗访')).toMatchObject({ ruleScore: 3, missesTarget: false, deviationReasonRequired: false });
    expect(view.rows.find((r: { name: string }) => r.name === '建议提案办理满意率')).toMatchObject({ ruleScore: 10, ruleExplanation: '实际值 94.9% ≥ 目标值 90%，得满分 10.00' });
    expect(view.totals.self).toEqual({ total: 99, complete: true, grade: 'excellent', gradeLabel: '优秀' });
    expect(view.totals.levels.filter((l: { level: number }) => l.level === 1).map((l: { code: string; self: number }) => [l.code, l.self])).toEqual([['1', 29], ['2', 25], ['3', 45]]);
    expect(view.scoresVisible).toBe(false);
    expect(view.totals.evaluator).toBeNull();
    const refused = await fire(t, 'dept.head', id, 'submit_self_evaluation');
    expect(refused.status).toBe(422);
    expect(refused.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['deviation_reasons_given']);
    const withReason = await saveSelfEvaluation(t, 'dept.staff', id, { indicators: [{ ...indicators[1], deviationReason: '年中追加预算较多，执行进度前低后高' }] });
    expect(withReason.status).toBe(200);

    // 自评表, read back: every line, total 99, grade 优秀.
    const selfForm = await workbookOf(await download('dept.staff', `/evaluations/${id}/exports/self-evaluation.xlsx`));
    expect(rowLabelled(selfForm, '自评表', '总分').slice(0, 7)).toEqual(['总分', '100', '', '', '', '', '99']);
    expect(rowLabelled(selfForm, '自评表', '等级')[6]).toBe('优秀');
    const sheet = selfForm.getWorksheet('自评表')!;
    const texts = Array.from({ length: sheet.rowCount }, (_, r) => cellText(sheet.getRow(r + 1).getCell(4)));
    expect(texts).toContain('组织开展督查暗访（3分）');
    expect(rowLabelled(selfForm, '自评表', '全年预算数（元）')[5]).toBe('146.21%');
    // Before the draft for comment the department gets no score table.
    expect((await download('dept.staff', `/evaluations/${id}/exports/scores.xlsx`)).status).toBe(403);

    expect((await fire(t, 'dept.head', id, 'submit_self_evaluation')).status).toBe(200);
    expect((await fire(t, 'finance.admin', id, 'accept_self_evaluation')).status).toBe(200);

    // The team: 督查暗访 2.5 (−0.5), 文明单位建设 1 (−9), the rest as self-scored → 89.5, 良好.
    const teamScores = LIUYANG_2020_LINES.map((line, i) => {
      const score = line.level3 === '组织开展督查暗访' ? 2.5 : line.level3 === '文明单位建设' ? 1 : line.selfScore;
      return { code: codes[i], score, deductionReason: score < line.weight ? '佐证材料不足，扣分' : null };
    });
    expect((await api(t, 'evaluator', 'put', `/evaluations/${id}/scores`, { scores: teamScores })).status).toBe(200);
    const scored = (await api(t, 'finance.officer', 'get', `/evaluations/${id}/indicators`)).body;
    expect(scored.totals.evaluator).toEqual({ total: 89.5, complete: true, grade: 'good', gradeLabel: '良好' });
    expect(scored.totals.totalDifference).toBe(-9.5);
    const social = scored.totals.levels.find((l: { code: string }) => l.code === '3.1');
    expect(social).toMatchObject({ self: 20, evaluator: 11, difference: -9 });
    expect(scored.rows.find((r: { name: string }) => r.name === '组织开展督查暗访')).toMatchObject({ selfScore: 3, score: 2.5, difference: -0.5 });

    const scoreTable = await workbookOf(await download('finance.officer', `/evaluations/${id}/exports/scores.xlsx`));
    const total = rowLabelled(scoreTable, '评分表', '总分');
    expect([total[5], total[6], total[8], total[9]]).toEqual(['89.5', '10.5', '99', '-9.5']);
    expect(rowLabelled(scoreTable, '评分表', '等级')[5]).toBe('良好');
    const scoreSheet = scoreTable.getWorksheet('评分表')!;
    const civil = Array.from({ length: scoreSheet.rowCount }, (_, r) => scoreSheet.getRow(r + 1)).find((row) => cellText(row.getCell(3)) === '文明单位建设')!;
    expect([cellText(civil.getCell(5)), cellText(civil.getCell(6)), cellText(civil.getCell(7)), cellText(civil.getCell(8))]).toEqual(['10', '1', '9', '佐证材料不足，扣分']);
    // The department still cannot see the team's scores in fieldwork.
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${id}/indicators`)).body.totals.evaluator).toBeNull();
    expect((await download('dept.staff', `/evaluations/${id}/exports/scores.xlsx`)).status).toBe(403);
    // Someone who cannot see the evaluation at all gets 404 for both.
    expect((await download('liuyang.staff', `/evaluations/${id}/exports/self-evaluation.xlsx`)).status).toBe(404);
  });
});
