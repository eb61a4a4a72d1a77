import { Workbook, type Worksheet } from 'exceljs';
import { formatPercent, formatYuan, ratio, toHundredths, type FrameworkNode, type IndicatorTotalsDto } from '@evalflow/domain';
import { styleHeaderRow } from '../../infrastructure/excel';

/** One level-3 line as both forms print it. Scores are points with two decimals, null when not given. */
export interface ScoreLine {
  code: string;
  target: string | null;
  actual: string | null;
  selfScore: number | null;
  deviationReason: string | null;
  score: number | null;
  deductionReason: string | null;
}

export interface ScoreFormInput {
  title: string;
  departmentName: string;
  fiscalYear: number;
  nodes: readonly FrameworkNode[];
  lines: ReadonlyMap<string, ScoreLine>;
  totals: IndicatorTotalsDto;
  budgetFen: bigint | null;
  spentFen: bigint | null;
}

const ancestorsOf = (nodes: readonly FrameworkNode[], leaf: FrameworkNode) => {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const level2 = leaf.parentCode ? byCode.get(leaf.parentCode) : undefined;
  const level1 = level2?.parentCode ? byCode.get(level2.parentCode) : undefined;
  return { level1, level2 };
};

/** Merges a column over consecutive rows that carry the same group, so a level-1 name appears once per group (as printed). */
function mergeRuns(sheet: Worksheet, column: number, firstRow: number, keys: readonly string[]): void {
  let start = 0;
  for (let i = 1; i <= keys.length; i += 1) {
    if (i === keys.length || keys[i] !== keys[start]) {
      if (i - start > 1) sheet.mergeCells(firstRow + start, column, firstRow + i - 1, column);
      start = i;
    }
  }
}

function titleRow(sheet: Worksheet, title: string, width: number): void {
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, width);
  const cell = sheet.getCell(1, 1);
  cell.font = { bold: true, size: 14 };
  cell.alignment = { horizontal: 'center' };
}

/** 执行率 as the reports print it (two decimals, half away from zero). */
const rate = (spent: bigint, budget: bigint) => {
  const percent = ratio(spent, budget);
  return percent ? formatPercent(percent) : '';
};
/** weight − score, exactly (hundredths). */
const deduction = (weight: number, score: number) => (toHundredths(weight) - toHundredths(score)) / 100;

/**
 * 自评表 in the layout of the national self-evaluation form (seed 003): the department, the budget line, then per
 * level-3 indicator 一级指标/权重/二级指标/三级指标/年度指标值/全年完成值/自评得分/偏差及原因分析, and 总分.
 */
export function selfEvaluationWorkbook(input: ScoreFormInput): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'Evalflow';
  const sheet = workbook.addWorksheet('自评表');
  const headers = ['一级指标', '权重', '二级指标', '三级指标', '年度指标值', '全年完成值', '自评得分', '偏差及原因分析'];
  sheet.columns = [14, 8, 18, 30, 20, 20, 10, 40].map((width) => ({ width }));
  titleRow(sheet, `${input.fiscalYear} 年度绩效自评表`, headers.length);
  sheet.addRow(['部门（单位）名称', input.departmentName, '评价项目', input.title]);
  sheet.addRow([
    '全年预算数（元）',
    input.budgetFen === null ? '' : formatYuan(input.budgetFen),
    '全年执行数（元）',
    input.spentFen === null ? '' : formatYuan(input.spentFen),
    '执行率',
    input.budgetFen !== null && input.spentFen !== null ? rate(input.spentFen, input.budgetFen) : '',
  ]);
  const headerRow = sheet.addRow(headers).number;
  styleHeaderRow(sheet, headerRow);
  const first = headerRow + 1;
  const groups: { l1: string; l2: string }[] = [];
  for (const leaf of input.nodes.filter((n) => n.level === 3)) {
    const { level1, level2 } = ancestorsOf(input.nodes, leaf);
    const line = input.lines.get(leaf.code);
    sheet.addRow([
      level1?.name ?? '',
      level1?.weight ?? '',
      level2 ? `${level2.name}（${level2.weight}）` : '',
      `${leaf.name}（${leaf.weight}分）`,
      line?.target ?? leaf.target ?? '',
      line?.actual ?? '',
      line?.selfScore ?? '',
      line?.deviationReason ?? '',
    ]);
    groups.push({ l1: level1?.code ?? '', l2: level2?.code ?? '' });
  }
  mergeRuns(sheet, 1, first, groups.map((g) => g.l1));
  mergeRuns(sheet, 2, first, groups.map((g) => g.l1));
  mergeRuns(sheet, 3, first, groups.map((g) => g.l2));
  const total = sheet.addRow(['总分', 100, '', '', '', '', input.totals.self.total ?? '', '']);
  total.font = { bold: true };
  sheet.addRow(['等级', '', '', '', '', '', input.totals.self.gradeLabel ?? '（未填完）', '']);
  return workbook;
}

/**
 * 评分表: every node in tree order — level 1/2 with their totals, level 3 with score, deduction and reason — with the
 * department's self-score and the difference beside it, then 总分 and 等级.
 */
export function scoreTableWorkbook(input: ScoreFormInput): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'Evalflow';
  const sheet = workbook.addWorksheet('评分表');
  const headers = ['一级指标', '二级指标', '三级指标', '编码', '分值', '评价得分', '扣分', '扣分说明', '自评得分', '差异（评价−自评）'];
  sheet.columns = [14, 18, 30, 10, 8, 10, 8, 40, 10, 14].map((width) => ({ width }));
  titleRow(sheet, `${input.title} 评分表`, headers.length);
  const headerRow = sheet.addRow(headers).number;
  styleHeaderRow(sheet, headerRow);
  const levels = new Map(input.totals.levels.map((l) => [l.code, l]));
  for (const node of input.nodes) {
    const level = levels.get(node.code);
    const line = input.lines.get(node.code);
    const score = level?.evaluator ?? null;
    const row = sheet.addRow([
      node.level === 1 ? node.name : '',
      node.level === 2 ? node.name : '',
      node.level === 3 ? node.name : '',
      node.code,
      node.weight,
      score ?? '',
      score === null ? '' : deduction(node.weight, score),
      node.level === 3 ? (line?.deductionReason ?? '') : '',
      level?.self ?? '',
      level?.difference ?? '',
    ]);
    if (node.level < 3) row.font = { bold: true };
  }
  const evaluator = input.totals.evaluator;
  const total = sheet.addRow(['总分', '', '', '', 100, evaluator?.total ?? '', evaluator?.total == null ? '' : deduction(100, evaluator.total), '', input.totals.self.total ?? '', input.totals.totalDifference ?? '']);
  total.font = { bold: true };
  sheet.addRow(['等级', '', '', '', '', evaluator?.gradeLabel ?? '（未评完）', '', '', input.totals.self.gradeLabel ?? '', '']);
  return workbook;
}
