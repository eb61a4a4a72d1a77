import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { DomainError } from '@evalflow/domain';
import { formatBytes } from '../uploads/zip-limits';
import { checkFileName, extensionOf } from './file-names';
import { temporaryFilePath } from './temp-files';

/*
 * Receives a multipart/form-data upload as a stream (Express parses no multipart itself and no global body parser
 * reads this content type): busboy splits the parts, each `file` part is written to a temp file in the data
 * folder while its sha256 is computed and its bytes counted. Never more than the first SNIFF_BYTES of a file are kept
 * in memory. Whatever goes wrong — a file over the limit, an unsafe name, an empty file, the client going away
 * mid-stream — every temp file of the request is removed before the error is answered.
 */

/** file-type reads at most this many bytes. */
export const SNIFF_BYTES = 4100;
/** Part headers and boundaries, beyond the files themselves. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

export interface ReceivedFile {
  /** The safe name (file-names.ts), as the attachment keeps it. */
  readonly fileName: string;
  readonly tempPath: string;
  readonly size: number;
  readonly sha256: string;
  /** The first SNIFF_BYTES bytes. */
  readonly head: Buffer;
  /** For .txt/.csv only: valid UTF-8 or GB18030 and no NUL byte. */
  readonly isText?: boolean;
}

export interface ReceiveOptions {
  readonly tempDir: string;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly field?: string;
}

/** Removes the temp files (a file already moved into the store is no longer there: nothing happens). */
export async function discard(files: readonly Pick<ReceivedFile, 'tempPath'>[]): Promise<void> {
  await Promise.all(files.map((file) => unlink(file.tempPath).catch(() => undefined)));
}

export function receiveUpload(request: IncomingMessage, options: ReceiveOptions): Promise<ReceivedFile[]> {
  const field = options.field ?? 'file';
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    return Promise.reject(new DomainError('VALIDATION_FAILED', '请以 multipart/form-data 方式上传文件（字段名 file）', [{ path: field, message: 'multipart/form-data expected' }]));
  }
  // A body declared larger than every allowed file together is refused before a byte of it is read.
  const declared = Number(request.headers['content-length']);
  const bound = options.maxFiles * options.maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  if (Number.isFinite(declared) && declared > bound) {
    const message = `上传内容超过上限 ${formatBytes(bound)}（单个文件不超过 ${formatBytes(options.maxFileBytes)}，一次最多 ${options.maxFiles} 个）`;
    return Promise.reject(new DomainError('PAYLOAD_TOO_LARGE', message, [{ path: field, message }]));
  }
  return new Promise<ReceivedFile[]>((resolve, reject) => {
    const tempPaths: string[] = [];
    const writes: Promise<ReceivedFile | null>[] = [];
    let failure: DomainError | null = null;
    let settled = false;
    const fail = (error: DomainError) => {
      failure ??= error;
    };
    const finish = async (error: unknown | null) => {
      if (settled) return;
      settled = true;
      const results = await Promise.allSettled(writes);
      const problem = error ?? failure ?? results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason ?? null;
      if (problem) {
        await discard(tempPaths.map((tempPath) => ({ tempPath })));
        return reject(problem);
      }
      const files = results.map((r) => (r as PromiseFulfilledResult<ReceivedFile | null>).value).filter((f): f is ReceivedFile => f !== null);
      if (!files.length) return reject(new DomainError('VALIDATION_FAILED', '请选择要上传的文件', [{ path: field, message: 'required' }]));
      resolve(files);
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // Names arrive as UTF-8 from every current browser (RFC 7578); busboy's default would read them as Latin-1.
        defParamCharset: 'utf8',
        // The name as sent, path and all: checkFileName refuses a traversal (../) rather than quietly dropping it.
        preservePath: true,
        limits: { fileSize: options.maxFileBytes, files: options.maxFiles, fields: 20, parts: options.maxFiles + 20, fieldSize: 64 * 1024 },
      });
    } catch {
      return reject(new DomainError('VALIDATION_FAILED', '上传的内容无法读取（multipart 格式不正确）', [{ path: field, message: 'malformed multipart body' }]));
    }

    parser.on('file', (name, stream, info) => {
      if (name !== field || failure) {
        stream.resume();
        return;
      }
      const checked = checkFileName(info.filename ?? '');
      if (!checked.ok) {
        fail(new DomainError('RULE_VIOLATION', `文件名“${(info.filename ?? '').slice(0, 100)}”不能使用：${checked.reason}`, [{ path: field, message: checked.reason }]));
        stream.resume();
        return;
      }
      const tempPath = temporaryFilePath(options.tempDir);
      tempPaths.push(tempPath);
      writes.push(writeTemp(stream, tempPath, checked.name, options.maxFileBytes, field));
    });
    parser.on('filesLimit', () => fail(new DomainError('PAYLOAD_TOO_LARGE', `一次最多上传 ${options.maxFiles} 个文件`, [{ path: field, message: `at most ${options.maxFiles} files` }])));
    parser.on('error', () => void finish(new DomainError('VALIDATION_FAILED', '上传的内容无法读取（multipart 格式不正确或传输中断）', [{ path: field, message: 'malformed or interrupted multipart body' }])));
    parser.on('close', () => void finish(null));
    // The client went away mid-stream: busboy never closes; everything received so far is removed.
    const interrupted = () => {
      const error = new DomainError('VALIDATION_FAILED', '上传中断', [{ path: field, message: 'the upload was interrupted' }]);
      // Ends the part being written (its stream errors, its temp file is removed), then everything else.
      parser.destroy(error);
      void finish(error);
    };
    request.on('aborted', interrupted);
    request.on('error', interrupted);
    request.pipe(parser);
  });
}

/** Streams one part to its temp file; resolves with what was learnt, rejects (413/422) with the temp file gone. */
function writeTemp(stream: Readable & { truncated?: boolean }, tempPath: string, fileName: string, maxFileBytes: number, field: string): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  const checksText = ['txt', 'csv'].includes(extensionOf(fileName));
  const utf8 = checksText ? new TextDecoder('utf-8', { fatal: true }) : null;
  const gb18030 = checksText ? new TextDecoder('gb18030', { fatal: true }) : null;
  let utf8Ok = checksText;
  let gbOk = checksText;
  let nul = false;
  const out = createWriteStream(tempPath, { flags: 'wx' });
  return new Promise<ReceivedFile>((resolve, reject) => {
    let tooLarge = false;
    stream.on('limit', () => {
      tooLarge = true;
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (headBytes < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - headBytes);
        head.push(Buffer.from(part));
        headBytes += part.length;
      }
      if (checksText) {
        if (chunk.includes(0)) nul = true;
        if (utf8Ok) utf8Ok = decodes(utf8!, chunk, true);
        if (gbOk) gbOk = decodes(gb18030!, chunk, true);
      }
    });
    stream.pipe(out);
    const failed = async (error: DomainError) => {
      stream.resume();
      // Closed before removed: a write stream still opening would otherwise create the file again.
      await new Promise<void>((done) => {
        if (out.closed) return done();
        out.once('close', () => done());
        out.destroy();
      });
      await unlink(tempPath).catch(() => undefined);
      reject(error);
    };
    out.on('error', () => void failed(new DomainError('INTERNAL', '保存上传的文件时出错，请稍后重试')));
    stream.on('error', () => void failed(new DomainError('VALIDATION_FAILED', '上传中断', [{ path: field, message: 'the upload was interrupted' }])));
    out.on('finish', () => {
      if (tooLarge || stream.truncated) {
        const message = `文件“${fileName}”超过单个文件上限 ${formatBytes(maxFileBytes)}`;
        return void failed(new DomainError('PAYLOAD_TOO_LARGE', message, [{ path: field, message }]));
      }
      if (size === 0) return void failed(new DomainError('RULE_VIOLATION', `文件“${fileName}”是空文件，请检查后重新上传`, [{ path: field, message: 'empty file' }]));
      const isText = checksText ? !nul && ((utf8Ok && decodes(utf8!, Buffer.alloc(0), false)) || (gbOk && decodes(gb18030!, Buffer.alloc(0), false))) : undefined;
      resolve({ fileName, tempPath, size, sha256: hash.digest('hex'), head: Buffer.concat(head), ...(isText === undefined ? {} : { isText }) });
    });
  });
}

function decodes(decoder: TextDecoder, chunk: Buffer, stream: boolean): boolean {
  try {
    decoder.decode(chunk, { stream });
    return true;
  } catch {
    return false;
  }
}
