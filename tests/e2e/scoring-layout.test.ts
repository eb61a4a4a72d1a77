import type { Locator, Page } from 'playwright-core';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, level3, lookupIds, scoreAll } from '../support/evaluation-steps';
import { signIn as signInAs, useBrowserSuite } from './browser';

/*
 * Issue 16 in a real browser at 1280 × 800: every input of the scoring form (评价得分, 扣分理由) and of the
 * department's self-evaluation form lies inside the viewport without scrolling sideways, the header 评价得分 is shown
 * whole, and a save from a stale load shows who changed which indicator when, with the reload.
 */
const WAIT = { timeout: 15_000 };
const VIEWPORT = { width: 1280, height: 800 };
const suite = useBrowserSuite();

const signIn = (page: Page, username: string) => signInAs(page, suite.baseUrl, username);

async function keyEvaluation(until: 'self_evaluation' | 'fieldwork' | 'adjudication'): Promise<string> {
  const t = suite.t;
  const { id } = await createKeyEvaluation(t, await lookupIds(t));
  expect((await fire(t, 'finance.officer', id, 'commission')).status).toBe(200);
  expect((await fire(t, 'dept.staff', id, 'start_self_evaluation')).status).toBe(200);
  if (until === 'self_evaluation') return id;
  expect((await fillSelfEvaluation(t, id)).status).toBe(200);
  expect((await fire(t, 'dept.head', id, 'submit_self_evaluation')).status).toBe(200);
  expect((await fire(t, 'finance.officer', id, 'accept_self_evaluation')).status).toBe(200);
  if (until === 'fieldwork') return id;
  // Scored, a finding, the draft out for comment and accepted: the team adjudicates, a score change needs its reason.
  expect((await scoreAll(t, id)).status).toBe(200);
  const finding = await api(t, 'eval.lead', 'post', `/evaluations/${id}/findings`, {
    title: '三公经费预算编制不准确',
    description: '三公经费控制率52.37%',
    causeAnalysis: '预算编制依据不足',
    recommendation: '按实际需要编制三公经费预算',
  });
  expect(finding.status).toBe(201);
  expect((await fire(t, 'eval.lead', id, 'submit_draft')).status).toBe(200);
  expect((await fire(t, 'finance.officer', id, 'issue_draft_for_comment')).status).toBe(200);
  const answer = { answer: 'accepted', expectedVersion: finding.body.version };
  expect((await api(t, 'dept.head', 'put', `/evaluations/${id}/findings/${finding.body.id}/answer`, answer)).status).toBe(200);
  expect((await fire(t, 'eval.lead', id, 'start_adjudication')).status).toBe(200);
  return id;
}

async function openIndicators(page: Page, id: string): Promise<Locator> {
  await page.goto(`${suite.baseUrl}/evaluations/${id}`);
  await page.getByTestId('tab-indicators').click();
  const form = page.getByTestId('indicators-form');
  await form.waitFor(WAIT);
  return form;
}

/** Boxes that do not fit across the viewport, as "testid x..right" (vertical position is the page's scroll). */
async function outsideViewport(inputs: Locator): Promise<string[]> {
  const outside: string[] = [];
  for (const input of await inputs.all()) {
    const box = await input.boundingBox();
    if (!box || box.x < 0 || box.x + box.width > VIEWPORT.width) {
      outside.push(`${await input.getAttribute('data-testid')} ${box ? `${Math.round(box.x)}..${Math.round(box.x + box.width)}` : 'hidden'}`);
    }
  }
  return outside;
}

async function boxOf(locator: Locator): Promise<{ x: number; width: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not rendered');
  return box;
}

/** A header is shown whole when its text's box lies within its cell, and the cell within the viewport. */
async function expectHeaderWhole(page: Page, title: string): Promise<void> {
  const cell = page.locator('.ant-table-thead th').filter({ hasText: title }).first();
  const [cellBox, textBox] = [await boxOf(cell), await boxOf(cell.getByText(title, { exact: true }))];
  expect(await cell.textContent()).toBe(title);
  expect(textBox.x).toBeGreaterThanOrEqual(cellBox.x);
  expect(textBox.x + textBox.width).toBeLessThanOrEqual(cellBox.x + cellBox.width);
  expect(cellBox.x + cellBox.width).toBeLessThanOrEqual(VIEWPORT.width);
}

/** No sideways page scroll: the page's content (the tabs card) ends inside the viewport. */
async function expectNoPageOverflow(page: Page): Promise<void> {
  const card = await boxOf(page.getByTestId('evaluation-tabs'));
  expect(card.x + card.width).toBeLessThanOrEqual(VIEWPORT.width);
}

it('the team scores at 1280 × 800: every row’s 评价得分 and 扣分理由 are on screen, the header whole', async () => {
  const id = await keyEvaluation('fieldwork');
  const rows = await level3(suite.t, id);
  const context = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const page = await context.newPage();
  try {
    await signIn(page, 'eval.lead');
    const form = await openIndicators(page, id);
    const scores = form.locator('input[data-testid^="score-"]');
    const reasons = form.locator('textarea[data-testid^="deductionReason-"]');
    expect(await scores.count()).toBe(rows.length);
    expect(await reasons.count()).toBe(rows.length);
    await page.screenshot({ path: '/tmp/scoring-layout-1280.png' });
    await page.screenshot({ path: '/tmp/scoring-layout-1280-full.png', fullPage: true });
    expect(await outsideViewport(scores)).toEqual([]);
    expect(await outsideViewport(reasons)).toEqual([]);
    await expectHeaderWhole(page, '评价得分');
    await expectHeaderWhole(page, '扣分理由');
    await expectNoPageOverflow(page);
  } finally {
    await context.close();
  }
});

it('in adjudication at 1280 × 800: 评价得分, 扣分理由 and 调整理由 of every row are on screen', async () => {
  const id = await keyEvaluation('adjudication');
  const rows = await level3(suite.t, id);
  const context = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const page = await context.newPage();
  try {
    await signIn(page, 'eval.lead');
    const form = await openIndicators(page, id);
    await page.getByTestId(`changeReason-${rows[0].code}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/scoring-adjudication-1280.png' });
    for (const selector of ['input[data-testid^="score-"]', 'textarea[data-testid^="deductionReason-"]', 'textarea[data-testid^="changeReason-"]']) {
      const inputs = form.locator(selector);
      expect(await inputs.count()).toBe(rows.length);
      expect({ selector, outside: await outsideViewport(inputs) }).toEqual({ selector, outside: [] });
    }
    for (const title of ['评价得分', '扣分理由', '调整理由']) await expectHeaderWhole(page, title);
    await expectNoPageOverflow(page);
  } finally {
    await context.close();
  }
});

it('the department fills its form at 1280 × 800: target, actual, self-score and deviation inputs are on screen', async () => {
  const id = await keyEvaluation('self_evaluation');
  const context = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const page = await context.newPage();
  try {
    await signIn(page, 'dept.staff');
    const form = await openIndicators(page, id);
    await page.screenshot({ path: '/tmp/self-evaluation-layout-1280.png' });
    for (const field of ['target', 'actual', 'selfScore', 'deviationReason']) {
      const inputs = form.locator(`[data-testid^="${field}-"]:is(input, textarea)`);
      expect(await inputs.count()).toBeGreaterThan(0);
      expect({ field, outside: await outsideViewport(inputs) }).toEqual({ field, outside: [] });
    }
    await expectHeaderWhole(page, '自评得分');
    await expectNoPageOverflow(page);

    // The report tab's inputs (budget figures, narrative) too.
    await page.getByTestId('tab-self-evaluation').click();
    const report = page.getByTestId('self-evaluation-form');
    await report.waitFor(WAIT);
    await page.screenshot({ path: '/tmp/self-evaluation-report-1280.png' });
    expect(await outsideViewport(report.locator('input, textarea'))).toEqual([]);
  } finally {
    await context.close();
  }
});

it('a save from a stale load says who changed which indicator when, and the reload shows their score', async () => {
  const id = await keyEvaluation('fieldwork');
  const [first] = await level3(suite.t, id);
  const context = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const page = await context.newPage();
  try {
    await signIn(page, 'eval.lead');
    const form = await openIndicators(page, id);
    await form.getByTestId(`score-${first.code}`).fill(String(first.weight));
    // Meanwhile 陈静 (evaluator) saves the same indicator from the version the lead loaded.
    const meanwhile = first.weight - 0.5;
    const other = await api(suite.t, 'evaluator', 'put', `/evaluations/${id}/scores`, {
      scores: [{ code: first.code, score: meanwhile, deductionReason: '佐证材料不全', expectedVersion: 0 }],
    });
    expect(other.status).toBe(200);

    await page.getByTestId('save-scores').click();
    const conflict = page.getByTestId('entry-conflict');
    await conflict.waitFor(WAIT);
    expect(await conflict.textContent()).toMatch(new RegExp(`“${first.name}”已由 陈静 于 \\d{2}-\\d{2} \\d{2}:\\d{2} 修改为 ${meanwhile} 分，请刷新后再保存`));
    // What the lead typed stays until they reload.
    expect(await form.getByTestId(`score-${first.code}`).inputValue()).toBe(first.weight.toFixed(2));
    await conflict.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/scoring-conflict-1280.png' });

    await page.getByTestId('reload-after-conflict').click();
    await conflict.waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId(`last-change-score-${first.code}`).getByText('陈静').waitFor(WAIT);
    expect(await form.getByTestId(`score-${first.code}`).inputValue()).toBe(meanwhile.toFixed(2));
    await form.getByTestId(`score-${first.code}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/scoring-after-reload-1280.png' });
  } finally {
    await context.close();
  }
});
