import { inspect } from 'node:util';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { DomainError } from '@evalflow/domain';
import { checkZipLimits, zipProblemError, type ZipLimits } from '../uploads/zip-limits';
import { notAnXlsx, uploadedXlsxBytes, type UploadedExcelFile } from './excel-upload';
import { MAX_SHEET_ROWS, tooManyRowsIssue, tooManyRowsMessage } from './sheet-rows';
import type { ParseFailure, ParseJob, ParseOutcome } from './workbook-parse.worker';
import type { WorkbookReader } from './workbook-reader';
import { startModuleWorker } from '../workers/module-worker';

/*
 * Uploaded workbooks are parsed off the event loop, with bounds, so that one upload cannot take the service down
 * (issue 16: a 100,000-row workbook kept the API from answering anything for over ten minutes).
 *
 *   1. main thread: the multer buffer (≤ 5 MB, ExcelUpload) is checked against the zip limits below, counting the
 *      inflated bytes in zlib's thread pool; a zip bomb never reaches exceljs.
 *   2. a worker thread (one per upload): rows per sheet counted on the raw XML (≤ MAX_SHEET_ROWS), then exceljs and
 *      the feature's reader; it answers plain data.
 *   3. the worker gets a time budget (terminated when it runs out) and a heap limit (V8 stops it when exceeded):
 *      both become a 422 the clerk can act on, never a 500 or a crashed process.
 *
 * At most MAX_CONCURRENT_PARSES workers run at once (the machines have 2 cores; the API must keep one for
 * everybody else); up to MAX_WAITING_PARSES more uploads wait their turn, and beyond that an upload is answered
 * 503 at once. No pool: a worker costs ~50 ms to start in the built app, small against a parse, and a fresh one per
 * upload means nothing of one upload (memory, a stuck parse) survives into the next.
 */

/**
 * Zip limits for a workbook. A real framework or budget workbook unpacks to well under 1 MB; a 5000-row sheet with
 * every column filled is about 3 MB of XML and its shared strings a few MB. 20 MB per part leaves several times
 * that; 50 MB in all bounds what exceljs may be handed; 1000 parts is far above the 15 to 40 of a workbook with
 * a few images. (The upload that prompted this: a 57 KB file whose shared strings inflated to 40 MB.)
 */
export const WORKBOOK_ZIP_LIMITS: ZipLimits = { maxEntries: 1000, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 50 * 1024 * 1024 };
/** A normal workbook parses in well under a second; 20 s is a bound for a pathological one, not a target. */
export const WORKBOOK_PARSE_TIMEOUT_MS = 20_000;
/** The worker's V8 heap: exceljs's model of a 5000-row workbook is a few tens of MB. */
export const WORKBOOK_PARSE_MEMORY_MB = 256;
export const MAX_CONCURRENT_PARSES = 2;
export const MAX_WAITING_PARSES = 8;

export interface WorkbookParseLimits {
  readonly zip: ZipLimits;
  readonly maxSheetRows: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
}

export const WORKBOOK_PARSE_LIMITS: WorkbookParseLimits = {
  zip: WORKBOOK_ZIP_LIMITS,
  maxSheetRows: MAX_SHEET_ROWS,
  timeoutMs: WORKBOOK_PARSE_TIMEOUT_MS,
  memoryMb: WORKBOOK_PARSE_MEMORY_MB,
};

const logger = new Logger('WorkbookParser');

/**
 * The uploaded .xlsx read by `reader` in a worker: 400 (path `file`) when nothing was sent or it is no workbook;
 * 422 when it is over a limit (zip size, rows, time, memory) with the limit in the message; 503 when too many
 * uploads are already being read. Whatever the reader reports about the content is in its result.
 */
export async function parseUploadedWorkbook<I, O>(
  file: UploadedExcelFile | undefined,
  reader: WorkbookReader<I, O>,
  input: I,
  limits: Partial<WorkbookParseLimits> = {},
): Promise<O> {
  const bounds = { ...WORKBOOK_PARSE_LIMITS, ...limits };
  const bytes = uploadedXlsxBytes(file);
  const zip = await checkZipLimits(bytes, bounds.zip);
  if (!zip.ok) throw zip.problem.kind === 'not_a_zip' ? notAnXlsx('无法读取该工作簿') : zipProblemError(zip.problem, { what: '工作簿' });
  const job: ParseJob = { bytes, module: reader.module, exportName: reader.exportName, input, maxSheetRows: bounds.maxSheetRows };
  return (await parseSlots.run(() => runParseWorker(job, bounds))) as O;
}

/** A counting semaphore that hands a freed slot straight to the next waiter (so the cap holds exactly). */
export class ParseSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.maxRunning) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.maxWaiting) {
      throw new DomainError('SERVICE_UNAVAILABLE', '系统正在处理其他上传的工作簿，请稍等一分钟后再上传', [{ path: 'file', message: 'too many workbooks are being read; try again shortly' }]);
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

const parseSlots = new ParseSlots(MAX_CONCURRENT_PARSES, MAX_WAITING_PARSES);

function startWorker(job: ParseJob, limits: WorkbookParseLimits): Worker {
  const resourceLimits: ResourceLimits = { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };
  return startModuleWorker(__filename, __dirname, 'workbook-parse', job, resourceLimits);
}

/** Runs one parse in a fresh worker; settles exactly once, and the worker is gone when it has. */
function runParseWorker(job: ParseJob, limits: WorkbookParseLimits): Promise<unknown> {
  return new Promise((resolvePromise, rejectPromise) => {
    const worker = startWorker(job, limits);
    let settled = false;
    const finish = (outcome: { result: unknown } | { error: DomainError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if ('error' in outcome) rejectPromise(outcome.error);
      else resolvePromise(outcome.result);
    };
    const timer = setTimeout(() => finish({ error: timedOut(limits.timeoutMs) }), limits.timeoutMs);
    worker.on('message', (outcome: ParseOutcome) => finish(outcome.ok ? { result: outcome.result } : { error: failureError(outcome.failure) }));
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return finish({ error: outOfMemory(limits.memoryMb) });
      logger.error(`workbook parse worker failed: ${inspect(error)}`);
      finish({ error: new DomainError('INTERNAL', '读取工作簿时出错，请稍后重试') });
    });
    worker.on('exit', (code) => finish({ error: new DomainError('INTERNAL', `读取工作簿时出错，请稍后重试（进程退出码 ${code}）`) }));
  });
}

function failureError(failure: ParseFailure): DomainError {
  switch (failure.kind) {
    case 'unreadable':
      return notAnXlsx('无法读取该工作簿');
    case 'too_many_rows':
      return new DomainError('RULE_VIOLATION', tooManyRowsMessage(failure.sheet, failure.rows, failure.limit), [tooManyRowsIssue(failure.sheet, failure.rows, failure.limit)]);
    case 'reader_failed':
      logger.error(`workbook reader failed: ${failure.message}`);
      return new DomainError('INTERNAL', '读取工作簿时出错，请稍后重试');
  }
}

function timedOut(timeoutMs: number): DomainError {
  const message = `工作簿在 ${Math.round(timeoutMs / 1000)} 秒内未能读完，已停止读取。请删除多余的行、列或图片，或分成几个工作簿导入`;
  return new DomainError('RULE_VIOLATION', message, [{ path: 'file', message }]);
}

function outOfMemory(memoryMb: number): DomainError {
  const message = `工作簿内容过多，读取时超过了内存上限 ${memoryMb} MB，已停止读取。请删除多余的行、列或图片，或分成几个工作簿导入`;
  return new DomainError('RULE_VIOLATION', message, [{ path: 'file', message }]);
}
