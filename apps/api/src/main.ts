import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, DEFAULT_PORT, parseEnvironment, resolveConfig } from './config/config.schema';
import { runMigrations } from './infrastructure/database/data-source';
import { ServiceStartError, startEmbeddedServices, type EmbeddedServices } from './runtime/embedded-services';
import { choosePort, PortInUseError } from './runtime/ports';
import { seedDemoData } from './modules/demo/demo-seeder';
import { seedDemoEvaluations } from './modules/demo/demo-evaluations';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/demo-data';
import { createApp } from './bootstrap';
import { closeWithin } from './runtime/close-within';
import { ROLE_LABELS } from '@evalflow/domain';

const say = (line: string) => process.stdout.write(`[evalflow] ${line}\n`);

/** `npm start`: the whole system on one port, on embedded services where no URL is given. */
async function main(): Promise<void> {
  let embedded: EmbeddedServices | undefined;
  try {
    const raw = parseEnvironment(process.env);
    const port = await choosePort('PORT', DEFAULT_PORT, raw.PORT, raw.HOST);
    if (port.movedFrom) say(`port ${port.movedFrom} is taken; Evalflow uses port ${port.port} (PORT sets it)`);
    raw.PORT = port.port;
    embedded = await startEmbeddedServices(raw, say);
    const config = resolveConfig(raw, embedded);
    const applied = await runMigrations(config.DATABASE_URL);
    if (applied.length) say(`migrations applied: ${applied.join(', ')}`);
    const app = await createApp(config);
    // Initialised before the demo load: the built-in frameworks are published on bootstrap.
    await app.init();
    const seeded = config.DEMO_DATA === 'auto' ? await seedDemoData(app.get(DataSource)) : false;
    if (seeded) say(`demo evaluations loaded: ${await seedDemoEvaluations(app)}`);
    await app.listen(config.PORT, config.HOST);
    const url = config.PUBLIC_URL;
    say(`Evalflow is up: ${url}`);
    say(`  API docs (OpenAPI): ${url}/api/docs    health: ${url}/api/health`);
    say(`  queue backend: ${config.queueBackend}${embedded.inboxUrl ? `    mail inbox: ${embedded.inboxUrl}` : ''}`);
    if (embedded.databaseUrl) say(`  data folder: ${embedded.dataDir}`);
    if (seeded || embedded.databaseUrl) {
      say(`  demo logins (password ${DEMO_PASSWORD}${seeded ? ', just loaded' : ''}):`);
      for (const user of DEMO_USERS) say(`    ${user.username.padEnd(16)} ${user.roles.map((r) => ROLE_LABELS[r].zh).join('、')}`);
    }
    say('Press Ctrl-C to stop.');
    const stop = async (signal: string) => {
      say(`${signal}: stopping`);
      // Ctrl-C in a terminal reaches the embedded PostgreSQL too (same process group), which then cuts off the
      // connections still open, some held by the queue library's listeners: expected while stopping, not a crash.
      process.on('uncaughtException', (error: Error & { code?: string }) => {
        if (error.code === '57P01') return;
        process.stderr.write(`${error.stack ?? String(error)}\n`);
        process.exit(1);
      });
      // Jobs running inline get the same bounded grace as a separate worker (WORKER_SHUTDOWN_GRACE_SECONDS).
      if (!(await closeWithin(app, config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000))) {
        say(`stopped after ${config.WORKER_SHUTDOWN_GRACE_SECONDS} s with jobs still running: they return to the queue on the next start`);
      }
      await embedded?.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    process.stderr.write(`${startFailure(error, process.env.LOG_LEVEL)}\n`);
    await embedded?.stop();
    process.exit(1);
  }
}

/**
 * Why the start failed, in one sentence: the configuration's own list, a service that did not start, a port in
 * use, or the first line of anything else (its stack only with LOG_LEVEL=debug or trace, for whoever debugs it).
 */
function startFailure(error: unknown, logLevel: string | undefined): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof ServiceStartError || error instanceof PortInUseError) return `Evalflow failed to start: ${error.message}.`;
  const detailed = logLevel === 'debug' || logLevel === 'trace';
  const text = error instanceof Error ? (detailed ? error.stack ?? error.message : error.message.split('\n')[0]) : String(error);
  return `Evalflow failed to start: ${text}${detailed ? '' : ' (LOG_LEVEL=debug shows the details)'}`;
}

void main();
