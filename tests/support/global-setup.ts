import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../apps/api/src/runtime/embedded-postgres';
import { MailSink } from '../../apps/api/src/infrastructure/mail/mail-sink';
import { freePort, startRedis, startS3 } from './services';

/**
 * Starts the real servers once for the whole integration run: PostgreSQL (embedded-postgres, real binaries),
 * Redis (redis-server), an SMTP sink and an S3-compatible store (s3rver). Each suite then makes its own database on the shared server.
 * Addresses travel to the suites through environment variables.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'evalflow-test-pg-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as user postgres, which must reach the folder
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port: await freePort() });
  const redis = await startRedis();
  const mail = new MailSink({ smtpPort: 0, webPort: 0 });
  await mail.start();
  const s3 = await startS3();
  process.env.TEST_POSTGRES_URL = postgres.url('postgres');
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_SMTP_URL = mail.smtpUrl;
  process.env.TEST_MAIL_INBOX_URL = mail.inboxUrl;
  process.env.TEST_S3_URL = s3.url;
  (globalThis as Record<string, unknown>).__evalflowServices = { postgres, redis, mail, s3 };
}
