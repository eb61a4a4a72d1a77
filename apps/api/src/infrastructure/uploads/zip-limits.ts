import { fromBufferPromise, openPromise, type Entry, type ZipFile } from 'yauzl';
import { DomainError, type FieldIssue } from '@evalflow/domain';

/*
 * Bounds on what a zip archive (.xlsx, and later .docx or .zip evidence) may unpack to, checked on the uploaded bytes
 * BEFORE any library that unpacks everything into memory (exceljs) sees them. A 57 KB archive can declare and
 * inflate to gigabytes; the upload size limit says nothing about that.
 *
 * Two layers: the central directory's declared sizes are checked first (cheap, refuses most bombs without inflating a
 * byte), then every entry is actually inflated as a stream and its bytes counted, because declared sizes are written by
 * the sender. yauzl (validateEntrySizes) fails a stream whose data is longer or shorter than declared; we count as well
 * and stop at our own limits, so neither a lying header nor a yauzl change can let more through. Inflating runs in
 * zlib's thread pool; the event loop only sees chunks go by and keeps nothing.
 */

export interface ZipLimits {
  /** Entries (files and folders) in the archive. */
  readonly maxEntries: number;
  /** Uncompressed bytes of one entry. */
  readonly maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  readonly maxTotalBytes: number;
}

export type ZipProblem =
  | { kind: 'not_a_zip' }
  | { kind: 'unsupported_entry'; entry: string }
  | { kind: 'too_many_entries'; entries: number; limit: number }
  | { kind: 'entry_too_large'; entry: string; limit: number }
  | { kind: 'total_too_large'; limit: number };

export interface ZipEntrySummary {
  readonly name: string;
  readonly uncompressedBytes: number;
}

export type ZipCheck = { ok: true; entries: ZipEntrySummary[]; totalBytes: number } | { ok: false; problem: ZipProblem };

const MB = 1024 * 1024;

/** "50 MB", "512 KB": limits as a clerk reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Checks the archive against the limits; never throws (a broken archive is `not_a_zip`). The archive is the uploaded
 * bytes, or `{ path }` of a file on disk (an attachment, read from its temp file without loading it into memory).
 */
export async function checkZipLimits(source: Buffer | { path: string }, limits: ZipLimits): Promise<ZipCheck> {
  let zip: ZipFile;
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: true };
  try {
    zip = Buffer.isBuffer(source) ? await fromBufferPromise(source, options) : await openPromise(source.path, { ...options, autoClose: false });
  } catch {
    return { ok: false, problem: { kind: 'not_a_zip' } };
  }
  try {
    return await checkOpenedZip(zip, limits);
  } finally {
    // A file's descriptor is ours to close (autoClose is off so that an early refusal cannot leak it).
    if (!Buffer.isBuffer(source)) {
      try {
        zip.close();
      } catch {
        // already closed
      }
    }
  }
}

async function checkOpenedZip(zip: ZipFile, limits: ZipLimits): Promise<ZipCheck> {
  if (zip.entryCount > limits.maxEntries) return { ok: false, problem: { kind: 'too_many_entries', entries: zip.entryCount, limit: limits.maxEntries } };
  let entries: Entry[];
  try {
    entries = await collectEntries(zip);
  } catch {
    return { ok: false, problem: { kind: 'not_a_zip' } };
  }
  const declared = checkDeclaredSizes(entries, limits);
  if (declared) return { ok: false, problem: declared };
  let totalBytes = 0;
  const summaries: ZipEntrySummary[] = [];
  for (const entry of entries) {
    const counted = await inflatedBytes(zip, entry, Math.min(limits.maxEntryBytes, limits.maxTotalBytes - totalBytes));
    if (counted.kind === 'broken') return { ok: false, problem: { kind: 'not_a_zip' } };
    if (counted.kind === 'unsupported') return { ok: false, problem: { kind: 'unsupported_entry', entry: entry.fileName } };
    if (counted.kind === 'over') {
      // Over whichever limit was the tighter one for this entry.
      const entryLimitHit = limits.maxEntryBytes <= limits.maxTotalBytes - totalBytes;
      return { ok: false, problem: entryLimitHit ? { kind: 'entry_too_large', entry: entry.fileName, limit: limits.maxEntryBytes } : { kind: 'total_too_large', limit: limits.maxTotalBytes } };
    }
    totalBytes += counted.bytes;
    summaries.push({ name: entry.fileName, uncompressedBytes: counted.bytes });
  }
  return { ok: true, entries: summaries, totalBytes };
}

async function collectEntries(zip: ZipFile): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  return entries;
}

/** The sender's own claims first: refuses a declared bomb without inflating anything. */
export function checkDeclaredSizes(entries: readonly Pick<Entry, 'fileName' | 'uncompressedSize'>[], limits: ZipLimits): ZipProblem | null {
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize > limits.maxEntryBytes) return { kind: 'entry_too_large', entry: entry.fileName, limit: limits.maxEntryBytes };
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) return { kind: 'total_too_large', limit: limits.maxTotalBytes };
  }
  return null;
}

type Counted = { kind: 'ok'; bytes: number } | { kind: 'over' } | { kind: 'broken' } | { kind: 'unsupported' };

/** Inflates one entry, counting its bytes and stopping as soon as they pass `budget`; the data itself is dropped. */
async function inflatedBytes(zip: ZipFile, entry: Entry, budget: number): Promise<Counted> {
  if (entry.fileName.endsWith('/')) return { kind: 'ok', bytes: 0 };
  // Encrypted entries or compression methods other than stored/deflate: no .xlsx writer produces them.
  if (!entry.canDecodeFileData()) return { kind: 'unsupported' };
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    stream = (await zip.openReadStreamPromise(entry)) as typeof stream;
  } catch {
    return { kind: 'broken' };
  }
  return new Promise<Counted>((resolve) => {
    let bytes = 0;
    let settled = false;
    const settle = (result: Counted) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > budget) {
        settle({ kind: 'over' });
        stream.destroy();
      }
    });
    stream.on('error', () => settle({ kind: 'broken' }));
    stream.on('end', () => settle({ kind: 'ok', bytes }));
  });
}

/** The problem as the user sees it: 400 when the file is no archive at all, 422 naming the limit otherwise. */
export function zipProblemError(problem: ZipProblem, options: { field?: string; what?: string } = {}): DomainError {
  const field = options.field ?? 'file';
  const what = options.what ?? '文件';
  const issue = (message: string): FieldIssue[] => [{ path: field, message }];
  switch (problem.kind) {
    case 'not_a_zip':
      return new DomainError('VALIDATION_FAILED', `无法读取该${what}：文件已损坏或不是所需的格式`, issue('not a readable zip archive'));
    case 'unsupported_entry':
      return new DomainError('RULE_VIOLATION', `无法读取该${what}：其中的“${problem.entry}”已加密或使用了不支持的压缩方式`, issue(`entry ${problem.entry}: encrypted or unsupported compression`));
    case 'too_many_entries': {
      const message = `${what}内部包含 ${problem.entries} 个部件，超过上限 ${problem.limit} 个`;
      return new DomainError('RULE_VIOLATION', message, issue(message));
    }
    case 'entry_too_large': {
      const message = `${what}解压后内容过大：其中的“${problem.entry}”超过上限 ${formatBytes(problem.limit)}，请删除多余的行、列或图片后再上传`;
      return new DomainError('RULE_VIOLATION', message, issue(message));
    }
    case 'total_too_large': {
      const message = `${what}解压后内容过大：合计超过上限 ${formatBytes(problem.limit)}，请删除多余的行、列或图片后再上传`;
      return new DomainError('RULE_VIOLATION', message, issue(message));
    }
  }
}

/** For an upload route: resolves when within the limits, throws the user-facing error otherwise. */
export async function assertZipWithinLimits(buffer: Buffer, limits: ZipLimits, options: { field?: string; what?: string } = {}): Promise<ZipEntrySummary[]> {
  const result = await checkZipLimits(buffer, limits);
  if (!result.ok) throw zipProblemError(result.problem, options);
  return result.entries;
}
