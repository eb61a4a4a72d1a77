import { Workbook } from 'exceljs';
import type { LedgerFiguresDto, LedgerRowDto } from '@evalflow/domain';
import { styleHeaderRow } from '../../infrastructure/excel';

/** The ledger's columns as people keep them by hand (整改台账), in that order. The export parses back by these labels. */
export const LEDGER_COLUMNS: readonly { header: string; width: number; value: (row: LedgerRowDto, index: number) => string | number }[] = [
  { header: '序号', width: 6, value: (_row, index) => index + 1 },
  { header: '年度', width: 8, value: (row) => row.evaluation.fiscalYear },
  { header: '评价项目', width: 32, value: (row) => row.evaluation.title },
  { header: '被评价部门', width: 20, value: (row) => row.department.name },
  { header: '问题', width: 40, value: (row) => `${row.finding.seq}. ${row.finding.title}` },
  { header: '问题类别', width: 14, value: (row) => row.category ?? '' },
  { header: '整改措施', width: 40, value: (row) => row.measures ?? '' },
  { header: '责任单位', width: 18, value: (row) => row.responsibleUnit },
  { header: '责任人', width: 10, value: (row) => row.owner ?? '' },
  { header: '整改时限', width: 12, value: (row) => row.dueOn ?? '' },
  { header: '整改进展', width: 40, value: (row) => row.progress ?? '' },
  { header: '状态', width: 10, value: (row) => row.statusLabel },
  { header: '佐证材料', width: 30, value: (row) => evidenceText(row) },
  { header: '核查意见', width: 30, value: (row) => row.verification ?? '' },
  { header: '销号日期', width: 12, value: (row) => row.closedOn ?? '' },
  { header: '是否逾期', width: 8, value: (row) => (row.overdue ? '是' : '否') },
];

/** The 汇总 sheet: label → figure, as the ledger page shows them. */
export const LEDGER_FIGURE_LABELS = {
  total: '整改事项总数',
  due: '已到整改时限',
  closed: '已销号',
  completionRate: '整改完成率（%）',
  overdue: '逾期未完成',
  averageDaysToClose: '平均销号用时（天）',
} as const satisfies Partial<Record<keyof LedgerFiguresDto, string>>;

function evidenceText(row: LedgerRowDto): string {
  const files = row.evidenceFiles ? `文件 ${row.evidenceFiles} 个` : '';
  return [row.evidenceNote ?? '', files].filter(Boolean).join('；');
}

/** 整改台账.xlsx: the lines (sheet 整改台账) and the figures of the same filter (sheet 汇总). */
export function ledgerWorkbook(rows: readonly LedgerRowDto[], figures: LedgerFiguresDto): Workbook {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('整改台账');
  sheet.columns = LEDGER_COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  rows.forEach((row, index) => sheet.addRow(LEDGER_COLUMNS.map((column) => column.value(row, index))));
  styleHeaderRow(sheet);
  sheet.getColumn(1).alignment = { horizontal: 'center' };
  const summary = workbook.addWorksheet('汇总');
  summary.columns = [{ header: '项目', width: 22 }, { header: '数值', width: 14 }];
  for (const [key, label] of Object.entries(LEDGER_FIGURE_LABELS)) {
    const value = figures[key as keyof typeof LEDGER_FIGURE_LABELS];
    summary.addRow([label, value ?? '—']);
  }
  for (const status of figures.byStatus) summary.addRow([`状态：${status.label}`, status.count]);
  styleHeaderRow(summary);
  return workbook;
}
