import { randomUUID } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/*
 * Temp files of uploads in progress (files/tmp, shared by every API process on the data folder). Each is named after
 * the process writing it — `<host>.<pid>.<uuid>.part` — so that a process killed mid-upload (SIGKILL, a crash, the
 * machine losing power) leaves nothing behind for long: the next process to start on this host removes the temp
 * files of processes of this host that are gone. Files of other hosts sharing the folder, and unnamed ones, are
 * removed once a day old (no upload takes that long).
 */
const OWNED = /^(.+)\.(\d+)\.[0-9a-f-]{36}\.part$/;
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** A new temp file path in `tempDir`, named after this process. */
export function temporaryFilePath(tempDir: string): string {
  return path.join(tempDir, `${hostname()}.${process.pid}.${randomUUID()}.part`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temp files whose writer is gone; returns how many. */
export async function removeAbandonedTempFiles(tempDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const names = await readdir(tempDir).catch(() => [] as string[]);
  for (const name of names) {
    const owner = OWNED.exec(name);
    const file = path.join(tempDir, name);
    let abandoned = owner !== null && owner[1] === hostname() && !alive(Number(owner[2]));
    if (!abandoned) {
      const info = await stat(file).catch(() => null);
      abandoned = info !== null && info.isFile() && now - info.mtimeMs > ABANDONED_AFTER_MS;
    }
    if (abandoned && (await unlink(file).then(() => true, () => false))) removed++;
  }
  return removed;
}
