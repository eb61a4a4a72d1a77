import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/*
 * file-type is ESM-only. The API is CommonJS, and under jest (ts-jest, in-process) a plain `import()` of an ES
 * module is not available without --experimental-vm-modules. So the sniffing runs in one long-lived worker thread
 * whose code is plain JavaScript given inline (no TypeScript, so the same code runs under jest and in the built
 * app): it `import()`s file-type by its file URL and answers {ext, mime} for the first bytes of each upload. The
 * worker is unref'd (it never keeps a process alive) and started again if it dies. Only the first 4100 bytes cross
 * over, never the file.
 */

export interface SniffResult {
  ext: string;
  mime: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const loaded = import(pathToFileURL(workerData.entry).href);
parentPort.on('message', async ({ id, bytes }) => {
  try {
    const { fileTypeFromBuffer } = await loaded;
    const found = await fileTypeFromBuffer(new Uint8Array(bytes));
    parentPort.postMessage({ id, result: found ? { ext: found.ext, mime: found.mime } : null });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/** file-type's Node entry, found the way `require` would look for the package (jest's resolver refuses its exports). */
function fileTypeEntry(): string {
  for (const folder of require.resolve.paths('file-type') ?? []) {
    const entry = path.join(folder, 'file-type', 'index.js');
    if (existsSync(entry)) return entry;
  }
  throw new Error('the file-type package is not installed');
}

const SNIFF_TIMEOUT_MS = 10_000;

export class FileSniffer {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: SniffResult | null) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  async sniff(head: Buffer): Promise<SniffResult | null> {
    const worker = this.start();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, { error: 'file type detection timed out' }), SNIFF_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      const bytes = new Uint8Array(head).buffer;
      worker.postMessage({ id, bytes }, [bytes]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry: fileTypeEntry() }, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    worker.on('message', (message: { id: number; result?: SniffResult | null; error?: string }) => this.settle(message.id, message));
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      for (const id of [...this.pending.keys()]) this.settle(id, { error: reason });
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`file type worker exited (${code})`));
    // After the listeners: adding a 'message' listener refs the worker again (nodejs/node#53036). A pending sniff's
    // timer keeps the process alive while it waits.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(id: number, message: { result?: SniffResult | null; error?: string }): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    if (message.error !== undefined) waiting.reject(new Error(message.error));
    else waiting.resolve(message.result ?? null);
  }
}
