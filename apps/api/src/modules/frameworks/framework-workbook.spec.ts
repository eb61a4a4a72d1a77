import { Workbook } from 'exceljs';
import { COLUMNS, INFO_SHEET, TREE_SHEET, frameworkFromWorkbook } from './framework-workbook';

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
