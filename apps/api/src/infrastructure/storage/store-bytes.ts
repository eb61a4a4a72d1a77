import { createHash, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from './file-store';

/**
 * Stores bytes the system made (a report's .docx or PDF) under their hash through a temp file, as an upload's are,
 * and answers the hash. Stored even when the content is there already: that renews it, so the sweep of unreferenced
 * content (stored-file-sweep.ts) cannot take it before the caller records its `stored_files` row.
 */
export async function storeMadeBytes(store: FileStore, tempDir: string, bytes: Buffer, mediaType: string): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const tempPath = path.join(tempDir, `${randomUUID()}.part`);
  await writeFile(tempPath, bytes, { flag: 'wx' });
  try {
    await store.put(sha256, tempPath, bytes.length, mediaType);
  } finally {
    await rm(tempPath, { force: true }).catch(() => undefined);
  }
  return sha256;
}
