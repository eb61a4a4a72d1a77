import type { EmbeddedPostgresHandle } from '../../apps/api/src/runtime/embedded-postgres';
import type { MailSink } from '../../apps/api/src/infrastructure/mail/mail-sink';
import type { RedisServer, S3Server } from './services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__evalflowServices as
    | { postgres: EmbeddedPostgresHandle; redis: RedisServer; mail: MailSink; s3?: S3Server }
    | undefined;
  if (!services) return;
  await Promise.all([services.s3?.stop(), services.mail.stop(), services.redis.stop(), services.postgres.stop()]);
}
