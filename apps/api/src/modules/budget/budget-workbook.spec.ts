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

/* Issue 14: every field of the format has its column or row; template → fill → read → write → read gives it back. */
import { REFERENCE_BUDGET_DATA, analyseBudget, budgetDataDocumentSchema, defaultThresholds, parseBudgetData, type BudgetDataDocumentInput } from '@evalflow/domain';
import { Workbook as ExcelWorkbook } from 'exceljs';

const example = budgetDataDocumentSchema.parse(REFERENCE_BUDGET_DATA.catalogueExample);
/** The data in fen: a cell gives back the number ("4240.9"), not the printed text ("4,240.90"). */
const fen = (document: unknown) => {
  const parsed = parseBudgetData(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};

async function throughFile(workbook: ExcelWorkbook): Promise<ExcelWorkbook> {
  const copy = new ExcelWorkbook();
  await copy.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return copy;
}

describe('the workbook holds every field', () => {
  it('the template has a sheet, column or row for each new field', async () => {
    const template = await throughFile(budgetWorkbook(budgetDataDocumentSchema.parse(REFERENCE_BUDGET_DATA.seed000)));
    expect(template.worksheets.map((s) => s.name)).toEqual(['总体', '项目', '分期', '三公', '收入', '采购', '人员', '资产', '履职', '资金到位', '对账', '报告数']);
    const header = (sheet: string, row = 1) => (template.getWorksheet(sheet)!.getRow(row).values as unknown[]).filter(Boolean);
    expect(header('总体', 4)).toEqual(['口径', '上年结转', '年初预算', '预算调整', '全年指标下达数', '支出', '年末指标收回', '年末结转结余']);
    expect(header('项目')).toEqual(expect.arrayContaining(['重点项目（是/否）', '上年结转', '年初预算', '预算调整', '年末结转结余']));
    expect(header('分期')).toEqual(expect.arrayContaining(['累计指标下达数', '累计支出', '当期指标下达数', '当期支出', '计划累计支出']));
    expect(header('三公')).toEqual(['类别', '预算数', '决算支出数', '上年预算数', '上年决算支出数']);
    expect(template.getWorksheet('三公')!.getCell('A5').value).toBe('合计');
    expect(header('收入')).toEqual(['收入来源', '本年收入', '上年收入']);
    expect(template.getWorksheet('收入')!.getCell('A2').value).toBe('财政拨款收入');
    expect(header('报告数')).toEqual(['指标代码', '指标名称', '口径', '对象', '报告值', '出处']);
    const labels = (sheet: string) => [2, 3, 4, 5, 6, 7].map((row) => template.getWorksheet(sheet)!.getCell(`A${row}`).value).filter(Boolean);
    expect(labels('资产')).toEqual(['年初固定资产总额', '本年增加（购置、调入）', '本年减少（报废、调出）', '年末固定资产总额（所有固定资产总额）', '实际在用固定资产总额']);
    expect(labels('履职')).toHaveLength(6);
    expect(labels('资金到位')).toHaveLength(6);
    // The template's example reads back as it was (the new sheets empty: the income rows without amounts are left out).
    const { document, issues } = readBudgetWorkbook(template);
    expect(issues).toEqual([]);
    expect(fen(document)).toEqual(fen(REFERENCE_BUDGET_DATA.seed000));
  });

  it('round-trips a document with every field: write → read → write → read', async () => {
    const first = readBudgetWorkbook(await throughFile(budgetWorkbook(example)));
    expect(first.issues).toEqual([]);
    expect(fen(first.document)).toEqual(fen(example));
    // Once in the workbook's own form, a second trip gives the very same document.
    const second = readBudgetWorkbook(await throughFile(budgetWorkbook(budgetDataDocumentSchema.parse(first.document))));
    expect(second.document).toEqual(first.document);
  });

  it('fills the template by hand: totals-only 三公, income, per-period figures, a key project, reported by alias', async () => {
    const workbook = await throughFile(budgetWorkbook({ unit: 'wan_yuan' }));
    const ws = (name: string) => workbook.getWorksheet(name)!;
    ws('总体').getCell('B5').value = 120; // 合计 上年结转
    ws('总体').getCell('H5').value = 170; // 合计 年末结转结余
    ws('项目').getCell('A2').value = '乡村道路养护';
    ws('项目').getCell('B2').value = '是';
    ws('项目').getCell('E2').value = 30; // 预算调整
    ws('分期').getCell('A2').value = 'M01';
    ws('分期').getCell('E2').value = 12.5; // D 当期指标下达数, E 当期支出
    ws('三公').getCell('B5').value = 12; // 合计 预算数
    ws('三公').getCell('C5').value = 9.6;
    ws('收入').getCell('B2').value = 1050; // 财政拨款收入 本年
    ws('收入').getCell('C2').value = 1000;
    ws('资产').getCell('B6').value = 126.5; // 实际在用
    ws('履职').getCell('B2').value = 40;
    ws('资金到位').getCell('B7').value = 266.004321; // 实际成本, to the fen
    ws('报告数').getCell('B2').value = '预算控制率';
    ws('报告数').getCell('E2').value = '8.00%';
    ws('报告数').getCell('B3').value = '预算完成率';
    ws('报告数').getCell('C3').value = '按可支配资金';
    ws('报告数').getCell('E3').value = '85.83%';
    const { document, issues } = readBudgetWorkbook(await throughFile(workbook));
    expect(issues).toEqual([]);
    expect(document).toMatchObject<Partial<BudgetDataDocumentInput>>({
      total: { carriedIn: '120', carryOver: '170' },
      projects: [{ name: '乡村道路养护', keyProject: true, adjustments: '30' }],
      periods: [{ period: 'M01', periodSpent: '12.5' }],
      threePublic: [],
      threePublicTotal: { budget: '12', spent: '9.6' },
      income: [{ source: '财政拨款收入', thisYear: '1050', lastYear: '1000' }],
      fixedAssets: { inUse: '126.5' },
      work: { planned: 40 },
      funding: { actualCost: '266.004321' },
      reported: [
        { metric: 'adjustment_rate', subject: null, value: '8.00%', source: null },
        { metric: 'execution_rate', variant: 'funds_available', subject: null, value: '85.83%', source: null },
      ],
    });
    expect(parseBudgetData(document).ok).toBe(true);
  });

  it('names the cell of a bad value in the new sheets', async () => {
    const workbook = await throughFile(budgetWorkbook({ unit: 'yuan' }));
    workbook.getWorksheet('项目')!.getCell('A2').value = '甲';
    workbook.getWorksheet('项目')!.getCell('B2').value = '也许';
    workbook.getWorksheet('履职')!.getCell('B3').value = 3.5;
    workbook.getWorksheet('收入')!.getCell('B3').value = '三十';
    workbook.getWorksheet('报告数')!.getCell('B2').value = '预算完成率';
    workbook.getWorksheet('报告数')!.getCell('C2').value = '按心情';
    workbook.getWorksheet('报告数')!.getCell('E2').value = '1%';
    const { issues } = readBudgetWorkbook(await throughFile(workbook));
    expect(issues).toEqual([
      { path: '项目!B2', message: '重点项目请填“是”或“否”：“也许”' },
      { path: '收入!B3', message: '不是金额：“三十”' },
      { path: '履职!B3', message: '工作数应为整数：“3.5”' },
      { path: '报告数!C2', message: expect.stringContaining('预算完成率没有“按心情”口径') },
    ]);
  });

  it('the export lists every computed metric with its formula, and reading ignores that sheet', async () => {
    const data = parseBudgetData(example);
    if (!data.ok) throw new Error('example');
    const { metrics } = analyseBudget(data.value, defaultThresholds());
    const workbook = await throughFile(budgetWorkbook(example, metrics));
    const results = workbook.getWorksheet('指标')!;
    expect((results.getRow(1).values as unknown[]).filter(Boolean)).toEqual(['指标代码', '指标名称', '对象', '口径', '计算公式', '计算过程', '结果']);
    expect((results.getRow(2).values as unknown[]).filter(Boolean)).toEqual(['execution_rate', '预算完成率', '整体', '按全年指标下达数', '全年支出 ÷ 全年指标下达数 × 100%', '1,000.00 ÷ 1,080.00', '92.59%']);
    expect(fen(readBudgetWorkbook(workbook).document)).toEqual(fen(example));
  });
});
