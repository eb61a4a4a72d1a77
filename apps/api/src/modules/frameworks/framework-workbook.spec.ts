import { Workbook } from 'exceljs';
import { COLUMNS, INFO_SHEET, TREE_SHEET, frameworkFromWorkbook, frameworkToWorkbook } from './framework-workbook';

/* The reader's row bounds: the tree sheet and the info sheet each bounded once; over the limit is an issue. */

function treeWorkbook(level3Rows: number): Workbook {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(TREE_SHEET);
  sheet.addRow(COLUMNS.map((c) => c.header));
  sheet.addRow(['产出', null, null, '1', 100]);
  sheet.addRow([null, '数量', null, '1.1', 100]);
  for (let n = 1; n <= level3Rows; n++) sheet.addRow([null, null, `指标${n}`, `1.1.${n}`, 1]);
  return workbook;
}

it('reads every node up to the last row', () => {
  const { content, issues } = frameworkFromWorkbook(treeWorkbook(100), '导入');
  expect(issues).toEqual([]);
  expect(content.nodes).toHaveLength(102);
});

it('refuses a tree sheet over the row limit by name, reading no node', () => {
  const workbook = treeWorkbook(1);
  workbook.getWorksheet(TREE_SHEET)!.getCell('A6001').value = '远处的一行';
  const { content, issues } = frameworkFromWorkbook(workbook, '导入');
  expect(issues).toEqual([{ path: TREE_SHEET, message: expect.stringContaining('工作表“指标体系”有 6001 行，超过上限 5000 行') }]);
  expect(content.nodes).toEqual([]);
});

it('refuses an info sheet over the row limit by name', () => {
  const workbook = treeWorkbook(1);
  workbook.addWorksheet(INFO_SHEET).getCell('A5001').value = '名称';
  const { issues } = frameworkFromWorkbook(workbook, '导入');
  expect(issues).toEqual([{ path: INFO_SHEET, message: expect.stringContaining('有 5001 行，超过上限 5000 行') }]);
});

/* 口径: a metric-bound rule's formula variant travels through the workbook (issue 14). */

function metricRuleWorkbook(cells: { metric: string; variant?: string }, headers = COLUMNS.map((c) => c.header)): Workbook {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(TREE_SHEET);
  sheet.addRow(headers);
  const row = (values: Record<string, unknown>) => sheet.addRow(headers.map((header) => values[header] ?? null));
  row({ 一级指标: '过程', 编码: '2', 分值: 100 });
  row({ 二级指标: '资金管理', 编码: '2.1', 分值: 100 });
  row({ 三级指标: '预算执行率', 编码: '2.1.1', 分值: 100, 计分方式: '绑定预算指标', 目标值: 100, 指标绑定: cells.metric, 口径: cells.variant ?? null, 方向: '越高越好' });
  return workbook;
}

const ruleOf = (workbook: Workbook) => {
  const { content, issues } = frameworkFromWorkbook(workbook, '导入');
  return { rule: content.nodes.find((node) => node.code === '2.1.1')?.scoring, issues };
};

it.each([
  ['the exported form in 口径', { metric: 'execution_rate（预算完成率）', variant: 'funds_available（按可支配资金）' }, 'funds_available'],
  ['the variant’s name in 口径', { metric: '预算完成率', variant: '按可支配资金' }, 'funds_available'],
  ['an alias in 口径', { metric: 'execution_rate', variant: '可支配资金' }, 'funds_available'],
  ['the variant in 指标绑定 (key:variant)', { metric: 'execution_rate:funds_available' }, 'funds_available'],
  ['the variant in 指标绑定 (name（variant）)', { metric: '预算完成率（按全年指标下达数）' }, 'allotted'],
  ['no variant: the region’s or the default', { metric: 'execution_rate（预算完成率）' }, undefined],
])('reads a metric rule’s 口径 from %s', (_case, cells, variant) => {
  const { rule, issues } = ruleOf(metricRuleWorkbook(cells));
  expect(issues).toEqual([]);
  expect(rule).toEqual({ kind: 'metric', metric: 'execution_rate', direction: 'higher', targetHundredths: 10000, ...(variant ? { variant } : {}) });
});

it.each([
  ['an unknown variant in 口径', { metric: 'execution_rate', variant: '按拍脑袋' }, 'rows.4.口径', '预算完成率没有“按拍脑袋”口径，可选：allotted（按全年指标下达数）、funds_available（按可支配资金）'],
  ['an unknown variant in 指标绑定', { metric: 'execution_rate:guesswork' }, 'rows.4.指标绑定', '预算完成率没有“guesswork”口径'],
])('refuses %s with the row, the column and the choices', (_case, cells, path, message) => {
  const { rule, issues } = ruleOf(metricRuleWorkbook(cells));
  expect(rule).toBeUndefined();
  expect(issues).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message) })]);
});

it('reads a workbook made before the 口径 column existed', () => {
  const { rule, issues } = ruleOf(metricRuleWorkbook({ metric: 'payment_progress（支付序时进度）' }, COLUMNS.filter((c) => c.key !== 'variant').map((c) => c.header)));
  expect(issues).toEqual([]);
  expect(rule).toEqual({ kind: 'metric', metric: 'payment_progress', direction: 'higher', targetHundredths: 10000 });
});

it('writes the 口径 and reads it back: export then import keeps the variant', async () => {
  const nodes = frameworkFromWorkbook(metricRuleWorkbook({ metric: 'execution_rate', variant: 'funds_available' }), '导入').content.nodes;
  const exported = frameworkToWorkbook({ name: '测试体系', scope: 'project', declaredLevel1Weights: null, nodes, code: 'T1', version: 1 });
  const sheet = exported.getWorksheet(TREE_SHEET)!;
  const variantColumn = COLUMNS.findIndex((c) => c.key === 'variant') + 1;
  expect(sheet.getRow(4).getCell(variantColumn).value).toBe('funds_available（按可支配资金）');
  const reread = new Workbook();
  await reread.xlsx.load((await exported.xlsx.writeBuffer()) as ArrayBuffer);
  expect(ruleOf(reread).rule).toEqual(nodes.find((node) => node.code === '2.1.1')!.scoring);
});
