import { ZipFile } from 'yazl';
import { checkDeclaredSizes, checkZipLimits, formatBytes, zipProblemError, type ZipLimits } from './zip-limits';

/* The zip limits on archives built here: within, over each limit, and lying about their sizes. */

const KB = 1024;
const LIMITS: ZipLimits = { maxEntries: 10, maxEntryBytes: 100 * KB, maxTotalBytes: 250 * KB };

function zip(entries: Record<string, Buffer>, options: { compress?: boolean } = {}): Promise<Buffer> {
  const archive = new ZipFile();
  for (const [name, content] of Object.entries(entries)) archive.addBuffer(content, name, { compress: options.compress ?? true });
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on('error', reject);
  });
}

const filled = (bytes: number) => Buffer.alloc(bytes, 'A');

/** Rewrites every size field of the named entry (local header and central directory) to `claimed`. */
function claimSize(archive: Buffer, name: string, claimed: number): Buffer {
  const copy = Buffer.from(archive);
  const fileName = Buffer.from(name);
  for (let offset = 0; offset < copy.length - 4; offset++) {
    const signature = copy.readUInt32LE(offset);
    if (signature === 0x04034b50 && copy.subarray(offset + 30, offset + 30 + fileName.length).equals(fileName)) copy.writeUInt32LE(claimed, offset + 22);
    if (signature === 0x02014b50 && copy.subarray(offset + 46, offset + 46 + fileName.length).equals(fileName)) copy.writeUInt32LE(claimed, offset + 24);
  }
  return copy;
}

it('accepts an archive within the limits and reports the inflated sizes', async () => {
  const result = await checkZipLimits(await zip({ 'a.xml': filled(50 * KB), 'b/c.xml': filled(10 * KB) }), LIMITS);
  expect(result).toEqual({ ok: true, totalBytes: 60 * KB, entries: [{ name: 'a.xml', uncompressedBytes: 50 * KB }, { name: 'b/c.xml', uncompressedBytes: 10 * KB }] });
});

it('refuses an entry over the per-entry limit by its declared size, naming it', async () => {
  const result = await checkZipLimits(await zip({ 'small.xml': filled(KB), 'xl/sharedStrings.xml': filled(100 * KB + 1) }), LIMITS);
  expect(result).toEqual({ ok: false, problem: { kind: 'entry_too_large', entry: 'xl/sharedStrings.xml', limit: 100 * KB } });
});

it('refuses entries that are each within the limit but too large together', async () => {
  const entries = Object.fromEntries([1, 2, 3].map((n) => [`part${n}.xml`, filled(90 * KB)]));
  expect(await checkZipLimits(await zip(entries), LIMITS)).toEqual({ ok: false, problem: { kind: 'total_too_large', limit: 250 * KB } });
});

it('refuses too many entries', async () => {
  const entries = Object.fromEntries(Array.from({ length: 11 }, (_, n) => [`part${n}.xml`, filled(1)]));
  expect(await checkZipLimits(await zip(entries), LIMITS)).toEqual({ ok: false, problem: { kind: 'too_many_entries', entries: 11, limit: 10 } });
});

it('does not trust a declared size: an entry that inflates to more than it claims is refused', async () => {
  // Claims 1 KB, inflates to 5 MB: the declared check passes, counting the inflated bytes does not.
  const lying = claimSize(await zip({ 'xl/sharedStrings.xml': filled(5 * 1024 * KB) }), 'xl/sharedStrings.xml', KB);
  const result = await checkZipLimits(lying, LIMITS);
  expect(result.ok).toBe(false);
});

it('counts inflated bytes against the limit even when the declared size is not checked first', async () => {
  // A stored (uncompressed) entry claiming less than it has is refused by yauzl's size validation as well.
  const lying = claimSize(await zip({ 'big.xml': filled(200 * KB) }, { compress: false }), 'big.xml', 10);
  expect((await checkZipLimits(lying, LIMITS)).ok).toBe(false);
});

it('reports bytes that are no archive as not_a_zip', async () => {
  expect(await checkZipLimits(Buffer.from('PK\x03\x04 but nothing else'), LIMITS)).toEqual({ ok: false, problem: { kind: 'not_a_zip' } });
});

it('checks declared sizes in order, the entry before the total', () => {
  expect(checkDeclaredSizes([{ fileName: 'a', uncompressedSize: 100 * KB }], LIMITS)).toBeNull();
  expect(checkDeclaredSizes([{ fileName: 'a', uncompressedSize: 100 * KB + 1 }], LIMITS)).toEqual({ kind: 'entry_too_large', entry: 'a', limit: 100 * KB });
  expect(checkDeclaredSizes([100, 100, 51].map((k, i) => ({ fileName: `${i}`, uncompressedSize: k * KB })), LIMITS)).toEqual({ kind: 'total_too_large', limit: 250 * KB });
});

it('words the refusal for the user with the limit: 422, or 400 for no archive', () => {
  const entry = zipProblemError({ kind: 'entry_too_large', entry: 'xl/sharedStrings.xml', limit: 20 * 1024 * KB }, { what: '工作簿' });
  expect(entry.code).toBe('RULE_VIOLATION');
  expect(entry.message).toBe('工作簿解压后内容过大：其中的“xl/sharedStrings.xml”超过上限 20 MB，请删除多余的行、列或图片后再上传');
  expect(entry.details).toEqual([{ path: 'file', message: entry.message }]);
  expect(zipProblemError({ kind: 'total_too_large', limit: 50 * 1024 * KB }).message).toContain('合计超过上限 50 MB');
  expect(zipProblemError({ kind: 'too_many_entries', entries: 1200, limit: 1000 }, { field: 'evidence' }).details).toEqual([{ path: 'evidence', message: '文件内部包含 1200 个部件，超过上限 1000 个' }]);
  expect(zipProblemError({ kind: 'not_a_zip' }).code).toBe('VALIDATION_FAILED');
  expect([formatBytes(20 * 1024 * KB), formatBytes(512 * KB), formatBytes(1536 * KB)]).toEqual(['20 MB', '512 KB', '1.5 MB']);
});
