import { parentPort } from 'node:worker_threads';
import { DomainError } from '@evalflow/domain';
import { renderDocx, validateTemplate } from './report-renderer';

/*
 * The report worker (started by report-render-client.ts, one long-lived thread per process): docxtemplater and pizzip
 * are synchronous and take 100–300 ms of CPU per report (more for a large bureau template), so they run here, off
 * the API's event loop, under the parent's time and memory bounds. Each job is one message { id, job }, answered by
 * one message { id, outcome } of plain data. Long-lived because loading docxtemplater and the domain library costs
 * more than a render.
 */

export type RenderJob =
  | { readonly op: 'render'; readonly template: Uint8Array; readonly data: Record<string, unknown> }
  /** An uploaded template: its placeholders checked against the model, then a trial render with `trialData`. */
  | { readonly op: 'validate'; readonly template: Uint8Array; readonly trialData: Record<string, unknown> };

export type RenderFailure = { kind: 'domain'; code: string; message: string; details?: unknown } | { kind: 'render'; message: string };
export type RenderOutcome = { ok: true; bytes?: Uint8Array; placeholders?: string[] } | { ok: false; failure: RenderFailure };

function run(job: RenderJob): RenderOutcome {
  const template = Buffer.from(job.template.buffer, job.template.byteOffset, job.template.byteLength);
  if (job.op === 'render') {
    try {
      return { ok: true, bytes: renderDocx(template, job.data) };
    } catch (error) {
      return { ok: false, failure: { kind: 'render', message: messageOf(error) } };
    }
  }
  let placeholders: string[];
  try {
    placeholders = validateTemplate(template);
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, failure: { kind: 'domain', code: error.code, message: error.message, details: error.details } };
    return { ok: false, failure: { kind: 'render', message: messageOf(error) } };
  }
  try {
    renderDocx(template, job.trialData);
  } catch (error) {
    return { ok: false, failure: { kind: 'render', message: messageOf(error) } };
  }
  return { ok: true, placeholders };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (parentPort) {
  const port = parentPort;
  port.on('message', ({ id, job }: { id: number; job: RenderJob }) => {
    const outcome = run(job);
    const transfer = outcome.ok && outcome.bytes ? [outcome.bytes.buffer as ArrayBuffer] : [];
    port.postMessage({ id, outcome }, transfer);
  });
}
