/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { api } from '../support/evaluation-steps';
import { signIn, useBrowserSuite } from './browser';

/*
 * Rectification to closure in a real browser at 1280 × 800 (issue 13), on the first-start demo data: the department
 * reports progress on an item with a file and asks for verification; the auditor opens the evidence of the item
 * waiting for him (the PDF preview), verifies it, and returns the department's item with a reason; the ledger's chart
 * drills into the returned item (a click on the bar, the table shows it); the team of the next year's evaluation
 * assesses an earlier item and sees the new finding's number and the chain. Screenshots: /tmp/shots/rect-*.png.
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 20_000 };
const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = '/tmp/shots';
const suite = useBrowserSuite({ demoEvaluations: true });

const RETURN_REASON = '未见采购计划备案回执，请补充后重新申请核查';
const PROGRESS = '3个服务类项目的采购计划已报财政部门备案，附备案回执';

type Item = { id: string; state: string; finding: { seq: number; title: string }; evaluation: { department: { id: string } } };
let items: Item[];
let awaiting: Item; // 待核查 in the demo, with its evidence PDF: the auditor verifies it
let working: Item; // 整改中 in the demo: the department reports with a file and asks for verification; the auditor returns it
let fieldworkId: string;

let receiptPng: Buffer;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const [evaluation] = (await api(suite.t, 'auditor', 'get', '/evaluations?state=rectification&kind=key&pageSize=100')).body.items;
  items = (await api(suite.t, 'auditor', 'get', `/evaluations/${evaluation.id}/rectification-items`)).body.items;
  awaiting = items.find((item) => item.state === 'submitted_for_verification')!;
  working = items.find((item) => item.state === 'in_progress')!;
  const [fieldwork] = await suite.t.db.query(`SELECT id FROM evaluations WHERE state = 'fieldwork' AND scope = 'department_whole'`);
  fieldworkId = fieldwork.id;
  const page = await suite.browser.newPage({ viewport: { width: 640, height: 400 } });
  await page.setContent(`<body style="margin:0;font-family:sans-serif"><div style="padding:40px"><h1>政府采购计划备案回执</h1><p>备案编号 2025-CG-0137 · 服务类 3 项</p></div></body>`);
  receiptPng = await page.screenshot({ type: 'png' });
  await page.close();
}, 240_000);

async function browse(username: string, name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await signIn(page, suite.baseUrl, username);
    await run(page);
    expect(errors).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}/rect-failed-${name}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/rect-${name}.png`, fullPage });
}

async function fireInBrowser(page: Page, action: string, comment?: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('transition-form') });
  await modal.waitFor(WAIT);
  if (comment) await modal.getByTestId('transition-comment').fill(comment);
  await page.getByTestId('transition-submit').click();
  await modal.waitFor({ state: 'hidden', ...WAIT });
}

async function openItem(page: Page, id: string): Promise<Locator> {
  await page.goto(`${suite.baseUrl}/rectification-items/${id}`);
  await page.getByTestId('rectification-item').waitFor(WAIT);
  return page.getByTestId('attachment-panel-rectification_item');
}

describe('整改销号 in the browser at 1280 × 800', () => {
  it('the department uploads a file, reports progress and asks for verification', async () => {
    await browse('dept.staff', 'dept', async (page) => {
      const files = await openItem(page, working.id);
      await files.getByTestId('attachments-empty').waitFor(WAIT);
      await shoot(page, 'dept-item');
      await files.locator('input[type="file"]').first().setInputFiles([{ name: '采购计划备案回执.png', mimeType: 'image/png', buffer: receiptPng }]);
      await files.getByTestId('attachment-row').first().waitFor(WAIT);
      expect(await files.getByTestId('attachment-name').allInnerTexts()).toEqual(['采购计划备案回执.png']);
      await fireInBrowser(page, 'report_progress', PROGRESS);
      // The progress report is in the history with the file it was sent with.
      const history = page.getByTestId('rectification-history');
      await history.getByText(PROGRESS).waitFor(WAIT);
      await history.getByTestId('history-file').filter({ hasText: '采购计划备案回执.png' }).first().waitFor(WAIT);
      // A file counts as evidence: the department may ask for verification.
      await page.getByTestId('action-submit_for_verification').waitFor(WAIT);
      expect(await page.getByTestId('action-submit_for_verification').isEnabled()).toBe(true);
      await fireInBrowser(page, 'submit_for_verification');
      await page.getByTestId('rectification-state').filter({ hasText: '待核查' }).waitFor(WAIT);
      // Now with the verifier: no more uploads, said on the page.
      await page.getByTestId('rectification-upload-closed').waitFor(WAIT);
      expect(await files.getByTestId('attachment-dropzone').count()).toBe(0);
      await shoot(page, 'dept-submitted');
    });
  });

  it('the auditor opens the evidence (preview), verifies one item and returns the other with a reason', async () => {
    await browse('auditor', 'auditor', async (page) => {
      // 我的待办 links to both items waiting for verification.
      await page.getByTestId('my-tasks').waitFor(WAIT);
      for (const item of [awaiting, working]) await page.locator(`a[href="/rectification-items/${item.id}"]`).first().waitFor(WAIT);

      const files = await openItem(page, awaiting.id);
      await page.getByTestId('rectification-verify-hint').waitFor(WAIT);
      // Side by side: the finding and the measures on the left, the evidence and the progress on the right.
      const finding = await page.getByTestId('rectification-finding').boundingBox();
      const evidence = await page.getByTestId('rectification-evidence-files').boundingBox();
      expect(finding && evidence && evidence.x > finding.x + finding.width - 1).toBe(true);
      await page.getByTestId('rectification-finding').getByText('问题剖析').waitFor(WAIT);
      await page.getByTestId('rectification-plan-view').getByText('修订部门预算编制管理办法').waitFor(WAIT);
      await page.getByTestId('rectification-history').getByText('已修订《预算编制管理办法》并印发').waitFor(WAIT);
      // Read-only for the verifier: no drop area, no withdraw.
      expect(await files.getByTestId('attachment-dropzone').count()).toBe(0);
      expect(await files.getByTestId('attachment-withdraw').count()).toBe(0);
      expect(await files.getByTestId('attachment-name').allInnerTexts()).toEqual(['预算编制管理办法（修订）.pdf']);
      for (const action of ['verify', 'verify_partly', 'return']) expect(await page.getByTestId(`action-${action}`).isEnabled()).toBe(true);
      await shoot(page, 'verification');
      await files.getByTestId('attachment-preview-open').first().click();
      await page.getByTestId('attachment-preview-pdf').waitFor(WAIT);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${SHOTS}/rect-verification-preview.png` });
      await page.getByTestId('attachment-preview-close').click();
      await page.getByTestId('attachment-preview').waitFor({ state: 'hidden', ...WAIT });

      // 认定部分整改 needs what remains: refused without it, on the form.
      await page.getByTestId('action-verify_partly').click();
      const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('transition-form') });
      await modal.waitFor(WAIT);
      await page.getByTestId('transition-submit').click();
      await modal.locator('.ant-form-item-explain-error').first().waitFor(WAIT);
      await page.screenshot({ path: `${SHOTS}/rect-verify-partly-needs-comment.png` });
      await modal.locator('.ant-modal-close').click();
      await modal.waitFor({ state: 'hidden', ...WAIT });

      await fireInBrowser(page, 'verify', '整改措施已落实，佐证材料齐全，同意销号');
      await page.getByTestId('rectification-state').filter({ hasText: '核查通过' }).waitFor(WAIT);

      const second = await openItem(page, working.id);
      await second.getByTestId('attachment-name').filter({ hasText: '采购计划备案回执.png' }).waitFor(WAIT);
      await second.getByTestId('attachment-preview-open').first().click();
      await page.getByTestId('attachment-preview-image').waitFor(WAIT);
      await page.getByTestId('attachment-preview-close').click();
      await page.getByTestId('attachment-preview').waitFor({ state: 'hidden', ...WAIT });
      await fireInBrowser(page, 'return', RETURN_REASON);
      await page.getByTestId('rectification-state').filter({ hasText: '核查退回' }).waitFor(WAIT);
      await page.getByTestId('rectification-history').getByText(RETURN_REASON).waitFor(WAIT);
    });
    const states = (await api(suite.t, 'auditor', 'get', `/rectification-items/${awaiting.id}`)).body.state;
    expect(states).toBe('verified');
    expect((await api(suite.t, 'dept.staff', 'get', `/rectification-items/${working.id}`)).body.state).toBe('returned');
  });

  it('the ledger chart drills into the returned item; the figures and an empty filter say what they count', async () => {
    await browse('auditor', 'ledger', async (page) => {
      await page.getByTestId('menu-rectification-ledger').click();
      await page.getByTestId('rectification-ledger').waitFor(WAIT);
      const chart = page.getByTestId('ledger-chart-department');
      await chart.waitFor(WAIT);
      await page.getByTestId('ledger-chart-year').waitFor(WAIT);
      await page.getByTestId(`ledger-row-${working.id}`).waitFor(WAIT);
      const figures = await page.getByTestId('ledger-figures').innerText();
      expect(figures).toContain('整改完成率');
      expect(figures).toContain('平均销号用时');
      await shoot(page, 'ledger');

      // The bar of 整改中 of the department (returned items count as 整改中): a click sets department and status.
      const department = working.evaluation.department.id;
      const targets = JSON.parse((await chart.getAttribute('data-targets')) ?? '[]') as { key: string; x: number; y: number }[];
      const bar = targets.find((target) => target.key === `${department}:in_progress`);
      expect(bar).toBeDefined();
      const box = (await chart.boundingBox())!;
      await chart.scrollIntoViewIfNeeded();
      const moved = (await chart.boundingBox())!;
      await page.mouse.click(moved.x + bar!.x, moved.y + bar!.y);
      await page.waitForURL(/status=in_progress/, WAIT);
      expect(page.url()).toContain(`departmentId=${department}`);
      expect(box.width).toBeGreaterThan(300);
      await settle(page);
      const rows = page.locator('[data-testid="ledger-table"] tbody tr[data-testid^="ledger-row-"]');
      // The table follows the filter (the rows of the whole ledger stay shown until the filtered page is in).
      await page.waitForFunction(() => {
        const statuses = [...document.querySelectorAll('[data-testid="ledger-table"] [data-testid^="ledger-status-"]')].map((cell) => cell.textContent);
        return statuses.length > 0 && statuses.every((status) => status === '整改中');
      }, undefined, WAIT);
      await page.getByTestId(`ledger-row-${working.id}`).waitFor(WAIT);
      expect(await rows.count()).toBeGreaterThanOrEqual(1);
      expect(await page.getByTestId(`ledger-row-${working.id}`).innerText()).toContain(RETURN_REASON);
      await shoot(page, 'ledger-drilled');

      // The year chart: a bar sets the year.
      await page.getByTestId('ledger-filter-clear').click();
      const year = page.getByTestId('ledger-chart-year');
      await year.waitFor(WAIT);
      await settle(page);
      const points = JSON.parse((await year.getAttribute('data-targets')) ?? '[]') as { key: string; x: number; y: number }[];
      expect(points.map((point) => point.key)).toContain('2024');
      await year.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      const yearBox = (await year.boundingBox())!;
      const point = points.find((candidate) => candidate.key === '2024')!;
      await page.mouse.click(yearBox.x + point.x, yearBox.y + point.y);
      await page.waitForURL(/fiscalYear=2024/, WAIT);

      // A row opens its item.
      await page.getByTestId(`ledger-row-${working.id}`).click();
      await page.getByTestId('rectification-item').waitFor(WAIT);

      // Nothing matches: the table says so.
      await page.goto(`${suite.baseUrl}/rectification-ledger?category=${encodeURIComponent('不存在的类别')}`);
      await page.getByTestId('ledger-table').getByText('没有符合筛选条件的整改事项').waitFor(WAIT);
      await shoot(page, 'ledger-empty');
    });
    // The department sees its own ledger, without the department filter.
    await browse('dept.staff', 'ledger-dept', async (page) => {
      await page.goto(`${suite.baseUrl}/rectification-ledger`);
      await page.getByTestId(`ledger-row-${working.id}`).waitFor(WAIT);
      expect(await page.getByTestId('ledger-filter-department').count()).toBe(0);
      await shoot(page, 'ledger-department', false);
    });
  });

  it('the team of the next year’s evaluation assesses an earlier item: the new finding’s number, the 上年度问题 tag and the chain', async () => {
    const open = items.find((item) => item.state === 'open')!;
    await browse('eval.lead', 'prior-year', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${fieldworkId}?tab=prior-year`);
      const section = page.getByTestId('prior-year');
      await section.waitFor(WAIT);
      await section.getByTestId(`prior-year-assess-${open.id}`).waitFor(WAIT);
      await shoot(page, 'prior-year');
      await section.getByTestId(`prior-year-assess-${open.id}`).click();
      const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('prior-year-assessment') });
      await modal.waitFor(WAIT);
      // Without a conclusion and a note the form says what is missing.
      await page.getByTestId('prior-year-submit').click();
      await modal.locator('.ant-form-item-explain-error').nth(1).waitFor(WAIT);
      await page.getByTestId('prior-year-assessment-not_rectified').click();
      await page.getByTestId('prior-year-note').fill('查阅相关记录，固定资产清查尚未开展');
      await page.screenshot({ path: `${SHOTS}/rect-prior-year-assess.png` });
      await page.getByTestId('prior-year-submit').click();
      await modal.waitFor({ state: 'hidden', ...WAIT });
      const number = section.getByTestId(`prior-year-new-finding-${open.id}`);
      await number.waitFor(WAIT);
      expect(await number.innerText()).toMatch(/已列为本次问题\d+/);
      await shoot(page, 'prior-year-assessed');

      // The finding is tagged 上年度问题 and its chain shows both years.
      await page.getByTestId('tab-findings').click();
      await page.locator('[data-testid^="finding-prior-year-"]').first().waitFor(WAIT);
      await page.locator('[data-testid="findings-table"] [data-testid^="chain-open-"]').last().click();
      const links = page.getByTestId('chain-links').getByTestId('chain-link');
      await links.nth(1).waitFor(WAIT);
      const years = await links.allInnerTexts();
      expect(years[0]).toContain('2024年度');
      expect(years[1]).toContain('2025年度');
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${SHOTS}/rect-chain.png` });
    });
  });
});
