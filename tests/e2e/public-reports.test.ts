/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useBrowserSuite } from './browser';

/*
 * The public report pages in a real browser, signed out (issue 12 §6): /public/reports lists the demo's published
 * reports and /public/reports/:id shows one with its 评分表, at a phone's 390 × 844 (nothing wider than the screen but
 * the score table, which scrolls in its card) and at 1280 × 800. A report that is not published is "not found".
 * Screenshots go to docs/images/public-reports-*.png (docs/reports.md shows them).
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 30_000 };
const DOC_IMAGES = path.join(__dirname, '../../docs/images');
const suite = useBrowserSuite({ demoEvaluations: true });

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const context = await suite.browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 });
  return context.newPage();
}

beforeAll(() => mkdirSync(DOC_IMAGES, { recursive: true }));

describe.each([
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
] as const)('the public report pages (%s)', (name, viewport) => {
  it('lists the published reports without signing in and opens one with its score table', async () => {
    const page = await open(viewport);
    await page.goto(`${suite.baseUrl}/public/reports`);
    await page.getByText('预算绩效评价报告公开').waitFor(WAIT);
    const first = page.locator('a[href^="/public/reports/"]').first();
    await first.waitFor(WAIT);
    expect(page.url()).not.toContain('/login');
    await page.getByText('综合得分').first().waitFor(WAIT);
    // Nothing sticks out sideways on the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: path.join(DOC_IMAGES, `public-reports-${name}.png`), fullPage: name === 'phone' });

    await first.click();
    await page.getByText('评分表').first().waitFor(WAIT);
    await page.getByText('评价结论').first().waitFor(WAIT);
    await page.locator('.ant-table-row').first().waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: path.join(DOC_IMAGES, `public-report-${name}.png`), fullPage: false });
    await page.context().close();
  });
});

it('a report that is not published is not found, and nothing asks for a sign-in', async () => {
  const [unpublished] = await suite.t.db.query(
    `SELECT e.id FROM evaluations e WHERE NOT EXISTS (SELECT 1 FROM report_publications p WHERE p.evaluation_id = e.id AND p.status = 'published') LIMIT 1`,
  );
  const page = await open({ width: 390, height: 844 });
  await page.goto(`${suite.baseUrl}/public/reports/${unpublished.id}`);
  await page.getByText('该评价报告未公开或不存在').waitFor(WAIT);
  expect(page.url()).not.toContain('/login');
  await page.context().close();
});
