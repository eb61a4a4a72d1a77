import type { Readable } from 'node:stream';

/**
 * Where the bytes of stored files live, addressed by their sha256 (one object per content: two uploads of the same
 * bytes store one). Two backends: the data folder (default) and an S3-compatible store (S3_URL). Objects are never
 * changed once written; `quarantine` keeps an infected upload apart from the served files, where nothing reads it.
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Creates what the backend needs (folders, the bucket); called once at start. */
  init(): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /**
   * Moves (or copies) the finished temp file in under its hash; the temp file is gone afterwards. When the content
   * is there already its modification time is renewed, so that the sweep of unreferenced content (stored-file-sweep)
   * does not take bytes an upload is about to record.
   */
  put(sha256: string, tempFilePath: string, size: number, mediaType: string): Promise<void>;
  /** The stored bytes, streamed. */
  openRead(sha256: string): Promise<Readable>;
  /** Keeps an infected upload in the quarantine area (never served); the temp file is gone afterwards. */
  quarantine(sha256: string, tempFilePath: string, size: number): Promise<void>;
  /** Every served object (not the quarantined ones, not temp files) with when it was last written. */
  list(): AsyncIterable<StoredObject>;
  /** When the object was last written; null when there is none. */
  modifiedAt(sha256: string): Promise<Date | null>;
  /** Removes a served object (only the sweep of unreferenced content does). */
  remove(sha256: string): Promise<void>;
}

export interface StoredObject {
  readonly sha256: string;
  readonly modifiedAt: Date;
}

export const FILE_STORE = Symbol('FILE_STORE');

/** ab/cd/<sha256>: two levels of 256 folders keep any one folder small. */
export function contentKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
