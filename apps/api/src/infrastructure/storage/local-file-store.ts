import { createReadStream } from 'node:fs';
import { access, mkdir, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { contentKey, type FileStore, type StoredObject } from './file-store';

const SHA256 = /^[0-9a-f]{64}$/;
const BYTE_FOLDER = /^[0-9a-f]{2}$/;

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
    await this.moveIn(tempFilePath, this.pathOf(sha256), { renew: true });
  }

  async openRead(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    await access(file);
    return createReadStream(file);
  }

  async quarantine(sha256: string, tempFilePath: string): Promise<void> {
    await this.moveIn(tempFilePath, path.join(this.root, 'quarantine', ...contentKey(sha256).split('/')));
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const first of await folders(this.root)) {
      for (const second of await folders(path.join(this.root, first))) {
        const folder = path.join(this.root, first, second);
        for (const name of await readdir(folder).catch(() => [] as string[])) {
          if (!SHA256.test(name)) continue;
          const info = await stat(path.join(folder, name)).catch(() => null);
          if (info?.isFile()) yield { sha256: name, modifiedAt: info.mtime };
        }
      }
    }
  }

  async modifiedAt(sha256: string): Promise<Date | null> {
    return (await stat(this.pathOf(sha256)).catch(() => null))?.mtime ?? null;
  }

  async remove(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private async moveIn(tempFilePath: string, target: string, options: { renew?: boolean } = {}): Promise<void> {
    if (await exists(target)) {
      // The same bytes are already there (the name is their hash).
      if (options.renew) {
        const now = new Date();
        await utimes(target, now, now).catch(() => undefined);
      }
      await unlink(tempFilePath).catch(() => undefined);
      return;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempFilePath, target);
  }
}

/** The two-hex-digit folders of the content tree (ab/cd/…); tmp and quarantine are not among them. */
async function folders(parent: string): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && BYTE_FOLDER.test(entry.name)).map((entry) => entry.name).sort();
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
