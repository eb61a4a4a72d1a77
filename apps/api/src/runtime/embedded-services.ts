import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { RawConfig } from '../config/config.schema';
import { MailSink } from '../infrastructure/mail/mail-sink';
import { othersCanReach, persistentSecret, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';
import { choosePort } from './ports';

/**
 * The embedded default: for each of DATABASE_URL and SMTP_URL that is unset, start a real server on loopback
 * (PostgreSQL from npm, an SMTP sink with a web inbox); without REDIS_URL the queues use BullMQ's PostgreSQL
 * backend in the same database. Nothing is started for a variable that is set.
 */
export interface EmbeddedServices {
  databaseUrl?: string;
  smtpUrl?: string;
  jwtSecret?: string;
  inboxUrl?: string;
  dataDir: string;
  stop(): Promise<void>;
}

export const EMBEDDED_PORTS = { postgres: 54329, smtp: 1025, inbox: 1080 };

/** A service of ours that did not start: one sentence for the operator, no stack trace. */
export class ServiceStartError extends Error {
  constructor(service: string, reason: string) {
    super(`${service} could not start: ${reason}`);
    this.name = 'ServiceStartError';
  }
}

export async function startEmbeddedServices(raw: RawConfig, log: (line: string) => void): Promise<EmbeddedServices> {
  const dataDir = resolveDataDir(raw.EVALFLOW_DATA_DIR, log);
  const stops: (() => Promise<void>)[] = [];
  const services: EmbeddedServices = {
    dataDir,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
  try {
    if (!raw.DATABASE_URL) {
      const postgres = await startDatabase(raw, path.join(dataDir, 'postgres'), log);
      stops.push(() => postgres.stop());
      await postgres.createDatabase('evalflow');
      services.databaseUrl = postgres.url('evalflow');
      // Tokens must survive restarts, so the secret is kept beside the data it protects.
      services.jwtSecret = raw.JWT_SECRET ?? (await persistentSecret(path.join(dataDir, 'jwt-secret'), 48));
    }
    if (!raw.SMTP_URL) {
      const sink = await startMailSink(raw, log);
      stops.push(() => sink.stop());
      services.smtpUrl = sink.smtpUrl;
      services.inboxUrl = sink.inboxUrl;
    }
  } catch (error) {
    await services.stop();
    throw error;
  }
  return services;
}

async function startDatabase(raw: RawConfig, dataDir: string, log: (line: string) => void): Promise<EmbeddedPostgresHandle> {
  const running = runningPostmaster(dataDir);
  if (running) {
    throw new ServiceStartError('the embedded PostgreSQL', `another Evalflow (process ${running}) is already running on the data folder ${dataDir}; stop it first, or set EVALFLOW_DATA_DIR to another folder`);
  }
  const { port, movedFrom } = await choosePort('EMBEDDED_PG_PORT', EMBEDDED_PORTS.postgres, raw.EMBEDDED_PG_PORT);
  if (movedFrom) log(`port ${movedFrom} is taken; the embedded PostgreSQL uses port ${port} (EMBEDDED_PG_PORT sets it)`);
  log(`starting embedded PostgreSQL on port ${port} (data in ${dataDir})`);
  try {
    return await startEmbeddedPostgres({ dataDir, port });
  } catch (error) {
    throw new ServiceStartError('the embedded PostgreSQL', firstLine(error));
  }
}

/** The pid in postmaster.pid when that process is alive: a second start on the same data would only fail later. */
function runningPostmaster(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, owned by another user (as root, postgres runs as `postgres`… but root may signal it anyway).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

async function startMailSink(raw: RawConfig, log: (line: string) => void): Promise<MailSink> {
  const smtp = await choosePort('MAIL_SINK_SMTP_PORT', EMBEDDED_PORTS.smtp, raw.MAIL_SINK_SMTP_PORT);
  const web = await choosePort('MAIL_SINK_WEB_PORT', EMBEDDED_PORTS.inbox, raw.MAIL_SINK_WEB_PORT);
  for (const [choice, variable] of [[smtp, 'MAIL_SINK_SMTP_PORT'], [web, 'MAIL_SINK_WEB_PORT']] as const) {
    if (choice.movedFrom) log(`port ${choice.movedFrom} is taken; the mail sink uses port ${choice.port} (${variable} sets it)`);
  }
  const sink = new MailSink({ smtpPort: smtp.port, webPort: web.port });
  try {
    await sink.start();
  } catch (error) {
    await sink.stop();
    throw new ServiceStartError('the mail sink', firstLine(error));
  }
  return sink;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/**
 * The data folder (default ./.data). As root, PostgreSQL runs as user `postgres`, which must be able to reach the
 * folder; under a private home (mode 700, like /root) it cannot, so a folder under /var/tmp is used and named.
 */
function resolveDataDir(configured: string, log: (line: string) => void): string {
  const wanted = path.resolve(configured);
  if (process.getuid?.() !== 0 || othersCanReach(path.dirname(wanted))) return wanted;
  const fallback = path.join('/var/tmp', `evalflow-${createHash('sha1').update(wanted).digest('hex').slice(0, 8)}`);
  log(`${wanted} is not reachable by the postgres user; keeping data in ${fallback} instead`);
  return fallback;
}
