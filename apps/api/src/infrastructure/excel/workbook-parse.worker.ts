import { parentPort, workerData } from 'node:worker_threads';
import { firstSheetOverLimit, scanSheetRows } from './sheet-rows';

/*
 * The parse worker (started by workbook-parser.ts, one per upload): counts each sheet's rows on the raw XML, refuses
 * a sheet over the limit before exceljs builds anything, then loads the workbook with exceljs and runs the named
 * reader. Everything here may be slow or large; it runs off the API's event loop, under the parent's time and memory
 * bounds, and answers with one message of plain data.
 */

export interface ParseJob {
  readonly bytes: Uint8Array;
  readonly module: string;
  readonly exportName: string;
  readonly input: unknown;
  readonly maxSheetRows: number;
}

export type ParseFailure =
  | { kind: 'unreadable' }
  | { kind: 'too_many_rows'; sheet: string; rows: number; limit: number }
  | { kind: 'reader_failed'; message: string };

export type ParseOutcome = { ok: true; result: unknown } | { ok: false; failure: ParseFailure };

type Reader = (workbook: unknown, input: unknown) => unknown;

async function parse(job: ParseJob): Promise<ParseOutcome> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  let sheets;
  try {
    sheets = await scanSheetRows(bytes);
  } catch {
    return { ok: false, failure: { kind: 'unreadable' } };
  }
  const over = firstSheetOverLimit(sheets, job.maxSheetRows);
  if (over) return { ok: false, failure: { kind: 'too_many_rows', sheet: over.sheet, rows: over.lastRow, limit: job.maxSheetRows } };

  // Loaded here, not at the top: the row check above must not wait for exceljs (and its dependencies) to load.
  // require, not import(): under nodenext a dynamic import() stays an ES import, which bypasses ts-node in tests.
  const { Workbook } = require('exceljs') as typeof import('exceljs');
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, failure: { kind: 'unreadable' } };
  }
  const read = (require(job.module) as Record<string, unknown>)[job.exportName] as Reader | undefined;
  if (typeof read !== 'function') return { ok: false, failure: { kind: 'reader_failed', message: `${job.module} has no function ${job.exportName}` } };
  return { ok: true, result: read(workbook, job.input) };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

if (parentPort) {
  const port = parentPort;
  parse(workerData as ParseJob).then(
    (outcome) => port.postMessage(outcome),
    (error: unknown) => port.postMessage({ ok: false, failure: { kind: 'reader_failed', message: describe(error) } } satisfies ParseOutcome),
  );
}
