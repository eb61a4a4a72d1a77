import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { api, keyEvaluationInFieldwork, lookupIds } from '../support/evaluation-steps';
import { signIn, useBrowserSuite } from './browser';

/*
 * 资料清单 as a list in a real browser (issue 11): the finance admin copies the built-in template into the bureau's
 * own and renames an item; the evaluation lead issues the list from it in one dialog, selects two answered items and
 * accepts them at once (批量确认), and exports 资料清单.xlsx. Screenshots go to /tmp/shots/lists-*.png.
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 20_000 };
const SHOTS = '/tmp/shots';
const suite = useBrowserSuite();
let evaluationId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  evaluationId = await keyEvaluationInFieldwork(suite.t, await lookupIds(suite.t));
}, 240_000);

async function browse(username: string, name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await suite.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, suite.baseUrl, username);
    await run(page);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}/lists-failed-${name}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click(WAIT);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden', ...WAIT });
}

/** The item's owner (the department's clerk) records what it hands over and provides it. */
async function answer(id: string) {
  const version = async () => (await api(suite.t, 'dept.staff', 'get', `/document-requests/${id}`)).body.version;
  await api(suite.t, 'dept.staff', 'patch', `/document-requests/${id}`, { expectedVersion: await version(), materialsNote: '纸质资料已现场移交' });
  const fired = await api(suite.t, 'dept.staff', 'post', `/document-requests/${id}/transitions`, { action: 'provide', expectedVersion: await version() });
  if (fired.status !== 200) throw new Error(`provide: ${fired.status} ${JSON.stringify(fired.body)}`);
}

describe('资料清单 in the browser', () => {
  it('the finance admin makes the bureau’s template from the built-in one and renames an item', async () => {
    await browse('finance.admin', 'template', async (page) => {
      await page.getByTestId('menu-document-request-templates').click(WAIT);
      await page.getByTestId('template-built-in').waitFor(WAIT);
      await page.getByTestId('template-copy-built-in').click();
      const editor = page.getByTestId('template-editor');
      await editor.waitFor(WAIT);
      const title = editor.getByTestId('template-item-title').nth(1);
      await title.fill('人员花名册（含编外聘用人员）');
      await editor.getByTestId('template-save').click();
      await page.getByText('模板已保存').waitFor(WAIT);
      await page.screenshot({ path: `${SHOTS}/lists-template.png`, fullPage: true });
    });
    const own = (await api(suite.t, 'finance.admin', 'get', '/document-request-templates')).body.items[1];
    expect([own.version, own.items[1].title]).toEqual([2, '人员花名册（含编外聘用人员）']);
  });

  it('the lead issues the list from the bureau’s template, accepts two answered items at once and exports the list', async () => {
    await browse('eval.lead', 'issue', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=documents`);
      await page.getByTestId('issue-document-requests').click(WAIT);
      await page.getByTestId('issue-form').waitFor(WAIT);
      await page.getByText('人员花名册（含编外聘用人员）').waitFor(WAIT);
      // Every item is the clerk's to answer (with the department head).
      await choose(page, 'issue-owner', '张敏');
      await page.screenshot({ path: `${SHOTS}/lists-issue-dialog.png` });
      await page.getByTestId('issue-submit').click();
      await page.getByTestId('documents-table').waitFor(WAIT);
      await page.getByText('人员花名册（含编外聘用人员）').first().waitFor(WAIT);
    });
    const items = (await api(suite.t, 'eval.lead', 'get', `/evaluations/${evaluationId}/document-requests`)).body.items as { id: string; title: string; owner: unknown }[];
    expect(items.length).toBe(17);
    const [staff] = await suite.t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    expect(items.every((item) => (item.owner as { id: string } | null)?.id === staff.id)).toBe(true);
    await answer(items[0].id);
    await answer(items[1].id);

    await browse('eval.lead', 'accept', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=documents`);
      await page.getByTestId('documents-table').waitFor(WAIT);
      for (const item of items.slice(0, 2)) await page.getByTestId(`document-request-${item.id}`).locator('.ant-checkbox-input').check();
      await page.getByTestId('accept-selected').click();
      await page.getByText('已确认2项资料').waitFor(WAIT);
      for (const item of items.slice(0, 2)) await page.getByTestId(`document-request-state-${item.id}`).filter({ hasText: '已确认' }).waitFor(WAIT);
      const download = page.waitForEvent('download', WAIT);
      await page.getByTestId('export-document-requests').click();
      expect((await download).suggestedFilename()).toMatch(/^资料清单-.*\.xlsx$/);
      await page.screenshot({ path: `${SHOTS}/lists-accepted.png`, fullPage: true });
    });
  });
});
