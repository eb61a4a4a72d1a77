import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, parseEnvironment, resolveConfig } from './config/config.schema';
import { AppModule } from './app.module';

/**
 * The worker entry for scale-out: the same queue processors as the API, no HTTP server. It connects to the
 * services the API uses (DATABASE_URL, REDIS_URL, SMTP_URL); it starts none itself.
 */
async function main(): Promise<void> {
  try {
    const config = resolveConfig(parseEnvironment(process.env), {});
    const app = await NestFactory.createApplicationContext(AppModule.forConfig(config, { http: false, processors: true }), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    app.get(Logger).log(`worker started (queue backend: ${config.queueBackend})`);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  }
}

void main();
