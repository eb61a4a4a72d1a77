import { budgetWorkbook, readBudgetWorkbook } from './budget-workbook';

/* The reader's row bounds: computed once per sheet, and a sheet over the limit is an issue instead of a long loop. */

it('reads every project row up to the last one', () => {
  const workbook = budgetWorkbook({ unit: 'yuan' });
  const projects = workbook.getWorksheet('项目')!;
  for (let row = 2; row <= 301; row++) projects.getCell(`A${row}`).value = `项目${row - 1}`;
  const { document, issues } = readBudgetWorkbook(workbook);
  expect(issues).toEqual([]);
  expect(document.projects).toHaveLength(300);
  expect(document.projects?.at(-1)).toEqual({ name: '项目300' });
});

it('refuses a sheet over the row limit by name without reading it, and reads the others', () => {
  const workbook = budgetWorkbook({ unit: 'yuan', procurement: { budget: '10', actual: '9' } });
  workbook.getWorksheet('项目')!.getCell('A100001').value = '远处的一行';
  const started = Date.now();
  const { document, issues } = readBudgetWorkbook(workbook);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(issues).toEqual([{ path: '项目', message: '工作表“项目”有 100001 行，超过上限 5000 行，请删除多余的行或分成几个工作簿导入' }]);
  expect(document.projects).toEqual([]);
  expect(document.procurement).toEqual({ budget: '10', actual: '9' });
});
