import type { Locator, Page } from 'playwright-core';
import path from 'node:path';
import { signIn as signInAs, useBrowserSuite } from './browser';

/**
 * An evaluation made and commissioned in a real browser: the finance officer drafts a key evaluation through the
 * 新建评价 form, lands on its page, fires 下达评价通知 from the actions bar and sees the state and the history change;
 * the department's staff then find it in 我的待办.
 */

const WAIT = { timeout: 15_000 };
const TITLE = '2025年度长沙市人民政府办公厅部门整体支出绩效评价（浏览器）';
/** Stage deadlines in stage order (far ahead, so none is overdue). */
const DEADLINES = {
  self_evaluation: '2099-03-31',
  self_evaluation_review: '2099-04-15',
  fieldwork: '2099-06-30',
  comment_period: '2099-07-10',
  final_review: '2099-08-31',
  rectification: '2099-12-31',
};

const suite = useBrowserSuite();

const signIn = (page: Page, username: string) => signInAs(page, suite.baseUrl, username);

/** Opens an antd Select, types to filter, and clicks the option showing `text` in the open dropdown. */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
  await option.click(WAIT);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden', ...WAIT });
}

/** Types a date into an antd DatePicker and confirms it with Enter. */
async function pickDate(page: Page, testId: string, date: string): Promise<void> {
  const input: Locator = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden', ...WAIT });
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor(WAIT);
  return (await locator.textContent()) ?? '';
}

describe('evaluations in the browser', () => {
  it('a finance officer creates and commissions a key evaluation; the department finds it in 我的待办', async () => {
    const officer = await suite.browser.newContext({ locale: 'zh-CN' });
    const page = await officer.newPage();
    let reference = '';
    try {
      await signIn(page, 'finance.officer');
      await page.getByTestId('menu-evaluations').click();
      await page.getByTestId('evaluations-table').waitFor(WAIT);

      // 新建评价: a key evaluation of the whole department's expenditure, evaluated by the firm.
      await page.getByTestId('new-evaluation').click();
      await page.getByTestId('evaluation-form').waitFor(WAIT);
      await page.getByTestId('evaluation-kind').getByText('重点绩效评价（第三方评价）').click();
      await page.getByTestId('evaluation-scope').getByText('部门整体支出').click();
      await page.getByTestId('evaluation-title').fill(TITLE);
      await choose(page, 'evaluation-department', '长沙市人民政府办公厅');
      await choose(page, 'evaluation-framework', '部门整体支出');
      await page.getByTestId('evaluation-legal-basis').fill('长财绩〔2026〕2号');
      await choose(page, 'evaluation-evaluator-organisation', '湖南浩元会计师事务所');
      await choose(page, 'evaluation-lead', '王建国');
      for (const [key, date] of Object.entries(DEADLINES)) await pickDate(page, `deadline-${key}`, date);
      await page.getByTestId('evaluation-form-submit').click();

      // The new draft's page.
      await page.waitForURL(/\/evaluations\/[0-9a-f-]{36}$/, WAIT);
      expect(await textOf(page.getByTestId('evaluation-state'))).toBe('草稿');
      expect(await textOf(page.getByTestId('evaluation-title'))).toBe(TITLE);
      reference = (await textOf(page.getByTestId('evaluation-reference'))).trim();
      expect(reference).toMatch(/^PE-2025-\d{5}$/);
      expect(await textOf(page.getByTestId('evaluation-team'))).toContain('王建国');

      // No history yet.
      await page.getByTestId('tab-history').click();
      await page.getByTestId('history-empty').waitFor(WAIT);

      // 下达评价通知 from the actions bar: the state and the history change.
      await page.getByTestId('action-commission').click();
      await page.getByTestId('transition-comment').fill('请按期报送自评材料');
      await page.getByTestId('transition-submit').click();
      await page.getByTestId('evaluation-state').filter({ hasText: '已下达评价通知' }).waitFor(WAIT);
      const entry = page.getByTestId('history-entry-1');
      expect(await textOf(entry)).toContain('下达评价通知');
      expect(await entry.textContent()).toContain('李文');
      expect(await entry.textContent()).toContain('请按期报送自评材料');
      expect(await page.getByTestId('history-list').locator('[data-testid^="history-entry-"]').count()).toBe(1);
      // The commission is an approval: it keeps a snapshot of the terms.
      await page.getByTestId('history-snapshot-1').click();
      expect(await textOf(page.getByTestId('snapshot-json'))).toContain('王建国');
      await page.screenshot({ path: path.join(__dirname, '../../tmp/e2e-evaluation.png') }).catch(() => undefined);
    } finally {
      await officer.close();
    }

    // The department's staff: the commissioned evaluation waits in 我的待办 and leads to its page.
    const department = await suite.browser.newContext({ locale: 'zh-CN' });
    const staffPage = await department.newPage();
    try {
      await signIn(staffPage, 'dept.staff');
      const task = staffPage.getByTestId('my-tasks').getByTestId(`task-${reference}`);
      expect(await textOf(task)).toContain(TITLE);
      expect(await task.textContent()).toContain('已下达评价通知');
      expect(await task.textContent()).toContain('接收通知并开始自评');
      await task.getByTestId(`task-link-${reference}`).click();
      expect(await textOf(staffPage.getByTestId('evaluation-state'))).toBe('已下达评价通知');
      await staffPage.getByTestId('action-start_self_evaluation').waitFor(WAIT);
      expect(await staffPage.getByTestId('action-commission').count()).toBe(0);
    } finally {
      await department.close();
    }
  });
});
