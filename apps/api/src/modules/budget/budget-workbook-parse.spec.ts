import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { DomainError } from '@evalflow/domain';
import { ParseSlots, parseUploadedWorkbook } from '../../infrastructure/excel/workbook-parser';
import type { UploadedExcelFile } from '../../infrastructure/excel/excel-upload';
import type { WorkbookReader } from '../../infrastructure/excel/workbook-reader';
import { BUDGET_WORKBOOK_READER, budgetWorkbook } from './budget-workbook';

/*
 * The parse worker (infrastructure/excel) end to end with the budget reader (real worker threads; here, since
 * infrastructure knows no feature): a workbook read by a feature's reader, a sheet over the row
 * limit refused before exceljs loads it, and the time and memory bounds turned into 422s. Readers that spin or
 * allocate forever are written to a temporary .js module, since the worker loads readers by path.
 */
jest.setTimeout(60_000);

let dir: string;
let hostile: { spin: WorkbookReader<void, never>; allocate: WorkbookReader<void, never> };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evalflow-readers-'));
  const module = join(dir, 'hostile-readers.js');
  writeFileSync(
    module,
    [
      'exports.spin = function spin() { for (;;) {} };',
      'exports.allocate = function allocate() { const kept = []; for (;;) kept.push(new Array(1e5).fill({ a: Math.random() })); };',
    ].join('\n'),
  );
  hostile = { spin: { module, exportName: 'spin' }, allocate: { module, exportName: 'allocate' } };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const upload = (buffer: Buffer, originalname = 'budget.xlsx'): UploadedExcelFile => ({ fieldname: 'file', originalname, mimetype: 'application/octet-stream', size: buffer.length, buffer });
const bytes = async (workbook: Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

it('reads a budget workbook in a worker with the budget reader', async () => {
  const workbook = budgetWorkbook({ unit: 'yuan', fiscalYear: 2025, procurement: { budget: '10', actual: '9.5' } });
  const { document, issues } = await parseUploadedWorkbook(upload(await bytes(workbook)), BUDGET_WORKBOOK_READER, undefined);
  expect(issues).toEqual([]);
  expect(document).toMatchObject({ unit: 'yuan', fiscalYear: 2025, procurement: { budget: '10', actual: '9.5' } });
});

it('refuses a sheet over the row limit with its name and the limit, before loading it', async () => {
  const workbook = budgetWorkbook(null);
  const projects = workbook.getWorksheet('项目')!;
  for (let row = 2; row <= 120; row++) projects.getCell(`A${row}`).value = `项目${row}`;
  const error = await refusal(parseUploadedWorkbook(upload(await bytes(workbook)), BUDGET_WORKBOOK_READER, undefined, { maxSheetRows: 100 }));
  expect(error.code).toBe('RULE_VIOLATION');
  expect(error.message).toContain('工作表“项目”有 120 行，超过上限 100 行');
  expect(error.details).toEqual([{ path: '项目', message: expect.stringContaining('超过上限 100 行') }]);
});

it('stops a reader that runs past the time budget: 422 naming the budget', async () => {
  const started = Date.now();
  const error = await refusal(parseUploadedWorkbook(upload(await bytes(budgetWorkbook(null))), hostile.spin, undefined, { timeoutMs: 4000 }));
  expect(error.code).toBe('RULE_VIOLATION');
  expect(error.message).toContain('4 秒内未能读完');
  expect(Date.now() - started).toBeLessThan(10_000);
});

it('stops a reader that runs out of its heap: 422 naming the memory limit, and this process carries on', async () => {
  const error = await refusal(parseUploadedWorkbook(upload(await bytes(budgetWorkbook(null))), hostile.allocate, undefined, { memoryMb: 64, timeoutMs: 30_000 }));
  expect(error.code).toBe('RULE_VIOLATION');
  expect(error.message).toContain('内存上限 64 MB');
});

it('refuses bytes that are no workbook with 400, and nothing at all with 400', async () => {
  expect((await refusal(parseUploadedWorkbook(upload(Buffer.from('PK\x03\x04 not really a zip')), BUDGET_WORKBOOK_READER, undefined))).code).toBe('VALIDATION_FAILED');
  expect((await refusal(parseUploadedWorkbook(undefined, BUDGET_WORKBOOK_READER, undefined))).code).toBe('VALIDATION_FAILED');
});

describe('ParseSlots', () => {
  it('runs at most the cap at once, queues up to the waiting limit, and answers 503 beyond it', async () => {
    const slots = new ParseSlots(2, 1);
    let running = 0;
    let highest = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      slots.run(async () => {
        running += 1;
        highest = Math.max(highest, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      });
    const first = [task(), task(), task()];
    const refused = await refusal(task());
    expect(refused.code).toBe('SERVICE_UNAVAILABLE');
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(2);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(2); // the queued one took the freed slot
    releases.splice(0).forEach((release) => release());
    await new Promise((resolve) => setImmediate(resolve));
    releases.splice(0).forEach((release) => release());
    await Promise.all(first);
    expect(highest).toBe(2);
  });
});
