import type { Locator, Page } from 'playwright-core';
import { api, keyEvaluationInFieldwork, lookupIds, type Ids } from '../support/evaluation-steps';
import { signIn, useBrowserSuite } from './browser';

/*
 * 工作底稿 in a real browser at 1280 × 800 (issue 11 §3): the evaluator writes a satisfaction questionnaire and sees the
 * rate computed as the counts are typed, then submits it for review; the lead returns another paper with the reason
 * and signs this one off; the department finds no 工作底稿 tab. Screens go to /tmp/shots/working-papers-*.png.
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 15_000 };
const VIEWPORT = { width: 1280, height: 800 };
const suite = useBrowserSuite();

let ids: Ids;
let evaluationId: string;
let interviewId: string;

beforeAll(async () => {
  ids = await lookupIds(suite.t);
  evaluationId = await keyEvaluationInFieldwork(suite.t, ids);
  const created = await api(suite.t, 'evaluator', 'post', `/evaluations/${evaluationId}/working-papers`, {
    kind: 'interview',
    title: '与财务科座谈',
    paperDate: '2026-05-12',
    content: '了解预算编制流程',
    details: { participants: '刘主任、张敏；王建国、陈静', place: '会议室' },
  });
  if (created.status !== 201) throw new Error(`paper: ${created.status} ${JSON.stringify(created.body)}`);
  interviewId = created.body.id;
  const version = (await api(suite.t, 'evaluator', 'get', `/working-papers/${interviewId}`)).body.version;
  await api(suite.t, 'evaluator', 'post', `/working-papers/${interviewId}/transitions`, { action: 'submit', expectedVersion: version });
}, 120_000);

async function openTab(page: Page): Promise<Locator> {
  await page.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=working-papers`);
  const tab = page.getByTestId('working-papers-tab');
  await tab.waitFor(WAIT).catch(async (error) => {
    await page.screenshot({ path: '/tmp/shots/working-papers-failed.png', fullPage: true });
    throw error;
  });
  return tab;
}

async function fire(page: Page, scope: Locator, action: string, comment?: string): Promise<void> {
  await scope.getByTestId(`action-${action}`).click(WAIT);
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('transition-form') });
  await modal.waitFor(WAIT);
  if (comment) await modal.getByTestId('transition-comment').fill(comment);
  await page.getByTestId('transition-submit').click();
  await modal.waitFor({ state: 'hidden', ...WAIT });
}

it('the evaluator writes a questionnaire with the rate computed live and submits it; the lead returns one paper and signs off the other', async () => {
  const context = await suite.browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, suite.baseUrl, 'evaluator');
  const tab = await openTab(page);
  await tab.getByTestId('working-paper-new').click();
  await page.locator('.ant-dropdown-menu-item').filter({ hasText: '满意度调查' }).click(WAIT);
  const form = page.getByTestId('working-paper-form');
  await form.waitFor(WAIT);
  await form.getByTestId('working-paper-title').fill('办事群众满意度调查');
  await form.getByTestId('working-paper-respondents').fill('政务服务大厅办事群众');
  await form.getByTestId('working-paper-validResponses').fill('100');
  await form.getByTestId('question-0-text').fill('办事效率');
  for (const [option, count] of [['verySatisfied', '30'], ['satisfied', '50'], ['fairlySatisfied', '15'], ['dissatisfied', '5']]) {
    await form.getByTestId(`question-0-${option}`).fill(count);
  }
  await page.getByTestId('satisfaction-live').filter({ hasText: '80.0%' }).waitFor(WAIT);
  await form.getByTestId('question-add').click();
  await form.getByTestId('question-1-text').fill('服务态度');
  for (const [option, count] of [['verySatisfied', '1'], ['satisfied', '1'], ['fairlySatisfied', '4'], ['dissatisfied', '4']]) {
    await form.getByTestId(`question-1-${option}`).fill(count);
  }
  // Pooled: (80 + 2) ÷ (100 + 10).
  await page.getByTestId('satisfaction-live').filter({ hasText: '74.5%' }).waitFor(WAIT);
  await page.screenshot({ path: '/tmp/shots/working-papers-questionnaire-form.png' });
  await page.getByTestId('working-paper-submit').click();
  await form.waitFor({ state: 'hidden', ...WAIT });

  const list = (await api(suite.t, 'evaluator', 'get', `/evaluations/${evaluationId}/working-papers`)).body.items as { id: string; kind: string }[];
  const questionnaireId = list.find((paper) => paper.kind === 'questionnaire')!.id;
  await tab.getByTestId(`working-paper-rate-${questionnaireId}`).filter({ hasText: '74.5%' }).waitFor(WAIT);
  await tab.getByTestId(`working-paper-title-${questionnaireId}`).locator('xpath=ancestor::tr').locator('.ant-table-row-expand-icon').click();
  const panel = tab.getByTestId(`working-paper-panel-${questionnaireId}`);
  await panel.getByTestId('questionnaire-rate').filter({ hasText: '74.5%' }).waitFor(WAIT);
  await fire(page, panel, 'submit');
  await tab.getByTestId(`working-paper-state-${questionnaireId}`).filter({ hasText: '待复核' }).waitFor(WAIT);
  await page.screenshot({ path: '/tmp/shots/working-papers-evaluator.png', fullPage: true });

  await context.clearCookies();
  const lead = await suite.browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const leadPage = await lead.newPage();
  await signIn(leadPage, suite.baseUrl, 'eval.lead');
  const leadTab = await openTab(leadPage);
  await leadTab.getByTestId(`working-paper-title-${interviewId}`).locator('xpath=ancestor::tr').locator('.ant-table-row-expand-icon').click();
  await fire(leadPage, leadTab.getByTestId(`working-paper-panel-${interviewId}`), 'return', '请补充参加人员签字页');
  await leadTab.getByTestId(`working-paper-state-${interviewId}`).filter({ hasText: '退回修改' }).waitFor(WAIT);
  await leadTab.getByTestId(`working-paper-title-${questionnaireId}`).locator('xpath=ancestor::tr').locator('.ant-table-row-expand-icon').click();
  await fire(leadPage, leadTab.getByTestId(`working-paper-panel-${questionnaireId}`), 'sign_off');
  await leadTab.getByTestId(`working-paper-state-${questionnaireId}`).filter({ hasText: '已复核' }).waitFor(WAIT);
  await leadPage.screenshot({ path: '/tmp/shots/working-papers-lead.png', fullPage: true });
  expect((await api(suite.t, 'eval.lead', 'get', `/working-papers/${questionnaireId}`)).body).toMatchObject({ state: 'signed_off', signedOffBy: { displayName: '王建国' } });

  // A finding cites the questionnaire as its 依据, chosen in the finding form.
  await leadPage.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=findings`);
  await leadPage.getByTestId('new-finding').click(WAIT);
  const findingForm = leadPage.getByTestId('finding-form');
  await findingForm.waitFor(WAIT);
  await findingForm.getByTestId('finding-title').fill('服务态度满意度偏低');
  await findingForm.getByTestId('finding-description').fill('服务态度一题满意度仅20.0%');
  await findingForm.getByTestId('finding-evidence').click();
  await leadPage.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '办事群众满意度调查' }).first().click(WAIT);
  await leadPage.keyboard.press('Escape');
  await leadPage.getByTestId('finding-form-submit').click();
  await findingForm.waitFor({ state: 'hidden', ...WAIT });
  const [finding] = (await api(suite.t, 'eval.lead', 'get', `/evaluations/${evaluationId}/findings`)).body.items as { id: string }[];
  expect((await api(suite.t, 'eval.lead', 'get', `/findings/${finding.id}/evidence`)).body.items).toEqual([expect.objectContaining({ kind: 'working_paper', refId: questionnaireId, title: '办事群众满意度调查' })]);
  await leadPage.screenshot({ path: '/tmp/shots/working-papers-finding-evidence.png', fullPage: true });
  await lead.close();

  // The department: no 工作底稿 tab at all.
  const department = await suite.browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const deptPage = await department.newPage();
  await signIn(deptPage, suite.baseUrl, 'dept.staff');
  await deptPage.goto(`${suite.baseUrl}/evaluations/${evaluationId}`);
  await deptPage.getByTestId('evaluation-tabs').waitFor(WAIT);
  expect(await deptPage.getByTestId('tab-working-papers').count()).toBe(0);
  await department.close();
  await context.close();
});
