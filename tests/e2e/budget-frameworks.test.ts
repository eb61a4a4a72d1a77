import type { Page } from 'playwright-core';
import { REFERENCE_BUDGET_DATA } from '@evalflow/domain';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, lookupIds } from '../support/evaluation-steps';
import { signIn as signInAs, useBrowserSuite } from './browser';

/**
 * Issue 4 in a real browser: the evaluator opens the 预算数据 tab of an evaluation in fieldwork carrying seed 000's
 * budget data, sees the metrics and confirms a proposed finding into the findings list; a finance admin opens the
 * 指标体系 page and the tree of a built-in framework.
 */
const WAIT = { timeout: 15_000 };
const suite = useBrowserSuite();

const signIn = (page: Page, username: string) => signInAs(page, suite.baseUrl, username);

/** A key evaluation in fieldwork with seed 000's budget data, made through the API as the users would. */
async function evaluationInFieldwork(): Promise<string> {
  const t = suite.t;
  const { id } = await createKeyEvaluation(t, await lookupIds(t));
  for (const [username, action] of [
    ['finance.officer', 'commission'],
    ['dept.staff', 'start_self_evaluation'],
  ] as const) {
    expect((await fire(t, username, id, action)).status).toBe(200);
  }
  expect((await fillSelfEvaluation(t, id)).status).toBe(200);
  expect((await fire(t, 'dept.head', id, 'submit_self_evaluation')).status).toBe(200);
  expect((await fire(t, 'finance.officer', id, 'accept_self_evaluation')).status).toBe(200);
  const saved = await api(t, 'evaluator', 'put', `/evaluations/${id}/budget-data`, { expectedVersion: 0, data: REFERENCE_BUDGET_DATA.seed000 });
  expect(saved.status).toBe(200);
  return id;
}

it('the evaluator sees seed 000’s metrics and confirms the flag-purchase proposal into a finding', async () => {
  const id = await evaluationInFieldwork();
  const context = await suite.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await signIn(page, 'evaluator');
    await page.goto(`${suite.baseUrl}/evaluations/${id}`);
    await page.getByTestId('tab-budget').click();
    const metrics = page.getByTestId('budget-metrics');
    await metrics.getByText('89.39%').first().waitFor(WAIT);
    expect(await metrics.textContent()).toContain('69.34%');

    const proposals = page.getByTestId('budget-proposals');
    const flagPurchase = proposals.locator('tr').filter({ hasText: '悬挂国旗采购经费' }).first();
    await flagPurchase.waitFor(WAIT);
    await flagPurchase.getByTestId('proposal-confirm').click();
    await page.locator('.ant-modal').filter({ hasText: '确认为问题' }).getByRole('button', { name: /确\s*认/ }).last().click();
    await flagPurchase.getByText('已确认').waitFor(WAIT);

    await page.getByTestId('tab-findings').click();
    await page.getByText('悬挂国旗采购经费', { exact: false }).first().waitFor(WAIT);
  } finally {
    await context.close();
  }
});

it('a finance admin opens the 指标体系 page and a built-in framework’s tree', async () => {
  const context = await suite.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await signIn(page, 'finance.admin');
    await page.getByTestId('menu-frameworks').click();
    const table = page.getByTestId('frameworks-table');
    const row = table.locator('tr').filter({ hasText: '部门整体支出绩效评价共性指标体系' }).first();
    await row.waitFor(WAIT);
    await row.getByRole('link').first().click();
    await page.getByText('预算完成率').first().waitFor(WAIT);
  } finally {
    await context.close();
  }
});

it('a finance admin sets the 口径 a standard value is for on the thresholds page, and the region keeps it', async () => {
  const context = await suite.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'finance.admin');
    await page.goto(`${suite.baseUrl}/budget-thresholds`);
    const table = page.getByTestId('thresholds-table');
    await table.waitFor(WAIT);
    // Nothing chosen yet: the default formula is named under the field, no hovering needed.
    const variant = table.getByTestId('threshold-variant-execution_rate').first();
    await variant.waitFor(WAIT);
    expect(await table.textContent()).toContain('按指标体系所选，未选则按全年指标下达数');
    await variant.click();
    await page.locator('.ant-select-dropdown:visible').getByText('按可支配资金', { exact: true }).click();
    await table.getByText('(可支配资金 − 年末结转结余) ÷ 可支配资金 × 100%', { exact: false }).first().waitFor(WAIT);
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    await page.screenshot({ path: '/tmp/thresholds-variant.png' });
    await page.getByTestId('thresholds-save').click();
    await page.getByText('阈值已保存', { exact: false }).waitFor(WAIT);

    const [{ regionId }] = await suite.t.db.query(`SELECT o.region_id AS "regionId" FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = 'finance.admin'`);
    const saved = await api(suite.t, 'finance.admin', 'get', `/budget-thresholds?regionId=${regionId}`);
    expect(saved.status).toBe(200);
    expect(saved.body.own.thresholds.filter((t: { metric: string }) => t.metric === 'execution_rate').map((t: { variant?: string }) => t.variant)).toContain('funds_available');
  } finally {
    await context.close();
  }
});
