import { Queue as RedisQueue, Worker as RedisWorker, createPostgresBackend, withBackend } from 'bullmq';
import type { AppConfig } from '../../config/config.schema';

/**
 * BullMQ runs on Redis in production and, for the embedded default, on its own PostgreSQL backend in the
 * application database (schema `bullmq`). The queue and worker classes differ; the rest of the code does not.
 */
export function queueClasses(config: AppConfig): { Queue: typeof RedisQueue; Worker: typeof RedisWorker } {
  if (config.queueBackend === 'redis') return { Queue: RedisQueue, Worker: RedisWorker };
  const { Queue, Worker } = withBackend(createPostgresBackend);
  return { Queue: Queue as unknown as typeof RedisQueue, Worker: Worker as unknown as typeof RedisWorker };
}

export function queueConnection(config: AppConfig): object {
  if (config.queueBackend === 'redis') return { url: config.REDIS_URL, maxRetriesPerRequest: null, enableOfflineQueue: true };
  return { connectionString: config.DATABASE_URL, migrate: true, max: 10 };
}
