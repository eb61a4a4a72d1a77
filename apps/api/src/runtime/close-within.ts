import type { INestApplicationContext } from '@nestjs/common';

/**
 * Closes the application (HTTP server, then BullMQ workers, which wait for their active jobs); false when that takes
 * longer than `ms`. Jobs still running then keep their locks until they lapse, when BullMQ's stalled-job check in
 * another worker returns them to the queue; jobs are idempotent, so a returned job does its work once.
 */
export async function closeWithin(app: INestApplicationContext, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const closed = app.close().then(
    () => true as const,
    (error: Error) => {
      process.stderr.write(`while stopping: ${error.message}\n`);
      return true as const;
    },
  );
  const result = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  return result;
}
