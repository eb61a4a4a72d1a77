import { Workbook, type Worksheet } from 'exceljs';
import {
  INCOME_SOURCES,
  METRIC_DEFINITIONS,
  THREE_PUBLIC_KINDS,
  THREE_PUBLIC_LABELS,
  UNIT_LABELS,
  isMetricKey,
  metricByName,
  parseMetricReference,
  variantByName,
  variantProblem,
  type BudgetDataDocument,
  type BudgetDataDocumentInput,
  type FieldIssue,
  type MetricKey,
  type MetricResult,
} from '@evalflow/domain';
// The files, not the index: this module is loaded in the parse worker, which should not load Nest.
import { cellText, headerColumns, styleHeaderRow } from '../../infrastructure/excel/excel-cells';
import { lastRowWithin } from '../../infrastructure/excel/sheet-rows';
import { workbookReader } from '../../infrastructure/excel/workbook-reader';

/*
 * The budget data workbook (预算数据模板): one sheet per part of DOMAIN §4 with Chinese headers. The same layout is
 * the downloadable template (with a worked example), the export of an evaluation's data and the import, so a workbook
 * exported and imported again gives the same data. Amounts are numbers in the unit of 总体!B1; a cell is read back as
 * the shortest decimal that names its number, and more decimals than the unit allows is an error naming the cell (no
 * silent rounding). Reported percentages are text, so "89.40%" keeps its printed digits.
 *
 * Columns are found by their header (older workbooks with fewer columns, or columns moved, still import); the
 * key-value sheets (采购, 人员, 资产, 履职, 资金到位) by the label in column A. The export adds a sheet 指标 with every
 * computed metric, its formula (口径) and figures; it is for reading and ignored on import.
 */

type Line = NonNullable<BudgetDataDocumentInput['total']>;
type Column<K extends string> = { key: K; label: string; aliases?: readonly string[] };

const LINE_COLUMNS: Column<keyof Line>[] = [
  { key: 'carriedIn', label: '上年结转', aliases: ['上年结转结余', '年初结转结余'] },
  { key: 'initial', label: '年初预算' },
  { key: 'adjustments', label: '预算调整' },
  { key: 'allotted', label: '全年指标下达数' },
  { key: 'spent', label: '支出' },
  { key: 'recovered', label: '年末指标收回' },
  { key: 'carryOver', label: '年末结转结余', aliases: ['结转结余'] },
];
const OVERVIEW_ROWS = ['合计', '基本支出', '人员经费', '公用经费', '项目支出'] as const;
const QUARTER_COLUMNS: Column<'Q1' | 'Q2' | 'Q3' | 'Q4'>[] = [
  { key: 'Q1', label: '一季度末累计支出' },
  { key: 'Q2', label: '二季度末累计支出' },
  { key: 'Q3', label: '三季度末累计支出' },
  { key: 'Q4', label: '四季度末累计支出' },
];
const KEY_PROJECT: Column<'keyProject'> = { key: 'keyProject', label: '重点项目（是/否）', aliases: ['重点项目'] };
type PeriodKey = 'allotted' | 'spent' | 'periodAllotted' | 'periodSpent' | 'plannedSpent' | 'basicAllotted' | 'basicSpent' | 'projectAllotted' | 'projectSpent';
const PERIOD_COLUMNS: Column<PeriodKey>[] = [
  { key: 'allotted', label: '累计指标下达数' },
  { key: 'spent', label: '累计支出' },
  { key: 'periodAllotted', label: '当期指标下达数' },
  { key: 'periodSpent', label: '当期支出' },
  { key: 'plannedSpent', label: '计划累计支出' },
  { key: 'basicAllotted', label: '基本支出累计指标下达数' },
  { key: 'basicSpent', label: '基本支出累计支出' },
  { key: 'projectAllotted', label: '项目支出累计指标下达数' },
  { key: 'projectSpent', label: '项目支出累计支出' },
];
type ThreePublicKey = 'budget' | 'spent' | 'lastYearBudget' | 'lastYear';
const THREE_PUBLIC_COLUMNS: Column<ThreePublicKey>[] = [
  { key: 'budget', label: '预算数' },
  { key: 'spent', label: '决算支出数' },
  { key: 'lastYearBudget', label: '上年预算数' },
  { key: 'lastYear', label: '上年决算支出数' },
];
const THREE_PUBLIC_TOTAL_ROW = '合计';
const INCOME_COLUMNS: Column<'thisYear' | 'lastYear'>[] = [
  { key: 'thisYear', label: '本年收入' },
  { key: 'lastYear', label: '上年收入' },
];
const REPORTED_COLUMNS: Column<'code' | 'name' | 'variant' | 'subject' | 'value' | 'source'>[] = [
  { key: 'code', label: '指标代码' },
  { key: 'name', label: '指标名称' },
  { key: 'variant', label: '口径' },
  { key: 'subject', label: '对象' },
  { key: 'value', label: '报告值' },
  { key: 'source', label: '出处' },
];
/** Key-value sheets: label in A, value in B; `kind` says how the value is read. */
const FIXED_ASSET_ROWS: Column<keyof NonNullable<BudgetDataDocumentInput['fixedAssets']>>[] = [
  { key: 'opening', label: '年初固定资产总额' },
  { key: 'additions', label: '本年增加（购置、调入）', aliases: ['本年增加'] },
  { key: 'disposals', label: '本年减少（报废、调出）', aliases: ['本年减少'] },
  { key: 'closing', label: '年末固定资产总额（所有固定资产总额）', aliases: ['年末固定资产总额', '所有固定资产总额'] },
  { key: 'inUse', label: '实际在用固定资产总额' },
];
const WORK_ROWS: Column<keyof NonNullable<BudgetDataDocumentInput['work']>>[] = [
  { key: 'planned', label: '计划工作数' },
  { key: 'completed', label: '实际完成工作数' },
  { key: 'completedOnTime', label: '及时完成工作数' },
  { key: 'qualified', label: '质量达标工作数' },
  { key: 'keyAssigned', label: '重点工作交办或下达数', aliases: ['重点工作交办数'] },
  { key: 'keyCompleted', label: '重点工作实际完成数', aliases: ['重点工作完成数'] },
];
const FUNDING_ROWS: Column<keyof NonNullable<BudgetDataDocumentInput['funding']>>[] = [
  { key: 'planned', label: '计划投入资金' },
  { key: 'arrived', label: '实际到位资金' },
  { key: 'due', label: '应到位资金' },
  { key: 'arrivedOnTime', label: '及时到位资金' },
  { key: 'plannedCost', label: '计划成本' },
  { key: 'actualCost', label: '实际成本' },
];
const SHEETS = {
  overview: '总体',
  projects: '项目',
  periods: '分期',
  threePublic: '三公',
  income: '收入',
  procurement: '采购',
  staffing: '人员',
  fixedAssets: '资产',
  work: '履职',
  funding: '资金到位',
  reconciliation: '对账',
  reported: '报告数',
  results: '指标',
} as const;
const OVERVIEW_HEADER_ROW = 4;
const YES = ['是', 'Y', 'y', 'yes', 'true', '1', '√', '✓'];
const NO = ['否', 'N', 'n', 'no', 'false', '0', '×'];

const toNumber = (amount: string | null | undefined) => (amount === null || amount === undefined ? null : Number(amount.replace(/,/g, '')));
const letter = (column: number) => String.fromCharCode(64 + column);

function amountCell(sheet: Worksheet, address: string, amount: string | null | undefined): void {
  const cell = sheet.getCell(address);
  cell.value = toNumber(amount);
  cell.numFmt = '#,##0.00####';
}

function headerRow(sheet: Worksheet, labels: string[], row = 1): void {
  labels.forEach((label, index) => (sheet.getRow(row).getCell(index + 1).value = label));
  styleHeaderRow(sheet, row);
  labels.forEach((_, index) => (sheet.getColumn(index + 1).width = index === 0 ? 34 : 18));
}

function keyValueSheet<K extends string>(workbook: Workbook, name: string, valueLabel: string, rows: Column<K>[], values: Partial<Record<K, string | number | null>> | undefined, amounts: boolean): void {
  const sheet = workbook.addWorksheet(name);
  headerRow(sheet, ['项目', valueLabel]);
  rows.forEach((row, index) => {
    sheet.getCell(`A${index + 2}`).value = row.label;
    const value = values?.[row.key];
    if (amounts) amountCell(sheet, `B${index + 2}`, value as string | null | undefined);
    else sheet.getCell(`B${index + 2}`).value = value ?? null;
  });
}

/** The workbook for a document (an empty template when `document` is null); `results` adds the sheet 指标. */
export function budgetWorkbook(document: BudgetDataDocumentInput | null, results: readonly MetricResult[] = []): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'Evalflow';
  const d: BudgetDataDocumentInput = document ?? { unit: 'wan_yuan' };

  const overview = workbook.addWorksheet(SHEETS.overview);
  overview.getCell('A1').value = '金额单位';
  overview.getCell('B1').value = UNIT_LABELS[d.unit];
  overview.getCell('C1').value = '（万元 或 元；本工作簿所有金额均以此为单位）';
  overview.getCell('A2').value = '年度';
  overview.getCell('B2').value = d.fiscalYear ?? null;
  overview.getCell('C2').value = '可支配资金 = 上年结转 + 年初预算 + 预算调整';
  headerRow(overview, ['口径', ...LINE_COLUMNS.map((c) => c.label)], OVERVIEW_HEADER_ROW);
  const lines: Record<(typeof OVERVIEW_ROWS)[number], Line | undefined> = {
    合计: d.total,
    基本支出: d.basic,
    人员经费: d.basic?.staff,
    公用经费: d.basic?.running,
    项目支出: d.project,
  };
  OVERVIEW_ROWS.forEach((label, index) => {
    const row = OVERVIEW_HEADER_ROW + 1 + index;
    overview.getCell(`A${row}`).value = label;
    LINE_COLUMNS.forEach(({ key }, column) => amountCell(overview, `${letter(column + 2)}${row}`, lines[label]?.[key]));
  });

  const projects = workbook.addWorksheet(SHEETS.projects);
  headerRow(projects, ['项目名称', KEY_PROJECT.label, ...LINE_COLUMNS.map((c) => c.label), ...QUARTER_COLUMNS.map((c) => c.label)]);
  (d.projects ?? []).forEach((project, index) => {
    const row = index + 2;
    projects.getCell(`A${row}`).value = project.name;
    projects.getCell(`B${row}`).value = project.keyProject === undefined ? null : project.keyProject ? '是' : '否';
    LINE_COLUMNS.forEach(({ key }, column) => amountCell(projects, `${letter(column + 3)}${row}`, project[key]));
    QUARTER_COLUMNS.forEach(({ key }, column) => amountCell(projects, `${letter(column + 3 + LINE_COLUMNS.length)}${row}`, project.cumulativeSpent?.[key]));
  });

  const periods = workbook.addWorksheet(SHEETS.periods);
  headerRow(periods, ['期间', ...PERIOD_COLUMNS.map((c) => c.label)]);
  (d.periods ?? []).forEach((period, index) => {
    const row = index + 2;
    periods.getCell(`A${row}`).value = period.period;
    const values: Record<PeriodKey, string | undefined> = {
      allotted: period.allotted,
      spent: period.spent,
      periodAllotted: period.periodAllotted,
      periodSpent: period.periodSpent,
      plannedSpent: period.plannedSpent,
      basicAllotted: period.basic?.allotted,
      basicSpent: period.basic?.spent,
      projectAllotted: period.project?.allotted,
      projectSpent: period.project?.spent,
    };
    PERIOD_COLUMNS.forEach(({ key }, column) => amountCell(periods, `${letter(column + 2)}${row}`, values[key]));
  });
  periods.getCell(`A${(d.periods?.length ?? 0) + 3}`).value = '说明：期间填 Q1–Q4 或 M01–M12；累计数与当期数填一种即可，系统互相推算并核对合计。';

  const threePublic = workbook.addWorksheet(SHEETS.threePublic);
  headerRow(threePublic, ['类别', ...THREE_PUBLIC_COLUMNS.map((c) => c.label)]);
  THREE_PUBLIC_KINDS.forEach((kind, index) => {
    const row = index + 2;
    const item = (d.threePublic ?? []).find((i) => i.kind === kind);
    threePublic.getCell(`A${row}`).value = THREE_PUBLIC_LABELS[kind];
    THREE_PUBLIC_COLUMNS.forEach(({ key }, column) => amountCell(threePublic, `${letter(column + 2)}${row}`, item?.[key]));
  });
  const totalRow = THREE_PUBLIC_KINDS.length + 2;
  threePublic.getCell(`A${totalRow}`).value = THREE_PUBLIC_TOTAL_ROW;
  THREE_PUBLIC_COLUMNS.forEach(({ key }, column) => amountCell(threePublic, `${letter(column + 2)}${totalRow}`, d.threePublicTotal?.[key]));
  threePublic.getCell(`A${totalRow + 2}`).value = '说明：报告未分类别列示时，只填“合计”行；分类别填写时“合计”行可留空（系统自动合计）。';

  const income = workbook.addWorksheet(SHEETS.income);
  headerRow(income, ['收入来源', ...INCOME_COLUMNS.map((c) => c.label)]);
  const incomeRows = d.income?.length ? d.income : [...INCOME_SOURCES, '合计'].map((source) => ({ source, thisYear: undefined, lastYear: undefined }));
  incomeRows.forEach((item, index) => {
    const row = index + 2;
    income.getCell(`A${row}`).value = item.source;
    INCOME_COLUMNS.forEach(({ key }, column) => amountCell(income, `${letter(column + 2)}${row}`, item[key]));
  });

  const procurement = workbook.addWorksheet(SHEETS.procurement);
  headerRow(procurement, ['项目', '金额']);
  procurement.getCell('A2').value = '政府采购预算';
  amountCell(procurement, 'B2', d.procurement?.budget);
  procurement.getCell('A3').value = '实际政府采购金额';
  amountCell(procurement, 'B3', d.procurement?.actual);

  const staffing = workbook.addWorksheet(SHEETS.staffing);
  headerRow(staffing, ['项目', '人数']);
  staffing.getCell('A2').value = '编制数';
  staffing.getCell('B2').value = d.staffing?.establishment ?? null;
  staffing.getCell('A3').value = '实有在职人数';
  staffing.getCell('B3').value = d.staffing?.inPost ?? null;

  keyValueSheet(workbook, SHEETS.fixedAssets, '金额', FIXED_ASSET_ROWS, d.fixedAssets, true);
  keyValueSheet(workbook, SHEETS.work, '数量（项）', WORK_ROWS, d.work, false);
  keyValueSheet(workbook, SHEETS.funding, '金额', FUNDING_ROWS, d.funding, true);

  const reconciliation = workbook.addWorksheet(SHEETS.reconciliation);
  headerRow(reconciliation, ['来源', '名称', '金额']);
  reconciliation.getCell('A2').value = '来源A';
  reconciliation.getCell('B2').value = d.reconciliation?.sourceA.name ?? null;
  amountCell(reconciliation, 'C2', d.reconciliation?.sourceA.amount);
  reconciliation.getCell('A3').value = '来源B';
  reconciliation.getCell('B3').value = d.reconciliation?.sourceB.name ?? null;
  amountCell(reconciliation, 'C3', d.reconciliation?.sourceB.amount);
  ['差异事项', '差额（来源A − 来源B）', '原因'].forEach((label, index) => (reconciliation.getRow(5).getCell(index + 1).value = label));
  reconciliation.getRow(5).font = { bold: true };
  (d.reconciliation?.differences ?? []).forEach((difference, index) => {
    const row = 6 + index;
    reconciliation.getCell(`A${row}`).value = difference.item;
    amountCell(reconciliation, `B${row}`, difference.amount);
    reconciliation.getCell(`C${row}`).value = difference.reason ?? null;
  });

  const reported = workbook.addWorksheet(SHEETS.reported);
  headerRow(reported, REPORTED_COLUMNS.map((c) => c.label));
  (d.reported ?? []).forEach((figure, index) => {
    const row = index + 2;
    const variant = figure.variant ? METRIC_DEFINITIONS[figure.metric].variants.find((v) => v.key === figure.variant) : undefined;
    const values = [figure.metric, METRIC_DEFINITIONS[figure.metric].zh, variant?.zh ?? null, figure.subject ?? null, figure.value, figure.source ?? null];
    values.forEach((value, column) => (reported.getRow(row).getCell(column + 1).value = value));
  });

  if (results.length) {
    const sheet = workbook.addWorksheet(SHEETS.results);
    headerRow(sheet, ['指标代码', '指标名称', '对象', '口径', '计算公式', '计算过程', '结果']);
    results.forEach((m, index) => {
      const values = [m.key, m.zh, m.subject ?? '整体', m.variantZh, m.formula, m.figures, m.text];
      values.forEach((value, column) => (sheet.getRow(index + 2).getCell(column + 1).value = value));
    });
    sheet.getColumn(5).width = 60;
    sheet.getCell(`A${results.length + 3}`).value = '本表为导出时的计算结果，仅供查阅；导入时不读取。';
  }
  return workbook;
}

/**
 * Reads a budget workbook back into a document (not yet validated: the caller runs the schema, whose paths are
 * JSON paths; problems of the workbook itself are reported here as `工作表!单元格`).
 */
export function readBudgetWorkbook(workbook: Workbook): { document: BudgetDataDocumentInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const sheet = (name: string) => workbook.getWorksheet(name);
  const overview = sheet(SHEETS.overview);
  if (!overview) return { document: { unit: 'yuan' }, issues: [{ path: SHEETS.overview, message: '缺少“总体”工作表（请使用预算数据模板）' }] };

  const unitText = cellText(overview.getCell('B1'));
  const unit = unitText === '万元' ? 'wan_yuan' : unitText === '元' ? 'yuan' : null;
  if (!unit) issues.push({ path: `${SHEETS.overview}!B1`, message: `金额单位应为“万元”或“元”，实为“${unitText}”` });
  const amount = (ws: Worksheet, address: string): string | undefined => {
    const text = cellText(ws.getCell(address)).replace(/,/g, '');
    if (!text) return undefined;
    if (!/^-?\d+(\.\d+)?$/.test(text)) {
      issues.push({ path: `${ws.name}!${address}`, message: `不是金额：“${text}”` });
      return undefined;
    }
    return text;
  };
  const count = (ws: Worksheet, address: string, what = '人数'): number | undefined => {
    const text = cellText(ws.getCell(address));
    if (!text) return undefined;
    if (!/^\d+$/.test(text)) {
      issues.push({ path: `${ws.name}!${address}`, message: `${what}应为整数：“${text}”` });
      return undefined;
    }
    return Number(text);
  };
  /** Header label (or alias) → column, for the columns of `spec` (a column the sheet lacks is simply not read). */
  const columnsOf = <K extends string>(ws: Worksheet, spec: Column<K>[], row = 1): Map<K, number> => {
    const headers = headerColumns(ws, row);
    const result = new Map<K, number>();
    for (const column of spec) {
      const found = [column.label, ...(column.aliases ?? [])].map((label) => headers.get(label)).find((c) => c !== undefined);
      if (found !== undefined) result.set(column.key, found);
    }
    return result;
  };
  const amounts = <K extends string>(ws: Worksheet, row: number, columns: Map<K, number>): Partial<Record<K, string>> => {
    const result: Partial<Record<K, string>> = {};
    for (const [key, column] of columns) {
      const value = amount(ws, `${letter(column)}${row}`);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };
  const present = <T extends object>(value: T): T | undefined => (Object.keys(value).length ? value : undefined);
  // Each sheet's last row, computed once and bounded (a sheet over the limit is an issue, and is not read).
  const lastRow = (ws: Worksheet): number => {
    const bounds = lastRowWithin(ws);
    if ('issue' in bounds) {
      issues.push(bounds.issue);
      return 0;
    }
    return bounds.lastRow;
  };
  /** Label in A → value row, for the key-value sheets. */
  const labelRows = <K extends string>(ws: Worksheet, spec: Column<K>[]): Map<K, number> => {
    const rows = new Map<K, number>();
    for (let row = 2, last = lastRow(ws); row <= last; row++) {
      const label = cellText(ws.getCell(`A${row}`));
      const column = spec.find((c) => c.label === label || c.aliases?.includes(label));
      if (column && !rows.has(column.key)) rows.set(column.key, row);
    }
    return rows;
  };

  const document: BudgetDataDocumentInput = { unit: unit ?? 'yuan' };
  const year = cellText(overview.getCell('B2'));
  if (year) {
    if (/^\d{4}$/.test(year)) document.fiscalYear = Number(year);
    else issues.push({ path: `${SHEETS.overview}!B2`, message: `年度应为四位数字：“${year}”` });
  }
  const lineColumns = columnsOf(overview, LINE_COLUMNS, OVERVIEW_HEADER_ROW);
  const rowOf = new Map<string, number>();
  for (let row = OVERVIEW_HEADER_ROW + 1, last = lastRow(overview); row <= last; row++) rowOf.set(cellText(overview.getCell(`A${row}`)), row);
  const overviewLine = (label: (typeof OVERVIEW_ROWS)[number]) => (rowOf.has(label) ? present(amounts(overview, rowOf.get(label)!, lineColumns)) : undefined);
  const total = overviewLine('合计');
  if (total) document.total = total;
  const basic = overviewLine('基本支出');
  const staff = overviewLine('人员经费');
  const running = overviewLine('公用经费');
  if (basic || staff || running) document.basic = { ...basic, ...(staff ? { staff } : {}), ...(running ? { running } : {}) };
  const project = overviewLine('项目支出');
  if (project) document.project = project;

  const projects = sheet(SHEETS.projects);
  if (projects) {
    document.projects = [];
    const columns = columnsOf(projects, LINE_COLUMNS);
    const quarterColumns = columnsOf(projects, QUARTER_COLUMNS);
    const keyColumn = columnsOf(projects, [KEY_PROJECT]).get('keyProject');
    for (let row = 2, last = lastRow(projects); row <= last; row++) {
      const name = cellText(projects.getCell(`A${row}`));
      if (!name) continue;
      const cumulativeSpent = amounts(projects, row, quarterColumns);
      const keyText = keyColumn ? cellText(projects.getCell(`${letter(keyColumn)}${row}`)) : '';
      let keyProject: boolean | undefined;
      if (YES.includes(keyText)) keyProject = true;
      else if (NO.includes(keyText)) keyProject = false;
      else if (keyText) issues.push({ path: `${SHEETS.projects}!${letter(keyColumn!)}${row}`, message: `重点项目请填“是”或“否”：“${keyText}”` });
      document.projects.push({
        name,
        ...(keyProject === undefined ? {} : { keyProject }),
        ...amounts(projects, row, columns),
        ...(Object.keys(cumulativeSpent).length ? { cumulativeSpent } : {}),
      });
    }
  }

  const periods = sheet(SHEETS.periods);
  if (periods) {
    document.periods = [];
    const columns = columnsOf(periods, PERIOD_COLUMNS);
    for (let row = 2, last = lastRow(periods); row <= last; row++) {
      const period = cellText(periods.getCell(`A${row}`));
      if (!period || period.startsWith('说明')) continue;
      const v = amounts(periods, row, columns);
      const pair = (a: string | undefined, s: string | undefined) => (a !== undefined && s !== undefined ? { allotted: a, spent: s } : undefined);
      document.periods.push({
        period,
        ...(v.allotted !== undefined ? { allotted: v.allotted } : {}),
        ...(v.spent !== undefined ? { spent: v.spent } : {}),
        ...(v.periodAllotted !== undefined ? { periodAllotted: v.periodAllotted } : {}),
        ...(v.periodSpent !== undefined ? { periodSpent: v.periodSpent } : {}),
        ...(v.plannedSpent !== undefined ? { plannedSpent: v.plannedSpent } : {}),
        ...(pair(v.basicAllotted, v.basicSpent) ? { basic: pair(v.basicAllotted, v.basicSpent) } : {}),
        ...(pair(v.projectAllotted, v.projectSpent) ? { project: pair(v.projectAllotted, v.projectSpent) } : {}),
      });
    }
  }

  const threePublic = sheet(SHEETS.threePublic);
  if (threePublic) {
    document.threePublic = [];
    const columns = columnsOf(threePublic, THREE_PUBLIC_COLUMNS);
    for (let row = 2, last = lastRow(threePublic); row <= last; row++) {
      const label = cellText(threePublic.getCell(`A${row}`));
      if (!label || label.startsWith('说明')) continue;
      const values = amounts(threePublic, row, columns);
      if (label === THREE_PUBLIC_TOTAL_ROW || label === '“三公”经费合计') {
        if (Object.keys(values).length) document.threePublicTotal = values;
        continue;
      }
      const kind = THREE_PUBLIC_KINDS.find((k) => THREE_PUBLIC_LABELS[k] === label);
      if (!kind) {
        issues.push({ path: `${SHEETS.threePublic}!A${row}`, message: `类别应为${THREE_PUBLIC_KINDS.map((k) => `“${THREE_PUBLIC_LABELS[k]}”`).join('、')}或“合计”之一` });
        continue;
      }
      if (!Object.keys(values).length) continue;
      document.threePublic.push({ kind, budget: values.budget, spent: values.spent, lastYear: values.lastYear, ...(values.lastYearBudget !== undefined ? { lastYearBudget: values.lastYearBudget } : {}) });
    }
  }

  const income = sheet(SHEETS.income);
  if (income) {
    document.income = [];
    const columns = columnsOf(income, INCOME_COLUMNS);
    for (let row = 2, last = lastRow(income); row <= last; row++) {
      const source = cellText(income.getCell(`A${row}`));
      if (!source) continue;
      const values = amounts(income, row, columns);
      // The template lists the usual sources; a source left empty is not part of the data.
      if (Object.keys(values).length) document.income.push({ source, ...values });
    }
  }

  const procurement = sheet(SHEETS.procurement);
  if (procurement) {
    const budget = amount(procurement, 'B2');
    const actual = amount(procurement, 'B3');
    if (budget !== undefined && actual !== undefined) document.procurement = { budget, actual };
    else if (budget !== undefined || actual !== undefined) issues.push({ path: `${SHEETS.procurement}!B2:B3`, message: '政府采购预算与实际金额须同时填写' });
  }

  const staffing = sheet(SHEETS.staffing);
  if (staffing) {
    const establishment = count(staffing, 'B2');
    const inPost = count(staffing, 'B3');
    if (establishment !== undefined && inPost !== undefined) document.staffing = { establishment, inPost };
    else if (establishment !== undefined || inPost !== undefined) issues.push({ path: `${SHEETS.staffing}!B2:B3`, message: '编制数与实有在职人数须同时填写' });
  }

  const fixedAssets = sheet(SHEETS.fixedAssets);
  if (fixedAssets) {
    const values: Record<string, string> = {};
    for (const [key, row] of labelRows(fixedAssets, FIXED_ASSET_ROWS)) {
      const value = amount(fixedAssets, `B${row}`);
      if (value !== undefined) values[key] = value;
    }
    if (Object.keys(values).length) document.fixedAssets = values;
  }
  const work = sheet(SHEETS.work);
  if (work) {
    const values: Record<string, number> = {};
    for (const [key, row] of labelRows(work, WORK_ROWS)) {
      const value = count(work, `B${row}`, '工作数');
      if (value !== undefined) values[key] = value;
    }
    if (Object.keys(values).length) document.work = values;
  }
  const funding = sheet(SHEETS.funding);
  if (funding) {
    const values: Record<string, string> = {};
    for (const [key, row] of labelRows(funding, FUNDING_ROWS)) {
      const value = amount(funding, `B${row}`);
      if (value !== undefined) values[key] = value;
    }
    if (Object.keys(values).length) document.funding = values;
  }

  const reconciliation = sheet(SHEETS.reconciliation);
  if (reconciliation && (cellText(reconciliation.getCell('B2')) || cellText(reconciliation.getCell('C2')))) {
    const differences: NonNullable<BudgetDataDocumentInput['reconciliation']>['differences'] = [];
    for (let row = 6, last = lastRow(reconciliation); row <= last; row++) {
      const item = cellText(reconciliation.getCell(`A${row}`));
      if (!item) continue;
      differences.push({ item, amount: amount(reconciliation, `B${row}`) ?? '', reason: cellText(reconciliation.getCell(`C${row}`)) || null });
    }
    document.reconciliation = {
      sourceA: { name: cellText(reconciliation.getCell('B2')), amount: amount(reconciliation, 'C2') ?? '' },
      sourceB: { name: cellText(reconciliation.getCell('B3')), amount: amount(reconciliation, 'C3') ?? '' },
      differences,
    };
  }

  const reported = sheet(SHEETS.reported);
  if (reported) {
    document.reported = [];
    const columns = columnsOf(reported, REPORTED_COLUMNS);
    const text = (key: (typeof REPORTED_COLUMNS)[number]['key'], row: number) => {
      const column = columns.get(key);
      return column ? cellText(reported.getCell(`${letter(column)}${row}`)) : '';
    };
    for (let row = 2, last = lastRow(reported); row <= last; row++) {
      const code = text('code', row);
      const name = text('name', row);
      const value = text('value', row);
      const variantText = text('variant', row);
      if (!code && !name && !value) continue;
      const where = `${SHEETS.reported}!${letter(columns.get(code ? 'code' : 'name') ?? 1)}${row}`;
      const resolved = resolveReportedMetric(code, name);
      if (!resolved.metric) {
        issues.push({ path: where, message: resolved.problem ?? `未知指标：“${code || name}”` });
        continue;
      }
      let variant = resolved.variant;
      if (variantText) {
        const named = variantByName(resolved.metric, variantText);
        if (!named) {
          issues.push({ path: `${SHEETS.reported}!${letter(columns.get('variant')!)}${row}`, message: variantProblem(resolved.metric, variantText) });
          continue;
        }
        variant = named.key;
      }
      document.reported.push({
        metric: resolved.metric,
        ...(variant ? { variant } : {}),
        subject: text('subject', row) || null,
        value,
        source: text('source', row) || null,
      });
    }
  }
  return { document, issues };
}

/**
 * The metric of a 报告数 row: its code ("execution_rate", "execution_rate:funds_available") or, without one, its name or
 * an alias ("预算控制率" → adjustment_rate, "预算完成率（按可支配资金）" → the variant too).
 */
function resolveReportedMetric(code: string, name: string): { metric?: MetricKey; variant?: string; problem?: string } {
  if (code) {
    if (isMetricKey(code)) return { metric: code };
    const reference = parseMetricReference(code);
    if (reference.metric && !reference.problem) return reference;
    const byName = metricByName(code);
    if (byName) return { metric: byName };
    return { problem: reference.problem ?? `未知指标：“${code}”` };
  }
  return parseMetricReference(name);
}

/** readBudgetWorkbook as the parse worker runs it (parseUploadedWorkbook). */
export const BUDGET_WORKBOOK_READER = workbookReader(__filename, readBudgetWorkbook);

/** The parsed document in the form the template shows (for typing: the schema's output is also a valid input). */
export const asDocumentInput = (document: BudgetDataDocument): BudgetDataDocumentInput => document;
