import type { BrowserContext, Locator, Page } from 'playwright-core';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, lookupIds, scoreAll, type Ids } from '../support/evaluation-steps';
import { signIn, useBrowserSuite } from './browser';

/*
 * The item lifecycles in a real browser at 1280 × 800 (issue 10): the department fills a rectification item's plan,
 * submits it, reports progress and asks for verification; the auditor verifies it; the item's history tells the
 * steps. In fieldwork the team adds a 资料清单 item that the department answers and the team accepts. The API takes
 * the evaluations to the right stages; every screen is photographed to /tmp as each role sees it.
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 15_000 };
const VIEWPORT = { width: 1280, height: 800 };
const suite = useBrowserSuite();

let ids: Ids;
let rectificationEvaluation: string;
let itemId: string;
let fieldworkEvaluation: string;

/** Fires each [user, action] on the evaluation through the API, failing loudly on anything but 200. */
async function drive(id: string, steps: [username: string, action: string][]): Promise<void> {
  for (const [username, action] of steps) {
    const response = await fire(suite.t, username, id, action);
    if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

/** A key evaluation of 长沙市人民政府办公厅 with its self-evaluation accepted: the team is in fieldwork. */
async function inFieldwork(): Promise<string> {
  const { id } = await createKeyEvaluation(suite.t, ids);
  await drive(id, [
    ['finance.officer', 'commission'],
    ['dept.head', 'start_self_evaluation'],
  ]);
  await fillSelfEvaluation(suite.t, id, 'dept.head');
  await drive(id, [
    ['dept.head', 'submit_self_evaluation'],
    ['finance.officer', 'accept_self_evaluation'],
  ]);
  return id;
}

/** From fieldwork to rectification with one finding the department accepts, so one rectification item. */
async function toRectification(id: string): Promise<void> {
  await scoreAll(suite.t, id, 'eval.lead');
  const finding = { title: '预算编制不够细化', description: '部分项目支出执行率偏低', causeAnalysis: '预算编制依据不足', recommendation: '细化预算编制，按季度分析执行' };
  expect((await api(suite.t, 'eval.lead', 'post', `/evaluations/${id}/findings`, finding)).status).toBe(201);
  await drive(id, [
    ['eval.lead', 'submit_draft'],
    ['finance.officer', 'issue_draft_for_comment'],
  ]);
  const [answered] = (await api(suite.t, 'dept.head', 'get', `/evaluations/${id}/findings`)).body.items;
  expect((await api(suite.t, 'dept.head', 'put', `/evaluations/${id}/findings/${answered.id}/answer`, { answer: 'accepted', expectedVersion: answered.version })).status).toBe(200);
  await drive(id, [
    ['eval.lead', 'start_adjudication'],
    ['eval.lead', 'submit_final_report'],
  ]);
  const { version } = (await api(suite.t, 'finance.admin', 'get', `/evaluations/${id}`)).body;
  expect((await api(suite.t, 'finance.admin', 'put', `/evaluations/${id}/report-number`, { reportNumber: '长财绩评〔2026〕88号', expectedVersion: version })).status).toBe(200);
  await drive(id, [
    ['finance.admin', 'approve_final_report'],
    ['finance.officer', 'start_rectification'],
  ]);
}

beforeAll(async () => {
  ids = await lookupIds(suite.t);
  rectificationEvaluation = await inFieldwork();
  await toRectification(rectificationEvaluation);
  const items = (await api(suite.t, 'dept.staff', 'get', `/evaluations/${rectificationEvaluation}/rectification-items`)).body.items;
  expect(items).toHaveLength(1);
  itemId = items[0].id;
  fieldworkEvaluation = await inFieldwork();
}, 240_000);

async function browse(username: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const page = await context.newPage();
  try {
    await signIn(page, suite.baseUrl, username);
    await run(page);
  } catch (error) {
    await page.screenshot({ path: `/tmp/workflow-items-failed-${username}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

/** Lets the page's queries settle (no spinner left) before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `/tmp/workflow-items-${name}.png`, fullPage });
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor(WAIT);
  return (await locator.innerText()) ?? '';
}

/** Types a date into an antd DatePicker and confirms it with Enter. */
async function pickDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden', ...WAIT });
}

/** Opens an antd Select and clicks the option showing `text`. */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click(WAIT);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden', ...WAIT });
}

/** Fires an action of the actions bar inside `scope` through the shared modal, with a comment when given. */
async function fireInBrowser(page: Page, scope: Locator, action: string, comment?: string): Promise<void> {
  await scope.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('transition-form') });
  await modal.waitFor(WAIT);
  if (comment) await modal.getByTestId('transition-comment').fill(comment);
  await page.getByTestId('transition-submit').click();
  await modal.waitFor({ state: 'hidden', ...WAIT });
}

const itemUrl = () => `${suite.baseUrl}/rectification-items/${itemId}`;
const currentItem = async () => (await api(suite.t, 'dept.staff', 'get', `/rectification-items/${itemId}`)).body;

describe('整改事项 in the browser at 1280 × 800', () => {
  it('the department fills the plan (a colleague’s save in between is said plainly), submits it, reports progress and asks for verification', async () => {
    await browse('dept.staff', async (page) => {
      // 我的待办 names the item under its evaluation and leads to the item's page.
      const task = page.getByTestId('my-tasks').locator('tr[data-testid^="task-"]').filter({ hasText: '预算编制不够细化' });
      expect(await textOf(task)).toContain('报送整改措施');
      await shoot(page, 'home-dept');
      await task.getByRole('link').click();
      await page.waitForURL(new RegExp(`/rectification-items/${itemId}$`), WAIT);
      await page.getByTestId('rectification-title').waitFor(WAIT);

      // The evaluation's 整改事项 tab, opened from the address; the row leads to the item.
      await page.goto(`${suite.baseUrl}/evaluations/${rectificationEvaluation}?tab=rectification`);
      const row = page.getByTestId('rectification-row-1');
      expect(await textOf(row)).toContain('预算编制不够细化');
      expect(await row.innerText()).toContain('待报送整改措施');
      await shoot(page, 'tab-dept');
      await page.getByTestId('rectification-link-1').click();
      await page.waitForURL(/\/rectification-items\//, WAIT);

      // Blocked: the plan needs measures, an owner and a due date; the reasons are on the page.
      const blocked = page.getByTestId('blocked-submit_plan');
      await blocked.waitFor(WAIT);
      for (const guard of ['measures_entered', 'owner_assigned', 'due_date_set']) expect(await page.getByTestId(`blocked-submit_plan-${guard}`).isVisible()).toBe(true);
      expect(await page.getByTestId('action-submit_plan').isDisabled()).toBe(true);
      expect(await page.getByTestId('rectification-finding').innerText()).toContain('细化预算编制，按季度分析执行');
      await shoot(page, 'item-dept-open', true);

      // A colleague saves first: the save is refused, said plainly, and 刷新 brings their change in.
      const before = await currentItem();
      expect((await api(suite.t, 'dept.head', 'patch', `/rectification-items/${itemId}`, { expectedVersion: before.version, responsibleUnit: '办公室' })).status).toBe(200);
      await page.getByTestId('rectification-measures').fill('修订预算编制办法，按季度分析预算执行进度');
      await page.getByTestId('rectification-save').click();
      await page.getByTestId('rectification-conflict').waitFor(WAIT);
      expect(await page.getByTestId('rectification-conflict').innerText()).toContain('刚被其他人修改过');
      await shoot(page, 'item-dept-conflict');
      await page.getByTestId('rectification-reload').click();
      await page.getByTestId('rectification-conflict').waitFor({ state: 'detached', ...WAIT });
      expect(await page.getByTestId('rectification-unit').inputValue()).toBe('办公室');

      // The plan, saved: measures, unit, owner (a colleague of the department), due date.
      await page.getByTestId('rectification-measures').fill('修订预算编制办法，按季度分析预算执行进度');
      await page.getByTestId('rectification-unit').fill('财务科');
      await choose(page, 'rectification-owner', '张敏');
      await pickDate(page, 'rectification-due', '2099-06-30');
      await page.getByTestId('rectification-save').click();
      await page.getByTestId('blocked-submit_plan').waitFor({ state: 'detached', ...WAIT });
      expect(await page.getByTestId('action-submit_plan').isEnabled()).toBe(true);
      await shoot(page, 'item-dept-planned');

      await fireInBrowser(page, page.getByTestId('rectification-item'), 'submit_plan');
      await page.getByTestId('rectification-state').filter({ hasText: '已报送整改措施' }).waitFor(WAIT);

      // Progress: the comment is the report itself, asked for as such.
      await page.getByTestId('action-report_progress').click();
      expect(await page.locator('.ant-modal').innerText()).toContain('整改进展');
      await shoot(page, 'item-dept-progress-modal');
      await page.getByTestId('transition-comment').fill('已修订预算编制办法并印发');
      await page.getByTestId('transition-submit').click();
      await page.getByTestId('rectification-state').filter({ hasText: '整改中' }).waitFor(WAIT);

      // Verification needs the evidence: blocked until it is recorded.
      await page.getByTestId('blocked-submit_for_verification-evidence_attached').waitFor(WAIT);
      await shoot(page, 'item-dept-needs-evidence', true);
      await page.getByTestId('rectification-evidence').fill('《预算编制管理办法》（修订稿）及印发通知，共2份');
      await page.getByTestId('rectification-save').click();
      await page.getByTestId('blocked-submit_for_verification').waitFor({ state: 'detached', ...WAIT });
      await fireInBrowser(page, page.getByTestId('rectification-item'), 'submit_for_verification');
      await page.getByTestId('rectification-state').filter({ hasText: '待核查' }).waitFor(WAIT);

      // With the verifier the plan is read-only, and the page says why.
      expect(await textOf(page.getByTestId('rectification-readonly-reason'))).toContain('不能再修改');
      expect(await page.getByTestId('rectification-plan-view').innerText()).toContain('财务科');
      await shoot(page, 'item-dept-submitted', true);
    });
    expect((await currentItem()).state).toBe('submitted_for_verification');
  });

  it('the auditor opens the item, sees the plan read-only, verifies it, and the history shows every step', async () => {
    await browse('auditor', async (page) => {
      await page.goto(itemUrl());
      expect(await textOf(page.getByTestId('rectification-readonly-reason'))).toContain('由被评价部门填写');
      expect(await page.getByTestId('rectification-measures').count()).toBe(0);
      await page.getByTestId('action-verify').waitFor(WAIT);
      await shoot(page, 'item-auditor');
      await fireInBrowser(page, page.getByTestId('rectification-item'), 'verify', '佐证材料齐全，整改到位');
      await page.getByTestId('rectification-state').filter({ hasText: '核查通过' }).waitFor(WAIT);

      const history = page.getByTestId('rectification-history');
      await history.getByTestId('history-entry-4').waitFor(WAIT);
      const entries = await history.locator('[data-testid^="history-entry-"]').allInnerTexts();
      expect(entries.map((text) => text.split('\n')[0].trim())).toEqual(['报送整改措施', '报告整改进展', '申请核查', '核查通过']);
      expect(entries[1]).toContain('已修订预算编制办法并印发');
      expect(entries[3]).toContain('赵审计');
      await shoot(page, 'item-auditor-verified', true);
    });
  });

  it('the bureau sees the items on the evaluation; ?tab= opens the tab it names, an unknown item says so', async () => {
    await browse('finance.officer', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${rectificationEvaluation}?tab=rectification`);
      const row = page.getByTestId('rectification-row-1');
      expect(await textOf(row)).toContain('核查通过');
      expect(await row.innerText()).toContain('财务科');
      expect(await row.innerText()).toContain('张敏');
      await shoot(page, 'tab-bureau', true);
      await page.goto(`${suite.baseUrl}/evaluations/${rectificationEvaluation}?tab=findings`);
      await page.getByTestId('findings-table').waitFor(WAIT);
      expect(await page.locator('.ant-tabs-tab-active').innerText()).toBe('问题清单');
      await page.getByTestId('tab-history').click();
      await page.waitForURL(/tab=history/, WAIT);
      await page.getByTestId('history-list').waitFor(WAIT);
      await page.goto(`${suite.baseUrl}/rectification-items/00000000-0000-4000-8000-000000000000`);
      await page.getByTestId('rectification-not-found').waitFor(WAIT);
      await shoot(page, 'item-not-found');
    });
  });
});

describe('资料清单 in the browser at 1280 × 800', () => {
  it('the team adds an item in fieldwork; the department records what it provides and answers; the team accepts', async () => {
    await browse('eval.lead', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${fieldworkEvaluation}?tab=documents`);
      await page.getByTestId('documents-empty').waitFor(WAIT);
      await shoot(page, 'documents-team-empty');
      await page.getByTestId('new-document-request').click();
      await page.getByTestId('document-request-submit').click();
      await page.getByText('请输入资料名称').waitFor(WAIT);
      await page.getByTestId('document-request-title').fill('2025年度会计凭证');
      await page.getByTestId('document-request-description').fill('全年记账凭证及附件，纸质原件可现场查阅');
      await pickDate(page, 'document-request-due', '2099-05-31');
      // The department's clerk answers it (with the head).
      await choose(page, 'document-request-owner', '张敏');
      await shoot(page, 'documents-team-form');
      await page.getByTestId('document-request-submit').click();
      await page.getByTestId('documents-table').waitFor(WAIT);
      expect(await page.getByTestId('documents-table').innerText()).toContain('待提供');
      await shoot(page, 'documents-team-list', true);
    });
    const [request] = (await api(suite.t, 'dept.staff', 'get', `/evaluations/${fieldworkEvaluation}/document-requests`)).body.items;
    expect(request).toMatchObject({ title: '2025年度会计凭证', state: 'requested', dueOn: '2099-05-31' });

    await browse('dept.staff', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${fieldworkEvaluation}?tab=documents`);
      await page.getByTestId(`document-request-open-${request.id}`).click();
      const panel = page.getByTestId(`document-request-panel-${request.id}`);
      // 提供资料 waits for what is provided to be recorded; 说明未提供原因 does not.
      await panel.getByTestId('blocked-provide-materials_recorded').waitFor(WAIT);
      expect(await panel.getByTestId('action-decline').isEnabled()).toBe(true);
      await shoot(page, 'documents-dept-open', true);
      await panel.getByTestId('materials-note').fill('2025年度记账凭证共12册，已于5月10日现场移交评价组');
      await panel.getByTestId('materials-save').click();
      await panel.getByTestId('blocked-provide').waitFor({ state: 'detached', ...WAIT });
      await fireInBrowser(page, panel, 'provide');
      await page.getByTestId(`document-request-state-${request.id}`).filter({ hasText: '已提供' }).waitFor(WAIT);
      await shoot(page, 'documents-dept-provided', true);
    });

    await browse('eval.lead', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${fieldworkEvaluation}?tab=documents`);
      await page.getByTestId(`document-request-open-${request.id}`).click();
      const panel = page.getByTestId(`document-request-panel-${request.id}`);
      await panel.getByTestId('action-return').waitFor(WAIT);
      expect(await panel.innerText()).toContain('已于5月10日现场移交评价组');
      await shoot(page, 'documents-team-answered', true);
      await fireInBrowser(page, panel, 'accept');
      await page.getByTestId(`document-request-state-${request.id}`).filter({ hasText: '已确认' }).waitFor(WAIT);
      await panel.getByTestId('history-entry-2').waitFor(WAIT);
      const entries = await panel.locator('[data-testid^="history-entry-"]').allInnerTexts();
      expect(entries.map((text) => text.split('\n')[0].trim())).toEqual(['提供资料', '确认']);
      await shoot(page, 'documents-team-accepted', true);
    });
  });
});
