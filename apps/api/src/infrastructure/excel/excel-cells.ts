import type { Cell, CellValue, Worksheet } from 'exceljs';

/**
 * A cell's content as the user sees it, trimmed: rich text joined, a formula's cached result, a hyperlink's text,
 * dates as ISO dates. Empty cells give ''. Spreadsheets typed by hand mix all of these in one column.
 */
export function cellText(cell: Cell | undefined): string {
  return valueText(cell?.value ?? null).trim();
}

function valueText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return valueText((value as { result?: CellValue }).result ?? null);
  if ('text' in value) return String((value as { text: unknown }).text);
  if ('error' in value) return '';
  return '';
}

/**
 * The header row's columns by label, so an import finds its columns by name and tolerates reordered or extra columns.
 * Returns label → 1-based column number.
 */
export function headerColumns(sheet: Worksheet, headerRow = 1): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(headerRow).eachCell((cell, column) => {
    const label = cellText(cell);
    if (label && !columns.has(label)) columns.set(label, column);
  });
  return columns;
}

/** Applies a readable default look to a header row: bold, grey fill, thin border, frozen under the header. */
export function styleHeaderRow(sheet: Worksheet, headerRow = 1): void {
  const row = sheet.getRow(headerRow);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
}
