import { Workbook, type Worksheet } from 'exceljs';
import {
  METRIC_DEFINITIONS,
  THREE_PUBLIC_KINDS,
  THREE_PUBLIC_LABELS,
  UNIT_LABELS,
  isMetricKey,
  type BudgetDataDocument,
  type BudgetDataDocumentInput,
  type FieldIssue,
} from '@evalflow/domain';
// The files, not the index: this module is loaded in the parse worker, which should not load Nest.
import { cellText, styleHeaderRow } from '../../infrastructure/excel/excel-cells';
import { lastRowWithin } from '../../infrastructure/excel/sheet-rows';
import { workbookReader } from '../../infrastructure/excel/workbook-reader';

/*
 * The budget data workbook (预算数据模板): one sheet per part of DOMAIN §4 with Chinese headers. The same layout is
 * the downloadable template (with seed 000's figures as the example), the export of an evaluation's data and the
 * import, so a workbook exported and imported again gives the same data. Amounts are numbers in the unit of 总体!B1;
 * a cell is read back as the shortest decimal that names its number, and more decimals than the unit allows is an
 * error naming the cell (no silent rounding). Reported percentages are text, so "89.40%" keeps its printed digits.
 */

type Line = NonNullable<BudgetDataDocumentInput['total']>;
const LINE_COLUMNS: [keyof Line, string][] = [
  ['initial', '年初预算'],
  ['adjustments', '预算调整'],
  ['allotted', '全年指标下达数'],
  ['spent', '支出'],
  ['recovered', '年末指标收回'],
  ['carryOver', '结转结余'],
];
const OVERVIEW_ROWS = ['合计', '基本支出', '人员经费', '公用经费', '项目支出'] as const;
const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
const QUARTER_LABELS: Record<(typeof QUARTERS)[number], string> = { Q1: '一季度末累计支出', Q2: '二季度末累计支出', Q3: '三季度末累计支出', Q4: '四季度末累计支出' };
const PERIOD_COLUMNS = ['期间', '累计指标下达数', '累计支出', '基本支出累计指标下达数', '基本支出累计支出', '项目支出累计指标下达数', '项目支出累计支出'];
const SHEETS = { overview: '总体', projects: '项目', periods: '分期', threePublic: '三公', procurement: '采购', staffing: '人员', reconciliation: '对账', reported: '报告数' } as const;
const OVERVIEW_HEADER_ROW = 4;

const toNumber = (amount: string | null | undefined) => (amount === null || amount === undefined ? null : Number(amount.replace(/,/g, '')));

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

/** The workbook for a document (an empty template when `document` is null). */
export function budgetWorkbook(document: BudgetDataDocumentInput | null): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'Evalflow';
  const d: BudgetDataDocumentInput = document ?? { unit: 'wan_yuan' };

  const overview = workbook.addWorksheet(SHEETS.overview);
  overview.getCell('A1').value = '金额单位';
  overview.getCell('B1').value = UNIT_LABELS[d.unit];
  overview.getCell('C1').value = '（万元 或 元；本工作簿所有金额均以此为单位）';
  overview.getCell('A2').value = '年度';
  overview.getCell('B2').value = d.fiscalYear ?? null;
  headerRow(overview, ['口径', ...LINE_COLUMNS.map(([, label]) => label)], OVERVIEW_HEADER_ROW);
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
    LINE_COLUMNS.forEach(([key], column) => amountCell(overview, `${String.fromCharCode(66 + column)}${row}`, lines[label]?.[key]));
  });

  const projects = workbook.addWorksheet(SHEETS.projects);
  headerRow(projects, ['项目名称', ...LINE_COLUMNS.map(([, label]) => label), ...QUARTERS.map((q) => QUARTER_LABELS[q])]);
  (d.projects ?? []).forEach((project, index) => {
    const row = index + 2;
    projects.getCell(`A${row}`).value = project.name;
    LINE_COLUMNS.forEach(([key], column) => amountCell(projects, `${String.fromCharCode(66 + column)}${row}`, project[key]));
    QUARTERS.forEach((quarter, column) => amountCell(projects, `${String.fromCharCode(72 + column)}${row}`, project.cumulativeSpent?.[quarter]));
  });

  const periods = workbook.addWorksheet(SHEETS.periods);
  headerRow(periods, PERIOD_COLUMNS);
  (d.periods ?? []).forEach((period, index) => {
    const row = index + 2;
    periods.getCell(`A${row}`).value = period.period;
    const values = [period.allotted, period.spent, period.basic?.allotted, period.basic?.spent, period.project?.allotted, period.project?.spent];
    values.forEach((value, column) => amountCell(periods, `${String.fromCharCode(66 + column)}${row}`, value));
  });

  const threePublic = workbook.addWorksheet(SHEETS.threePublic);
  headerRow(threePublic, ['类别', '预算数', '决算支出数', '上年决算支出数']);
  THREE_PUBLIC_KINDS.forEach((kind, index) => {
    const row = index + 2;
    const item = (d.threePublic ?? []).find((i) => i.kind === kind);
    threePublic.getCell(`A${row}`).value = THREE_PUBLIC_LABELS[kind];
    amountCell(threePublic, `B${row}`, item?.budget);
    amountCell(threePublic, `C${row}`, item?.spent);
    amountCell(threePublic, `D${row}`, item?.lastYear);
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
  headerRow(reported, ['指标代码', '指标名称', '对象', '报告值', '出处']);
  (d.reported ?? []).forEach((figure, index) => {
    const row = index + 2;
    reported.getCell(`A${row}`).value = figure.metric;
    reported.getCell(`B${row}`).value = METRIC_DEFINITIONS[figure.metric].zh;
    reported.getCell(`C${row}`).value = figure.subject ?? null;
    reported.getCell(`D${row}`).value = figure.value;
    reported.getCell(`E${row}`).value = figure.source ?? null;
  });
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
  const count = (ws: Worksheet, address: string): number | undefined => {
    const text = cellText(ws.getCell(address));
    if (!text) return undefined;
    if (!/^\d+$/.test(text)) {
      issues.push({ path: `${ws.name}!${address}`, message: `人数应为整数：“${text}”` });
      return undefined;
    }
    return Number(text);
  };
  const line = (ws: Worksheet, row: number, firstColumn: number): Line | undefined => {
    const result: Line = {};
    LINE_COLUMNS.forEach(([key], index) => {
      const value = amount(ws, `${String.fromCharCode(64 + firstColumn + index)}${row}`);
      if (value !== undefined) result[key] = value;
    });
    return Object.keys(result).length ? result : undefined;
  };
  // Each sheet's last row, computed once and bounded (a sheet over the limit is an issue, and is not read).
  const lastRow = (ws: Worksheet): number => {
    const bounds = lastRowWithin(ws);
    if ('issue' in bounds) {
      issues.push(bounds.issue);
      return 0;
    }
    return bounds.lastRow;
  };

  const document: BudgetDataDocumentInput = { unit: unit ?? 'yuan' };
  const year = cellText(overview.getCell('B2'));
  if (year) {
    if (/^\d{4}$/.test(year)) document.fiscalYear = Number(year);
    else issues.push({ path: `${SHEETS.overview}!B2`, message: `年度应为四位数字：“${year}”` });
  }
  const rowOf = new Map<string, number>();
  for (let row = OVERVIEW_HEADER_ROW + 1, last = lastRow(overview); row <= last; row++) rowOf.set(cellText(overview.getCell(`A${row}`)), row);
  const overviewLine = (label: (typeof OVERVIEW_ROWS)[number]) => (rowOf.has(label) ? line(overview, rowOf.get(label)!, 2) : undefined);
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
    for (let row = 2, last = lastRow(projects); row <= last; row++) {
      const name = cellText(projects.getCell(`A${row}`));
      if (!name) continue;
      const cumulativeSpent: Record<string, string> = {};
      QUARTERS.forEach((quarter, index) => {
        const value = amount(projects, `${String.fromCharCode(72 + index)}${row}`);
        if (value !== undefined) cumulativeSpent[quarter] = value;
      });
      document.projects.push({ name, ...line(projects, row, 2), ...(Object.keys(cumulativeSpent).length ? { cumulativeSpent } : {}) });
    }
  }

  const periods = sheet(SHEETS.periods);
  if (periods) {
    document.periods = [];
    for (let row = 2, last = lastRow(periods); row <= last; row++) {
      const period = cellText(periods.getCell(`A${row}`));
      if (!period) continue;
      const [allotted, spent, basicAllotted, basicSpent, projectAllotted, projectSpent] = ['B', 'C', 'D', 'E', 'F', 'G'].map((column) => amount(periods, `${column}${row}`));
      const pair = (a: string | undefined, s: string | undefined) => (a !== undefined && s !== undefined ? { allotted: a, spent: s } : undefined);
      document.periods.push({
        period,
        allotted: allotted ?? '',
        spent: spent ?? '',
        ...(pair(basicAllotted, basicSpent) ? { basic: pair(basicAllotted, basicSpent) } : {}),
        ...(pair(projectAllotted, projectSpent) ? { project: pair(projectAllotted, projectSpent) } : {}),
      });
    }
  }

  const threePublic = sheet(SHEETS.threePublic);
  if (threePublic) {
    document.threePublic = [];
    for (let row = 2, last = lastRow(threePublic); row <= last; row++) {
      const label = cellText(threePublic.getCell(`A${row}`));
      if (!label) continue;
      const kind = THREE_PUBLIC_KINDS.find((k) => THREE_PUBLIC_LABELS[k] === label);
      if (!kind) {
        issues.push({ path: `${SHEETS.threePublic}!A${row}`, message: `类别应为${THREE_PUBLIC_KINDS.map((k) => `“${THREE_PUBLIC_LABELS[k]}”`).join('、')}之一` });
        continue;
      }
      const [budget, spent, lastYear] = ['B', 'C', 'D'].map((column) => amount(threePublic, `${column}${row}`));
      if (budget === undefined && spent === undefined && lastYear === undefined) continue;
      document.threePublic.push({ kind, budget, spent, lastYear });
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
    for (let row = 2, last = lastRow(reported); row <= last; row++) {
      const code = cellText(reported.getCell(`A${row}`));
      const name = cellText(reported.getCell(`B${row}`));
      const value = cellText(reported.getCell(`D${row}`));
      if (!code && !name && !value) continue;
      const metric = isMetricKey(code) ? code : Object.values(METRIC_DEFINITIONS).find((m) => m.zh === name)?.key;
      if (!metric) {
        issues.push({ path: `${SHEETS.reported}!A${row}`, message: `未知指标：“${code || name}”` });
        continue;
      }
      document.reported.push({ metric, subject: cellText(reported.getCell(`C${row}`)) || null, value, source: cellText(reported.getCell(`E${row}`)) || null });
    }
  }
  return { document, issues };
}

/** readBudgetWorkbook as the parse worker runs it (parseUploadedWorkbook). */
export const BUDGET_WORKBOOK_READER = workbookReader(__filename, readBudgetWorkbook);

/** The parsed document in the form the template shows (for typing: the schema's output is also a valid input). */
export const asDocumentInput = (document: BudgetDataDocument): BudgetDataDocumentInput => document;
