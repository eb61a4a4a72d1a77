import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { RawConfig } from '../config/config.schema';
import { MailSink } from '../infrastructure/mail/mail-sink';
import { persistentSecret, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

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
      log(`starting embedded PostgreSQL (data in ${path.join(dataDir, 'postgres')})`);
      const postgres: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: Number(process.env.EMBEDDED_PG_PORT ?? EMBEDDED_PORTS.postgres) });
      stops.push(() => postgres.stop());
      await postgres.createDatabase('evalflow');
      services.databaseUrl = postgres.url('evalflow');
      // Tokens must survive restarts, so the secret is kept beside the data it protects.
      services.jwtSecret = raw.JWT_SECRET ?? (await persistentSecret(path.join(dataDir, 'jwt-secret'), 48));
    }
    if (!raw.SMTP_URL) {
      const sink = new MailSink({ smtpPort: EMBEDDED_PORTS.smtp, webPort: EMBEDDED_PORTS.inbox });
      await sink.start().catch(async () => {
        // A port is taken (another sink is running): take any free ones instead.
        await sink.stop();
        Object.assign(sink, new MailSink({ smtpPort: 0, webPort: 0 }));
        await sink.start();
      });
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

/**
 * The data folder (default ./.data). As root, PostgreSQL runs as user `postgres`, which must be able to reach the
 * folder; under a private home (mode 700, like /root) it cannot, so a folder under /var/tmp is used and named.
 */
function resolveDataDir(configured: string, log: (line: string) => void): string {
  const wanted = path.resolve(configured);
  if (process.getuid?.() !== 0 || othersCanTraverse(path.dirname(wanted))) return wanted;
  const fallback = path.join('/var/tmp', `evalflow-${createHash('sha1').update(wanted).digest('hex').slice(0, 8)}`);
  log(`${wanted} is not reachable by the postgres user; keeping data in ${fallback} instead`);
  return fallback;
}

function othersCanTraverse(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      accessSync(current, constants.F_OK);
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // A folder that does not exist yet will be created with the default mode.
    }
    if (current === path.dirname(current)) return true;
  }
}
