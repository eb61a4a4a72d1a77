import { inspect } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { DomainError, type ErrorCode } from '@evalflow/domain';
import { startModuleWorker } from '../../infrastructure/workers/module-worker';
import type { RenderFailure, RenderJob, RenderOutcome } from './report-render.worker';

/*
 * Report rendering off the event loop (issue 15: no request may hold the process for more than 200 ms; a render is
 * 100–300 ms of synchronous docxtemplater work). Renders and template checks run in one long-lived worker thread
 * per process (report-render.worker.ts, started as the workbook parser starts its own: infrastructure/workers),
 * one job at a time, started on first use and started again when it dies. The worker keeps the process alive only
 * while a job is pending (ref'd on send, unref'd when the last job settles): an idle renderer never holds a process
 * (or a test run) open, and a pending render is never cut off by a process that would otherwise exit.
 * A job has a time budget and the worker a heap limit: a pathological bureau template that runs out of either
 * fails its own job (the worker is replaced) instead of stalling the API.
 */

/** A report renders in well under a second; a minute bounds a pathological template, it is not a target. */
export const RENDER_TIMEOUT_MS = 60_000;
export const RENDER_MEMORY_MB = 256;

const logger = new Logger('ReportRenderer');

/** Thrown for a template that cannot render: its message is docxtemplater's (the callers word it for the reader). */
export class TemplateRenderError extends Error {}

/** The template filled with `data`, as .docx bytes. */
export async function renderDocxOffThread(template: Buffer, data: Record<string, unknown>): Promise<Buffer> {
  const { bytes } = await renderer.run({ op: 'render', template: new Uint8Array(template), data });
  if (!bytes) throw new Error('the report render worker answered without the document');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An uploaded template checked (unknown placeholders: 422 by name) and rendered once with `trialData`; its placeholders. */
export async function validateTemplateOffThread(template: Buffer, trialData: Record<string, unknown>): Promise<string[]> {
  return (await renderer.run({ op: 'validate', template: new Uint8Array(template), trialData })).placeholders ?? [];
}

function failureError(failure: RenderFailure): Error {
  return failure.kind === 'domain' ? new DomainError(failure.code as ErrorCode, failure.message, failure.details) : new TemplateRenderError(failure.message);
}

type Done = Extract<RenderOutcome, { ok: true }>;

class RenderWorker {
  private worker: Worker | null = null;
  private nextId = 0;
  /** Jobs in the order sent; the worker answers them in that order, one at a time. */
  private readonly pending = new Map<number, { resolve: (done: Done) => void; reject: (error: Error) => void; timer: NodeJS.Timeout | null; job: RenderJob }>();

  run(job: RenderJob): Promise<Done> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, timer: null, job });
      const worker = this.start();
      worker.postMessage({ id, job });
      worker.ref();
      this.arm();
    });
  }

  /** The time budget runs for the job the worker is on (the oldest pending one), not for those waiting behind it. */
  private arm(): void {
    const first = this.pending.entries().next().value;
    if (!first || first[1].timer) return;
    const [id, waiting] = first;
    waiting.timer = setTimeout(() => this.restart(id, new TemplateRenderError(`报告在 ${RENDER_TIMEOUT_MS / 1000} 秒内未能生成，已停止`)), RENDER_TIMEOUT_MS);
    waiting.timer.unref();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startModuleWorker(__filename, __dirname, 'report-render', {}, { maxOldGenerationSizeMb: RENDER_MEMORY_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 });
    worker.on('message', ({ id, outcome }: { id: number; outcome: RenderOutcome }) => this.settle(id, outcome.ok ? { done: outcome } : { error: failureError(outcome.failure) }));
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      const failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new TemplateRenderError(`生成报告时超过了内存上限 ${RENDER_MEMORY_MB} MB`) : error;
      if (failure === error) logger.error(`report render worker failed: ${inspect(error)}`);
      this.restart(this.pending.keys().next().value, failure);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.restart(this.pending.keys().next().value, new Error(`report render worker exited (${code})`));
    });
    // After the listeners: adding a 'message' listener refs the worker again (nodejs/node#53036).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** The job the worker was on fails with `error`; the worker is replaced and the jobs behind it are sent again. */
  private restart(failedId: number | undefined, error: Error): void {
    const old = this.worker;
    this.worker = null;
    if (old) void old.terminate();
    if (failedId !== undefined) this.settle(failedId, { error });
    if (this.pending.size === 0) return;
    const worker = this.start();
    for (const [id, waiting] of this.pending) worker.postMessage({ id, job: waiting.job });
    worker.ref();
  }

  private settle(id: number, result: { done: Done } | { error: Error }): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (waiting.timer) clearTimeout(waiting.timer);
    if ('error' in result) waiting.reject(result.error);
    else waiting.resolve(result.done);
    if (this.pending.size === 0) this.worker?.unref();
    this.arm();
  }
}

const renderer = new RenderWorker();
