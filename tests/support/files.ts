import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import type { TestApp } from './test-app';

/* Files over HTTP as a signed-in demo user: workbook downloads (bytes, not text) and multipart uploads. */

/** GET `/api<path>` collecting the body as bytes (supertest would parse a workbook as text). */
export async function downloadBytes(t: TestApp, username: string, path: string) {
  const token = await t.token(username);
  return t.http
    .get(`/api${path}`)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

/** POST `/api<path>` with one file in the multipart field `file`. */
export async function uploadBytes(t: TestApp, username: string, path: string, buffer: Buffer, filename: string) {
  const token = await t.token(username);
  return t.http.post(`/api${path}`).set('Authorization', `Bearer ${token}`).attach('file', buffer, filename);
}

/**
 * The same zip archive (an .xlsx) with the named entries replaced or added, every other entry copied byte for byte:
 * how the upload-limit suite makes a hostile workbook out of a real one (e.g. shared strings that inflate to 40 MB).
 */
export async function replaceZipEntries(archive: Buffer, replacements: Record<string, Buffer>): Promise<Buffer> {
  const source = await yauzl.fromBufferPromise(archive, { lazyEntries: true });
  const target = new yazl.ZipFile();
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    target.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    target.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    target.outputStream.on('error', reject);
  });
  for await (const entry of source.eachEntry()) {
    if (entry.fileName in replacements || entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await source.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    target.addBuffer(Buffer.concat(chunks), entry.fileName);
  }
  for (const [name, content] of Object.entries(replacements)) target.addBuffer(content, name, { compress: true });
  target.end();
  return done;
}
