import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { parseEnvironment, resolveConfig, type AppConfig } from '../../apps/api/src/config/config.schema';
import { runMigrations } from '../../apps/api/src/infrastructure/database/data-source';
import { createApp } from '../../apps/api/src/bootstrap';
import { seedDemoData } from '../../apps/api/src/modules/demo/demo-seeder';
import { seedDemoEvaluations } from '../../apps/api/src/modules/demo/demo-evaluations';
import { DEMO_PASSWORD } from '../../apps/api/src/modules/demo/demo-data';

export type QueueBackend = 'redis' | 'postgres';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  config: AppConfig;
  databaseUrl: string;
  /** Signs a demo user in (cached per username) and returns the access token. */
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh database (its name contains "test"), migrated and loaded with the demo data. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set: run the integration suites through jest (tests/support/global-setup.ts)');
  const name = `evalflow_test_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestApp(options: { queue?: QueueBackend; env?: Record<string, string>; demoEvaluations?: boolean } = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  await runMigrations(databaseUrl);
  const config = resolveConfig(
    parseEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: options.queue === 'postgres' ? undefined : process.env.TEST_REDIS_URL,
      SMTP_URL: process.env.TEST_SMTP_URL,
      JWT_SECRET: randomBytes(32).toString('hex'),
      QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // The fixtures put the comment period in the past (so the lead may close it): the system would close it first.
      // Suites that test the timer switch it on (tests/integration/report-publication.test.ts).
      WORKFLOW_TIMERS: 'off',
      // A Chromium per final approval is costly on a shared machine: the suite that tests the PDF switches it on.
      REPORT_PDF: 'off',
      ...options.env,
    }),
    {},
  );
  const app = await createApp(config);
  await app.init();
  const db = app.get(DataSource);
  await seedDemoData(db);
  // The demo evaluations only where a suite asks: most suites build exactly the evaluations they reason about.
  if (options.demoEvaluations) await seedDemoEvaluations(app);
  const http = request(app.getHttpServer() as App);
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    db,
    config,
    databaseUrl,
    async token(username: string) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const response = await http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
      tokens.set(username, response.body.accessToken);
      return response.body.accessToken as string;
    },
    close: () => app.close(),
  };
}

/** Mails the test SMTP sink has received, newest first. */
export async function sentMails(): Promise<{ to: string[]; subject: string; text: string; html: string | null }[]> {
  const response = await fetch(`${process.env.TEST_MAIL_INBOX_URL}messages`);
  return (await response.json()) as { to: string[]; subject: string; text: string; html: string | null }[];
}

/** Polls until `probe` returns a truthy value or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
