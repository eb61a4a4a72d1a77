import type { Queryable } from '../database/queryable';
import { many } from '../database/queryable';
import type { FileStore, StoredObject } from './file-store';

/**
 * Stored content no row names: the bytes of an upload cut off between storing them and committing its rows (a
 * killed process, a lost database connection, a refused transaction). Every kind of record that keeps a file —
 * attachments, report documents, report templates — names it through `stored_files`, so content without a
 * `stored_files` row is referenced by nothing.
 *
 * Such content is removed once it is older than the grace period (a day: no upload takes that long between storing
 * and recording). Storing content that is already there renews its modification time (FileStore.put), and each
 * object's time is read again just before it is removed, so bytes an upload is about to record are not taken — but
 * for an upload that renews them in the instant between that read and the removal, which no lock closes here.
 */
export const UNREFERENCED_GRACE_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

export interface SweepResult {
  /** Objects looked at. */
  readonly examined: number;
  /** Unreferenced objects older than the grace period, removed. */
  readonly removed: number;
}

export async function sweepUnreferencedFiles(store: FileStore, db: Queryable, options: { now?: number; graceMs?: number } = {}): Promise<SweepResult> {
  const cutoff = (options.now ?? Date.now()) - (options.graceMs ?? UNREFERENCED_GRACE_MS);
  let examined = 0;
  let removed = 0;
  let batch: StoredObject[] = [];
  const settle = async () => {
    removed += await removeUnreferenced(store, db, batch, cutoff);
    batch = [];
  };
  for await (const object of store.list()) {
    examined++;
    if (object.modifiedAt.getTime() < cutoff) batch.push(object);
    if (batch.length >= BATCH) await settle();
  }
  await settle();
  return { examined, removed };
}

async function removeUnreferenced(store: FileStore, db: Queryable, candidates: readonly StoredObject[], cutoff: number): Promise<number> {
  if (candidates.length === 0) return 0;
  const rows = await many<{ sha256: string }>(db, `SELECT sha256 FROM stored_files WHERE sha256 = ANY($1)`, [candidates.map((object) => object.sha256)]);
  const referenced = new Set(rows.map((row) => row.sha256));
  let removed = 0;
  for (const object of candidates) {
    if (referenced.has(object.sha256)) continue;
    // Renewed since it was listed: an upload of the same bytes is on its way to recording them.
    const modifiedAt = await store.modifiedAt(object.sha256);
    if (!modifiedAt || modifiedAt.getTime() >= cutoff) continue;
    await store.remove(object.sha256);
    removed++;
  }
  return removed;
}
