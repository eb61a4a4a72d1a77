import type { Workbook } from 'exceljs';

/**
 * A workbook reader that runs in the parse worker (workbook-parser.ts): a pure function of the loaded workbook and a
 * plain-data input, returning plain data (structured-cloneable: no class instances, no functions). The worker loads
 * it by module path and export name, so a feature module declares its reader next to the function:
 *
 *     export const BUDGET_WORKBOOK_READER = workbookReader(__filename, readBudgetWorkbook);
 *
 * `__filename` is the .ts source under jest and the compiled .js in the built app; the worker requires either.
 * This file imports nothing at run time, so a reader module stays cheap to load in the worker.
 */
export interface WorkbookReader<I, O> {
  readonly module: string;
  readonly exportName: string;
  /** Type-only: carries the input and output types to parseUploadedWorkbook. */
  readonly types?: (input: I) => O;
}

export function workbookReader<I, O>(module: string, read: (workbook: Workbook, input: I) => O): WorkbookReader<I, O> {
  if (!read.name) throw new Error('A workbook reader must be a named, exported function');
  return { module, exportName: read.name };
}
