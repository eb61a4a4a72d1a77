import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/modules/demo/demo-data';
import { createTestApp, type TestApp } from '../support/test-app';

/** Debian's Chromium, driven by playwright-core (no browser download). Flags keep it off the closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** The whole product on one port (the API serving the built web app) and a browser, for one suite. */
export interface BrowserSuite {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
}

export async function startBrowserSuite(options: Parameters<typeof createTestApp>[0] = {}): Promise<BrowserSuite> {
  if (!existsSync(path.join(__dirname, '../../apps/web/dist/index.html'))) throw new Error('build the web app first: npx nx run web:build');
  const t = await createTestApp(options);
  await t.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  return { t, browser: await launchChromium(), baseUrl };
}

export async function stopBrowserSuite(suite: Partial<BrowserSuite>): Promise<void> {
  await suite.browser?.close();
  await suite.t?.close();
}

/** Signs a demo user in through the login page and waits for the signed-in layout. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor({ timeout: 15_000 });
}

/**
 * Registers a suite's start (beforeAll) and stop (afterAll) hooks and returns the suite, whose fields are there once
 * beforeAll has run: the test app, the browser and the base URL. `options` go to createTestApp (e.g. the demo evaluations).
 */
export function useBrowserSuite(options: Parameters<typeof createTestApp>[0] = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    Object.assign(suite, await startBrowserSuite(options));
  }, 240_000);
  afterAll(() => stopBrowserSuite(suite));
  return suite;
}
