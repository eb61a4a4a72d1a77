import { createReadStream } from 'node:fs';
import { access, mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { contentKey, type FileStore } from './file-store';

/**
 * Files in the data folder: EVALFLOW_DATA_DIR/files/ab/cd/<sha256>, quarantined ones in files/quarantine/…, uploads
 * in progress in files/tmp (the same file system, so finishing one is an atomic rename: a stored file is always
 * whole).
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  async init(): Promise<void> {
    await mkdir(this.tempDir, { recursive: true });
    await mkdir(path.join(this.root, 'quarantine'), { recursive: true });
  }

  get tempDir(): string {
    return path.join(this.root, 'tmp');
  }

  pathOf(sha256: string): string {
    return path.join(this.root, ...contentKey(sha256).split('/'));
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async put(sha256: string, tempFilePath: string): Promise<void> {
    await this.moveIn(tempFilePath, this.pathOf(sha256));
  }

  async openRead(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    await access(file);
    return createReadStream(file);
  }

  async quarantine(sha256: string, tempFilePath: string): Promise<void> {
    await this.moveIn(tempFilePath, path.join(this.root, 'quarantine', ...contentKey(sha256).split('/')));
  }

  private async moveIn(tempFilePath: string, target: string): Promise<void> {
    if (await exists(target)) {
      // The same bytes are already there (the name is their hash).
      await unlink(tempFilePath).catch(() => undefined);
      return;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempFilePath, target);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
