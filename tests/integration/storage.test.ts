import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import * as yazl from 'yazl';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { AttachmentsService } from '../../apps/api/src/modules/attachments/attachments.service';
import { ClamdScanner } from '../../apps/api/src/infrastructure/storage/virus-scanner';
import { FILE_STORE, type FileStore } from '../../apps/api/src/infrastructure/storage/file-store';
import { sweepUnreferencedFiles, UNREFERENCED_GRACE_MS } from '../../apps/api/src/infrastructure/storage/stored-file-sweep';
import { createTestApp, type TestApp } from '../support/test-app';
import { addOutsiders, OUTSIDERS } from '../support/outsiders';
import { api, keyEvaluationInFieldwork, keyEvaluationInRectification, lookupIds, scoreAll, fire, type Ids } from '../support/evaluation-steps';
import { downloadBytes } from '../support/files';
import { EICAR, startFakeClamd } from '../support/fake-clamd';
import { TEST_S3_CREDENTIALS } from '../support/services';

/*
 * File storage and attachments (issue 11), on both backends: the data folder and an S3-compatible store (s3rver,
 * started by the global setup). Upload, de-duplication, download, versions, withdrawal, the scan hook (a fake clamd),
 * the files of a history entry, and every refusal with the stored objects, temp files and rows counted before and
 * after: nothing half-written. Then the authorisation table: every subject type × every demo user (and two outsiders)
 * for list, download, upload and withdraw.
 */
jest.setTimeout(300_000);

const MB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const pdf = (note: string) => Buffer.concat([PDF, Buffer.from(`% ${note}\n`)]);
/** The smallest PNG: signature, IHDR, IDAT, IEND. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082', 'hex');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58, 0x90), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(300, 1)]);

interface UploadFile {
  buffer: Buffer;
  name: string;
  /** Send the name as given, path and all (the client library would otherwise send only its last part). */
  asPath?: boolean;
}

async function upload(t: TestApp, username: string, subject: string, files: UploadFile[], target = '/attachments') {
  const token = await t.token(username);
  let call = t.http.post(`/api${target}${subject}`).set('Authorization', `Bearer ${token}`);
  for (const file of files) call = call.attach('file', file.buffer, file.asPath ? ({ filepath: file.name } as never) : file.name);
  return call;
}
const subject = (type: string, id: string) => `?subjectType=${type}&subjectId=${id}`;

function zipOf(entries: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(data, name, { compress: true });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

function filesUnder(folder: string): string[] {
  let found: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  for (const name of names) {
    const full = path.join(folder, name);
    found = statSync(full).isDirectory() ? found.concat(filesUnder(full)) : found.concat(full);
  }
  return found;
}

/** The clamd adapter on its own, against the fake clamd (INSTREAM in 64 KB chunks). */
describe('ClamdScanner against a fake clamd', () => {
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'evalflow-scan-'));
  beforeAll(async () => {
    clamd = await startFakeClamd();
  });
  afterAll(() => new Promise<void>((resolve) => clamd.server.close(() => resolve())));

  it('answers clean for ordinary bytes, sent whole in chunks', async () => {
    const file = path.join(dir, 'clean.bin');
    const bytes = Buffer.alloc(200_000, 7);
    writeFileSync(file, bytes);
    await expect(new ClamdScanner(clamd.url).scan(file)).resolves.toEqual({ status: 'clean' });
    expect(clamd.received.at(-1)?.equals(bytes)).toBe(true);
  });

  it('answers infected with the signature for the EICAR string', async () => {
    const file = path.join(dir, 'eicar.txt');
    writeFileSync(file, EICAR);
    await expect(new ClamdScanner(clamd.url).scan(file)).resolves.toEqual({ status: 'infected', signature: 'Eicar-Signature' });
  });

  it('rejects when clamd cannot be reached', async () => {
    const file = path.join(dir, 'clean.bin');
    await expect(new ClamdScanner('tcp://127.0.0.1:1').scan(file)).rejects.toThrow();
  });
});

const BACKENDS = ['local', 's3'] as const;

describe.each(BACKENDS)('attachments on the %s backend', (backend) => {
  let t: TestApp;
  let ids: Ids;
  let dataDir: string;
  let bucket: string;
  let s3: S3Client;
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>;
  let evaluation: string;
  let item: string;

  /** Stored objects (served and quarantined), temp files left in the data folder, and rows. */
  async function counts() {
    let served: number;
    let quarantined: number;
    if (backend === 'local') {
      const all = filesUnder(path.join(dataDir, 'files')).map((file) => path.relative(path.join(dataDir, 'files'), file));
      served = all.filter((file) => !file.startsWith('tmp') && !file.startsWith('quarantine')).length;
      quarantined = all.filter((file) => file.startsWith('quarantine')).length;
    } else {
      const list = async (prefix: string) => (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).KeyCount ?? 0;
      served = await list('files/');
      quarantined = await list('quarantine/');
    }
    const [rows] = await t.db.query(`SELECT (SELECT count(*)::int FROM attachments) AS attachments, (SELECT count(*)::int FROM stored_files) AS "storedFiles"`);
    return { served, quarantined, temp: filesUnder(path.join(dataDir, 'files', 'tmp')).length, ...rows };
  }

  async function expectNothingWritten(attempt: () => Promise<{ status: number; body: { code?: string; message?: string } }>, status: number, message?: RegExp) {
    const before = await counts();
    const response = await attempt();
    expect([response.status, response.body.code]).toEqual([status, expect.any(String)]);
    if (message) expect(response.body.message).toMatch(message);
    expect(await counts()).toEqual(before);
    return response;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), `evalflow-files-${backend}-`));
    bucket = `evalflow-${randomBytes(4).toString('hex')}`;
    clamd = await startFakeClamd();
    const s3Env: Record<string, string> =
      backend === 's3'
        ? { S3_URL: process.env.TEST_S3_URL!, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey }
        : {};
    t = await createTestApp({ env: { EVALFLOW_DATA_DIR: dataDir, UPLOAD_MAX_FILE_MB: '1', EVALUATION_STORAGE_MAX_MB: '3', CLAMAV_URL: clamd.url, ...s3Env } });
    s3 = new S3Client({ endpoint: process.env.TEST_S3_URL, region: 'us-east-1', forcePathStyle: true, credentials: TEST_S3_CREDENTIALS });
    ids = await lookupIds(t);
    evaluation = await keyEvaluationInFieldwork(t, ids);
    // The department's clerk owns the item: it uploads and answers (with the head).
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluation}/document-requests`, { title: '2025年度记账凭证', ownerUserId: staff.id });
    expect(created.status).toBe(201);
    item = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
    s3?.destroy();
    await new Promise<void>((resolve) => clamd.server.close(() => resolve()));
  });

  it('stores the files of an upload, answers their records, and serves the same bytes as a download', async () => {
    const before = await counts();
    const response = await upload(t, 'dept.staff', subject('document_request', item), [
      { buffer: pdf('凭证一'), name: '2025年3月记账凭证.pdf' },
      { buffer: PNG, name: '现场照片.png' },
    ]);
    expect(response.status).toBe(201);
    expect(response.body.items).toHaveLength(2);
    const [voucher, photo] = response.body.items;
    expect(voucher).toMatchObject({
      subjectType: 'document_request',
      subjectId: item,
      evaluationId: evaluation,
      fileName: '2025年3月记账凭证.pdf',
      mediaType: 'application/pdf',
      size: pdf('凭证一').length,
      version: 1,
      previousVersionId: null,
      status: 'current',
      scanStatus: 'clean',
      withdrawnReason: null,
      uploadedBy: { displayName: '张敏' },
      previewable: true,
    });
    expect(photo).toMatchObject({ mediaType: 'image/png', previewable: true });
    expect(await counts()).toEqual({ ...before, served: before.served + 2, attachments: before.attachments + 2, storedFiles: before.storedFiles + 2 });

    const download = await downloadBytes(t, 'eval.lead', `/attachments/${voucher.id}/content`);
    expect(download.status).toBe(200);
    expect((download.body as Buffer).equals(pdf('凭证一'))).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="2025_3_____.pdf"; filename*=UTF-8''${encodeURIComponent('2025年3月记账凭证.pdf')}`,
    );
    expect((await api(t, 'auditor', 'get', `/attachments/${photo.id}`)).body).toEqual(photo);
  });

  it('stores the same bytes once: a second upload adds an attachment, not a stored file', async () => {
    const bytes = pdf('重复上传');
    const first = await upload(t, 'dept.staff', subject('document_request', item), [{ buffer: bytes, name: '凭证A.pdf' }]);
    expect(first.status).toBe(201);
    const before = await counts();
    const second = await upload(t, 'evaluator', subject('document_request', item), [{ buffer: bytes, name: '凭证A（副本）.pdf' }]);
    expect(second.status).toBe(201);
    expect(second.body.items[0].sha256).toBe(first.body.items[0].sha256);
    expect(await counts()).toEqual({ ...before, attachments: before.attachments + 1 });
    const again = await downloadBytes(t, 'dept.head', `/attachments/${second.body.items[0].id}/content`);
    expect((again.body as Buffer).equals(bytes)).toBe(true);
  });

  it('replaces a file with a new version and withdraws one with its reason; both stay downloadable', async () => {
    const [original] = (await upload(t, 'dept.staff', subject('document_request', item), [{ buffer: pdf('初稿'), name: '预算调整批复.pdf' }])).body.items;
    const replaced = await upload(t, 'dept.staff', '', [{ buffer: pdf('正式稿'), name: '预算调整批复（正式）.pdf' }], `/attachments/${original.id}/versions`);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ version: 2, previousVersionId: original.id, status: 'current', fileName: '预算调整批复（正式）.pdf' });
    expect((await api(t, 'dept.staff', 'get', `/attachments/${original.id}`)).body.status).toBe('superseded');
    expect(((await downloadBytes(t, 'eval.lead', `/attachments/${original.id}/content`)).body as Buffer).equals(pdf('初稿'))).toBe(true);
    // Only a current file gets a new version.
    await expectNothingWritten(() => upload(t, 'dept.staff', '', [{ buffer: pdf('再改'), name: '再改.pdf' }], `/attachments/${original.id}/versions`), 409);

    const withdrawn = await api(t, 'dept.staff', 'post', `/attachments/${replaced.body.id}/withdraw`, { reason: '上传错了文件' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnReason: '上传错了文件', withdrawnBy: { displayName: '张敏' } });
    expect(withdrawn.body.withdrawnAt).toEqual(expect.any(String));
    expect(((await downloadBytes(t, 'auditor', `/attachments/${replaced.body.id}/content`)).body as Buffer).equals(pdf('正式稿'))).toBe(true);
    expect((await api(t, 'dept.staff', 'post', `/attachments/${replaced.body.id}/withdraw`, { reason: '再撤' })).status).toBe(409);
    expect((await api(t, 'dept.staff', 'post', `/attachments/${original.id}/withdraw`, { reason: '' })).status).toBe(400);

    const list = (await api(t, 'finance.officer', 'get', `/attachments${subject('document_request', item)}`)).body.items as { id: string; status: string; uploadedAt: string }[];
    expect(list.map((entry) => entry.uploadedAt)).toEqual([...list.map((entry) => entry.uploadedAt)].sort().reverse());
    expect(list.filter((entry) => [original.id, replaced.body.id].includes(entry.id)).map((entry) => entry.status)).toEqual(['withdrawn', 'superseded']);
  });

  it('quarantines an infected file: recorded withdrawn with the signature, kept apart, never served', async () => {
    const before = await counts();
    const response = await upload(t, 'dept.staff', subject('document_request', item), [{ buffer: Buffer.from(`说明\n${EICAR}\n`), name: '说明.txt' }]);
    expect(response.status).toBe(201);
    expect(response.body.items[0]).toMatchObject({ scanStatus: 'infected', status: 'withdrawn', previewable: false });
    expect(response.body.items[0].withdrawnReason).toContain('Eicar-Signature');
    expect(await counts()).toEqual({ ...before, quarantined: before.quarantined + 1, attachments: before.attachments + 1, storedFiles: before.storedFiles + 1 });
    const download = await api(t, 'eval.lead', 'get', `/attachments/${response.body.items[0].id}/content`);
    expect([download.status, download.body.code]).toEqual([409, 'CONFLICT']);
    expect(download.body.message).toContain('病毒');
  });

  it('refuses oversize, forbidden, renamed, bomb, traversal and empty files with the reason, writing nothing', async () => {
    const target = subject('document_request', item);
    const big = Buffer.concat([PDF, randomBytes(1.2 * MB)]);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: big, name: '扫描件.pdf' }]), 413, /超过单个文件上限 1 MB/);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: EXE, name: 'setup.exe' }]), 415, /不支持上传 \.exe/);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: Buffer.from('<html><script>alert(1)</script></html>'), name: '页面.html' }]), 415);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: EXE, name: '审计报告.pdf' }]), 415, /可执行程序/);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: EXE, name: '说明.txt' }]), 415);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: PNG, name: '照片.jpg' }]), 415, /PNG 图片/);
    const bomb = await zipOf({ 'zeros.bin': Buffer.alloc(100 * MB) });
    expect(bomb.length).toBeLessThan(MB);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: bomb, name: '凭证扫描件.zip' }]), 422, /压缩/);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: Buffer.from('root:x:0:0'), name: '../../etc/passwd', asPath: true }]), 422, /路径/);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: pdf('保留名'), name: 'CON.pdf' }]), 422, /保留名称/);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: Buffer.alloc(0), name: '空白.pdf' }]), 422, /空文件/);
    // One bad file refuses the whole upload: the good one beside it is not kept either.
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: pdf('好的'), name: '好的.pdf' }, { buffer: EXE, name: '坏的.pdf' }]), 415);
    await expectNothingWritten(() => upload(t, 'dept.staff', target, []), 400);
    await expectNothingWritten(async () => {
      const token = await t.token('dept.staff');
      return t.http.post(`/api/attachments${target}`).set('Authorization', `Bearer ${token}`).send({ file: 'not multipart' });
    }, 400);
  });

  it('accepts the allowed kinds by their bytes: OOXML, OFD, zip, text in UTF-8 and GB18030', async () => {
    const docx = await zipOf({ '[Content_Types].xml': Buffer.from('<Types/>'), 'word/document.xml': Buffer.from('<w:document/>') });
    const ofd = await zipOf({ 'OFD.xml': Buffer.from('<ofd:OFD/>'), 'Doc_0/Document.xml': Buffer.from('<ofd:Document/>') });
    const archive = await zipOf({ '凭证/1.txt': Buffer.from('凭证') });
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a]); // 你好 in GB18030
    const response = await upload(t, 'eval.lead', subject('document_request', item), [
      { buffer: docx, name: '座谈记录.docx' },
      { buffer: ofd, name: '电子发票.ofd' },
      { buffer: archive, name: '凭证.zip' },
      { buffer: Buffer.from('项目,金额\n办公费,1200\n'), name: '明细.csv' },
      { buffer: gbk, name: '说明.txt' },
    ]);
    expect(response.status).toBe(201);
    expect(response.body.items.map((entry: { mediaType: string }) => entry.mediaType)).toEqual([
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/ofd',
      'application/zip',
      'text/csv',
      'text/plain',
    ]);
    // An OFD name on a plain zip, and a .docx that is an OFD, are refused.
    await expectNothingWritten(() => upload(t, 'eval.lead', subject('document_request', item), [{ buffer: archive, name: '发票.ofd' }]), 415);
    await expectNothingWritten(() => upload(t, 'eval.lead', subject('document_request', item), [{ buffer: ofd, name: '记录.docx' }]), 415);
  });

  it('leaves nothing behind when the client goes away mid-upload', async () => {
    const before = await counts();
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const token = await t.token('dept.staff');
    const boundary = '----evalflowtest';
    await new Promise<void>((resolve) => {
      const call = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/attachments${subject('document_request', item)}`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(600 * 1024) },
      });
      call.on('error', () => resolve());
      call.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="中断.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      call.write(Buffer.concat([PDF, randomBytes(200 * 1024)]));
      // Give the server time to start writing the temp file, then drop the connection.
      setTimeout(() => {
        call.destroy();
        resolve();
      }, 500);
    });
    const deadline = Date.now() + 5000;
    let after = await counts();
    while (JSON.stringify(after) !== JSON.stringify(before) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await counts();
    }
    expect(after).toEqual(before);
  });

  it('sweeps stored bytes no row names once they are a day old, and keeps every recorded file and recent bytes', async () => {
    const store = t.app.get<FileStore>(FILE_STORE);
    // Bytes stored by an upload cut off before its rows were committed.
    const orphan = pdf(`cut off ${randomBytes(4).toString('hex')}`);
    const sha256 = createHash('sha256').update(orphan).digest('hex');
    const tempPath = path.join(dataDir, 'files', 'tmp', `sweep-${sha256}.part`);
    writeFileSync(tempPath, orphan);
    await store.put(sha256, tempPath, orphan.length, 'application/pdf');
    // The recorded files this store serves (an infected file's row names bytes kept in quarantine instead).
    const recorded: string[] = [];
    for (const row of await t.db.query(`SELECT sha256 FROM stored_files`)) if (await store.modifiedAt(row.sha256)) recorded.push(row.sha256);
    expect(recorded.length).toBeGreaterThan(3);
    const before = await counts();

    // Within the grace period nothing goes.
    expect(await sweepUnreferencedFiles(store, t.db)).toMatchObject({ removed: 0 });
    expect(await store.modifiedAt(sha256)).not.toBeNull();

    // A day later the unreferenced bytes go; every stored file a row names stays, and still downloads.
    const later = Date.now() + UNREFERENCED_GRACE_MS + 60_000;
    const swept = await sweepUnreferencedFiles(store, t.db, { now: later });
    expect(swept.removed).toBe(1);
    expect(swept.examined).toBe(before.served);
    expect(await store.modifiedAt(sha256)).toBeNull();
    expect(await counts()).toEqual({ ...before, served: before.served - 1 });
    for (const hash of recorded) expect(await store.modifiedAt(hash)).not.toBeNull();
    const [attachment] = await t.db.query(`SELECT id, sha256 FROM attachments WHERE status = 'current' ORDER BY uploaded_at LIMIT 1`);
    const download = await downloadBytes(t, 'eval.lead', `/attachments/${attachment.id}/content`);
    expect(createHash('sha256').update(download.body as Buffer).digest('hex')).toBe(attachment.sha256);
  });

  it('renews bytes stored again, so that an upload about to record them keeps them', async () => {
    const store = t.app.get<FileStore>(FILE_STORE);
    const bytes = pdf(`renewed ${randomBytes(4).toString('hex')}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const put = async () => {
      const tempPath = path.join(dataDir, 'files', 'tmp', `renew-${randomBytes(4).toString('hex')}.part`);
      writeFileSync(tempPath, bytes);
      await store.put(sha256, tempPath, bytes.length, 'application/pdf');
    };
    await put();
    const first = (await store.modifiedAt(sha256))!.getTime();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await put();
    expect((await store.modifiedAt(sha256))!.getTime()).toBeGreaterThan(first);
    // Gone again by the sweep: it names no row either.
    expect((await sweepUnreferencedFiles(store, t.db, { now: Date.now() + UNREFERENCED_GRACE_MS + 60_000 })).removed).toBe(1);
  });

  it('refuses a body declared larger than all the files one upload may carry, before reading it', async () => {
    const before = await counts();
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const token = await t.token('dept.staff');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/attachments${subject('document_request', item)}`,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(10 * 1024 * MB) },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body });
            call.destroy();
          });
        },
      );
      call.on('error', reject);
      call.write('--x\r\n');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await counts()).toEqual(before);
  });

  it('links the item’s current files to the history entry of its next step; a linked file is never changed or deleted', async () => {
    const current = (await api(t, 'dept.staff', 'get', `/attachments${subject('document_request', item)}`)).body.items.filter((entry: { status: string }) => entry.status === 'current');
    expect(current.length).toBeGreaterThan(0);
    const version = (await api(t, 'dept.staff', 'get', `/document-requests/${item}`)).body.version;
    const provided = await api(t, 'dept.staff', 'post', `/document-requests/${item}/transitions`, { action: 'provide', expectedVersion: version });
    expect(provided.status).toBe(200);
    const history = (await api(t, 'auditor', 'get', `/document-requests/${item}/history`)).body.items;
    const entry = history.at(-1);
    expect(entry.action).toBe('provide');
    expect(entry.attachments.map((file: { id: string }) => file.id).sort()).toEqual(current.map((file: { id: string }) => file.id).sort());
    expect(entry.attachments[0]).toEqual({ id: expect.any(String), fileName: expect.any(String), size: expect.any(Number), mediaType: expect.any(String) });
    const linked = entry.attachments[0].id;
    await expect(t.db.query(`UPDATE attachments SET file_name = 'changed.pdf' WHERE id = $1`, [linked])).rejects.toThrow(/part of the history/);
    await expect(t.db.query(`DELETE FROM attachments WHERE id = $1`, [linked])).rejects.toThrow(/never deleted/);
    await expect(t.db.query(`DELETE FROM history_attachments`)).rejects.toThrow(/append-only/);
    // An accepted item's files are settled: no upload, no withdrawal.
    await api(t, 'eval.lead', 'post', `/document-requests/${item}/transitions`, { action: 'accept', expectedVersion: version + 1 });
    await expectNothingWritten(() => upload(t, 'eval.lead', subject('document_request', item), [{ buffer: pdf('迟到'), name: '迟到.pdf' }]), 409);
    const own = current.find((file: { uploadedBy: { displayName: string } }) => file.uploadedBy.displayName === '张敏');
    expect((await api(t, 'dept.staff', 'post', `/attachments/${own.id}/withdraw`, { reason: '撤回' })).status).toBe(409);
  });

  it('stores a Buffer made by the system as an attachment, through the same checks', async () => {
    const service = t.app.get(AttachmentsService);
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluation}/document-requests`, { title: '内部管理制度' });
    const stored = await service.storeBuffer({ subjectType: 'document_request', subjectId: created.body.id, fileName: '内部管理制度汇编.pdf', bytes: pdf('制度'), uploadedBy: staff.id });
    expect(stored).toMatchObject({ fileName: '内部管理制度汇编.pdf', mediaType: 'application/pdf', status: 'current', uploadedBy: { displayName: '张敏' } });
    expect(((await downloadBytes(t, 'dept.head', `/attachments/${stored.id}/content`)).body as Buffer).equals(pdf('制度'))).toBe(true);
    const before = await counts();
    await expect(service.storeBuffer({ subjectType: 'document_request', subjectId: created.body.id, fileName: '程序.pdf', bytes: EXE, uploadedBy: staff.id })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await counts()).toEqual(before);
  });

  it('refuses what would pass the evaluation’s storage quota (413), writing nothing', async () => {
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${evaluation}/document-requests`, { title: '合同', ownerUserId: staff.id });
    const target = subject('document_request', created.body.id);
    const used = Number((await t.db.query(`SELECT coalesce(sum(size), 0) AS bytes FROM attachments WHERE evaluation_id = $1`, [evaluation]))[0].bytes);
    let added = used;
    while (added + 0.9 * MB <= 3 * MB) {
      const chunk = Buffer.concat([PDF, randomBytes(0.9 * MB - PDF.length)]);
      expect((await upload(t, 'dept.staff', target, [{ buffer: chunk, name: `合同${added}.pdf` }])).status).toBe(201);
      added += chunk.length;
    }
    await expectNothingWritten(() => upload(t, 'dept.staff', target, [{ buffer: Buffer.concat([PDF, randomBytes(0.9 * MB)]), name: '超出.pdf' }]), 413, /超过上限 3 MB/);
  });
});

/*
 * The authorisation table: for each subject type, every demo user and two outsiders the demo lacks (an auditor
 * outside the jurisdiction, the lead of a firm not assigned) × list, download, upload, withdraw. Who stands where is
 * written down by hand from the demo data (as in workflow-items.test.ts): the bureau, the admin and the auditor read
 * the records of 长沙市人民政府办公厅's evaluations, the team and the department work on them, everyone else —
 * another county's bureau and departments, another district's department, the two outsiders — gets 404.
 */
describe('who may list, download, upload and withdraw the files of each record', () => {
  let t: TestApp;
  let ids: Ids;
  const READERS = ['admin', 'finance.admin', 'finance.officer', 'eval.lead', 'evaluator', 'dept.head', 'dept.staff', 'auditor'];
  const TEAM = ['eval.lead', 'evaluator'];
  const DEPARTMENT = ['dept.head', 'dept.staff'];
  const USERS = [...DEMO_USERS.map((user) => user.username), ...OUTSIDERS.map((extra) => extra.username)];
  type Op = 'list' | 'download' | 'upload' | 'withdraw';
  interface SubjectCase {
    /** The case's name in the table (a subject type, or one with a qualifier). */
    name: string;
    type: 'document_request' | 'finding' | 'finding_answer' | 'rectification_item';
    id: string;
    uploader: string;
    /** Who may read the record's files, among the readers of the evaluation. */
    reads: (username: string) => boolean;
    uploads: (username: string) => boolean;
  }
  const subjects: SubjectCase[] = [];

  const expected = (s: SubjectCase, username: string, op: Op): number => {
    if (!READERS.includes(username)) return 404;
    if (!s.reads(username)) return 403;
    if (op === 'list' || op === 'download') return 200;
    if (op === 'upload') return s.uploads(username) ? 201 : 403;
    return username === s.uploader ? 200 : 403;
  };

  async function must<T = Record<string, unknown>>(response: { status: number; body: unknown }, status: number, what: string): Promise<T> {
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  }
  const step = async (username: string, id: string, action: string) => must(await fire(t, username, id, action), 200, action);
  const seed = async (s: Pick<SubjectCase, 'type' | 'id' | 'uploader'>, note: string) =>
    (await must<{ items: { id: string }[] }>(await upload(t, s.uploader, subject(s.type, s.id), [{ buffer: pdf(note), name: `${note}.pdf` }]), 201, `seed ${s.type}`)).items[0].id;

  beforeAll(async () => {
    t = await createTestApp({ env: { EVALFLOW_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'evalflow-files-authz-')) } });
    ids = await lookupIds(t);
    await addOutsiders(t);
    const finding = { title: '预算调整率偏高', description: '年中追加预算', causeAnalysis: '编制不精细', recommendation: '提高准确性' };
    // Fieldwork: a document request (the department and the team hand in files) and a finding (the team's files,
    // not yet shown to the department).
    const fieldwork = await keyEvaluationInFieldwork(t, ids);
    // A document request is answered by its owner and the department head: one owned by the clerk, one by nobody
    // (the head's alone).
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const request = await must<{ id: string }>(await api(t, 'eval.lead', 'post', `/evaluations/${fieldwork}/document-requests`, { title: '人员花名册', ownerUserId: staff.id }), 201, 'request');
    const unownedRequest = await must<{ id: string }>(await api(t, 'eval.lead', 'post', `/evaluations/${fieldwork}/document-requests`, { title: '部门预算批复' }), 201, 'request');
    const teamFinding = await must<{ id: string }>(await api(t, 'evaluator', 'post', `/evaluations/${fieldwork}/findings`, finding), 201, 'finding');
    // The draft for comment: the department answers the findings, with files.
    const forComment = await keyEvaluationInFieldwork(t, ids);
    await must(await scoreAll(t, forComment, 'eval.lead'), 200, 'scores');
    const answered = await must<{ id: string }>(await api(t, 'eval.lead', 'post', `/evaluations/${forComment}/findings`, finding), 201, 'finding');
    await step('eval.lead', forComment, 'submit_draft');
    await step('finance.officer', forComment, 'issue_draft_for_comment');
    const rectification = await keyEvaluationInRectification(t, ids, 1);
    const reader = () => true;
    subjects.push(
      { name: 'document_request', type: 'document_request', id: request.id, uploader: 'dept.staff', reads: reader, uploads: (u) => DEPARTMENT.includes(u) || TEAM.includes(u) },
      { name: 'document_request without an owner', type: 'document_request', id: unownedRequest.id, uploader: 'dept.head', reads: reader, uploads: (u) => u === 'dept.head' || TEAM.includes(u) },
      { name: 'finding', type: 'finding', id: teamFinding.id, uploader: 'evaluator', reads: (u) => !DEPARTMENT.includes(u), uploads: (u) => TEAM.includes(u) },
      { name: 'finding_answer', type: 'finding_answer', id: answered.id, uploader: 'dept.staff', reads: reader, uploads: (u) => DEPARTMENT.includes(u) },
      { name: 'rectification_item', type: 'rectification_item', id: rectification.items[0], uploader: 'dept.staff', reads: reader, uploads: (u) => DEPARTMENT.includes(u) },
    );
  });
  afterAll(async () => t?.close());

  it.each(['document_request', 'document_request without an owner', 'finding', 'finding_answer', 'rectification_item'])('%s: every user × list, download, upload, withdraw', async (name) => {
    const s = subjects.find((entry) => entry.name === name)!;
    const type = s.type;
    const file = await seed(s, `${type}-存档`);
    const mismatches: string[] = [];
    for (const username of USERS) {
      const got: Record<Op, number> = {
        list: (await api(t, username, 'get', `/attachments${subject(s.type, s.id)}`)).status,
        download: (await downloadBytes(t, username, `/attachments/${file}/content`)).status,
        upload: (await upload(t, username, subject(s.type, s.id), [{ buffer: pdf(`${username}的文件`), name: '补充材料.pdf' }])).status,
        withdraw: (await api(t, username, 'post', `/attachments/${await seed(s, `${type}-${username}`)}/withdraw`, { reason: '表中的撤回' })).status,
      };
      for (const op of ['list', 'download', 'upload', 'withdraw'] as const) {
        if (got[op] !== expected(s, username, op)) mismatches.push(`${username} ${op}: ${got[op]}, expected ${expected(s, username, op)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Without CLAMAV_URL files are recorded as not scanned.
    expect((await api(t, 'auditor', 'get', `/attachments/${file}`)).body.scanStatus).toBe('not_scanned');
  });

  it('outside its stage the work is refused with 409: the department’s answer files before the draft for comment, the team’s after fieldwork', async () => {
    const early = subjects.find((entry) => entry.type === 'finding')!;
    // A finding of the fieldwork evaluation: the department may not answer it yet (the findings are not published).
    const answer = await upload(t, 'dept.staff', subject('finding_answer', early.id), [{ buffer: pdf('早'), name: '早.pdf' }]);
    expect(answer.status).toBe(403);
    const late = subjects.find((entry) => entry.type === 'finding_answer')!;
    const teamLate = await upload(t, 'evaluator', subject('finding', late.id), [{ buffer: pdf('晚'), name: '晚.pdf' }]);
    expect([teamLate.status, teamLate.body.code]).toEqual([409, 'CONFLICT']);
    expect((await api(t, 'eval.lead', 'get', `/attachments?subjectType=working_paper_x&subjectId=${late.id}`)).status).toBe(400);
    expect((await api(t, 'eval.lead', 'get', `/attachments${subject('document_request', ids.department)}`)).status).toBe(404);
    expect((await api(t, 'eval.lead', 'get', `/attachments/${ids.department}`)).status).toBe(404);
  });
});

/*
 * The files of each step on the evaluation's own history (issue 11 §4): a finding's files and those of the
 * department's answer to it have no lifecycle of their own, so the evaluation's next step carries them — the files
 * added since its previous step, each once. The department sees them (as it sees the findings) from the draft for
 * comment on.
 */
describe('the evaluation’s history lists the files of its findings and of the department’s answers', () => {
  let t: TestApp;
  let ids: Ids;
  beforeAll(async () => {
    t = await createTestApp({ env: { EVALFLOW_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'evalflow-files-history-')) } });
    ids = await lookupIds(t);
  });
  afterAll(async () => t?.close());

  const filesOf = async (username: string, evaluationId: string) => {
    const response = await api(t, username, 'get', `/evaluations/${evaluationId}/history`);
    expect(response.status).toBe(200);
    return (response.body.items as { action: string; attachments: { fileName: string }[] }[]).map((entry) => [entry.action, entry.attachments.map((file) => file.fileName).sort()]);
  };
  const must = async (response: { status: number; body: unknown }, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; version: number; items: { id: string }[] };
  };

  it('submitting the draft carries the finding’s file; starting the adjudication the answer’s; the department sees them with the findings', async () => {
    const id = await keyEvaluationInFieldwork(t, ids);
    await must(await scoreAll(t, id, 'eval.lead'), 200, 'scores');
    const finding = await must(
      await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, { title: '会议费支出无审批单', description: '3笔会议费报销未附审批单', causeAnalysis: '报销审核不严', recommendation: '严格执行会议费审批' }),
      201,
      'finding',
    );
    const teamFile = (await must(await upload(t, 'evaluator', subject('finding', finding.id), [{ buffer: pdf('报销单'), name: '会议费报销单.pdf' }]), 201, 'finding file')).items[0].id;
    await must(await fire(t, 'eval.lead', id, 'submit_draft'), 200, 'submit_draft');
    // The team and the bureau see the finding's file on 提交评价报告初稿; the department not yet (nor may it fetch it).
    expect((await filesOf('finance.officer', id)).at(-1)).toEqual(['submit_draft', ['会议费报销单.pdf']]);
    expect((await filesOf('dept.staff', id)).at(-1)).toEqual(['submit_draft', []]);
    expect((await downloadBytes(t, 'dept.staff', `/attachments/${teamFile}/content`)).status).toBe(403);

    await must(await fire(t, 'finance.officer', id, 'issue_draft_for_comment'), 200, 'issue_draft_for_comment');
    // The department answers the finding with a file of its own.
    const answerFile = (await must(await upload(t, 'dept.staff', subject('finding_answer', finding.id), [{ buffer: pdf('审批单'), name: '会议费审批单.pdf' }]), 201, 'answer file')).items[0].id;
    const current = (await api(t, 'dept.staff', 'get', `/evaluations/${id}/findings`)).body.items.find((f: { id: string }) => f.id === finding.id);
    await must(await api(t, 'dept.staff', 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'disputed', text: '审批单已补齐，见附件', expectedVersion: current.version }), 200, 'answer');
    await must(await fire(t, 'eval.lead', id, 'start_adjudication'), 200, 'start_adjudication');

    const history = await filesOf('eval.lead', id);
    // Each file once, on the step that followed it; the evaluation's earlier steps carried none.
    expect(history.slice(-3)).toEqual([
      ['submit_draft', ['会议费报销单.pdf']],
      ['issue_draft_for_comment', []],
      ['start_adjudication', ['会议费审批单.pdf']],
    ]);
    expect(history.slice(0, -3).every(([, files]) => files.length === 0)).toBe(true);
    // From the draft for comment on, the department sees the same history (and may fetch the files).
    expect(await filesOf('dept.staff', id)).toEqual(history);
    expect((await downloadBytes(t, 'dept.staff', `/attachments/${teamFile}/content`)).status).toBe(200);
    // What a step carried is kept as it was.
    await expect(t.db.query(`UPDATE attachments SET file_name = 'changed.pdf' WHERE id = $1`, [answerFile])).rejects.toThrow(/part of the history/);
  });
});
