import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { ConfigError, parseEnvironment, resolveConfig } from './config/config.schema';
import { AppModule } from './app.module';
import { closeWithin } from './runtime/close-within';

/**
 * The worker entry for scale-out: the same queue processors and outbox relay as the API, no HTTP server. It
 * connects to the services the API uses (DATABASE_URL, REDIS_URL, SMTP_URL); it starts none itself. Run any
 * number of them next to API processes started with WORKER_MODE=off.
 *
 * Graceful stop (SIGTERM, SIGINT): every BullMQ worker stops fetching and waits for its running jobs; after
 * WORKER_SHUTDOWN_GRACE_SECONDS the process exits anyway, and the jobs still running stay locked until their lock
 * lapses (30 s), when BullMQ's stalled-job check in any other worker returns them to the queue. A second signal
 * exits at once. Jobs are idempotent (ids from what they are about), so a returned job does its work once.
 */
async function main(): Promise<void> {
  let app: INestApplicationContext;
  let graceSeconds: number;
  try {
    const config = resolveConfig(parseEnvironment(process.env), {});
    graceSeconds = config.WORKER_SHUTDOWN_GRACE_SECONDS;
    app = await NestFactory.createApplicationContext(AppModule.forConfig(config, { http: false, processors: true }), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
    app.get(Logger).log(`worker started (pid ${process.pid}, queue backend: ${config.queueBackend})`);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  }
  const logger = app.get(Logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now; running jobs return to the queue when their locks lapse`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: no new jobs; waiting up to ${graceSeconds} s for the running ones`);
    void closeWithin(app, graceSeconds * 1000).then((closed) => {
      if (closed) logger.log('worker stopped: every running job finished');
      else logger.warn(`worker stopped after ${graceSeconds} s with jobs still running: they return to the queue when their locks lapse`);
      process.exit(closed ? 0 : 1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
