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
