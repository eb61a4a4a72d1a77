import { mkdirSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import type { BrowserContext, Page } from 'playwright-core';
import { builtinTemplateDocx } from '../../apps/api/src/modules/reports/builtin-template';
import { RenderReportProcessor } from '../../apps/api/src/modules/reports/render-report.processor';
import { api, fire, keyEvaluationInFieldwork, level3, lookupIds, saveScores, scoreAll } from '../support/evaluation-steps';
import { eventually } from '../support/test-app';
import { signIn, useBrowserSuite } from './browser';

/*
 * Reports in a real browser at 1280 × 800 (issue 12 §7): the finance officer opens the 评价报告 tab of an evaluation
 * issued for comment and approved (two versions, each rendered by the queue), reads the report in the page and the
 * differences between the draft and the final; the finance admin uploads a template with an unknown placeholder and
 * sees it named. Screenshots go to /tmp/shots/report-*.png; the in-page pages of the draft and the final also to
 * docs/images/ (docs/reports.md shows them).
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 30_000 };
const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = '/tmp/shots';
const DOC_IMAGES = path.join(__dirname, '../../docs/images');
const suite = useBrowserSuite();

let evaluationId: string;

async function step(username: string, id: string, action: string) {
  const response = await fire(suite.t, username, id, action);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

async function must(response: { status: number; body: unknown }, what: string) {
  if (response.status !== 200 && response.status !== 201) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; version: number };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOC_IMAGES, { recursive: true });
  const t = suite.t;
  evaluationId = await keyEvaluationInFieldwork(t, await lookupIds(t));
  await must(await scoreAll(t, evaluationId, 'eval.lead'), 'scores');
  const specs = [
    { title: '部分项目预算编制不够细化', description: '抽查的12个项目中，5个项目年初预算未细化到具体支出内容，年中调整频繁。', causeAnalysis: '预算编制前期论证不充分，项目库管理不规范。', recommendation: '细化预算编制，加强项目前期论证和项目库管理。' },
    { title: '政府采购程序不规范', description: '2笔办公设备采购未按规定履行询价程序。', causeAnalysis: '采购内控制度执行不到位。', recommendation: '严格执行政府采购制度，完善采购内控流程。' },
    { title: '绩效目标设定不够量化', description: '部分绩效指标只有定性描述，无法衡量完成程度。', causeAnalysis: '绩效目标编制培训不足。', recommendation: '按照“可衡量、可考核”的要求细化量化绩效目标。' },
  ];
  for (const spec of specs) await must(await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/findings`, spec), 'finding');
  await step('eval.lead', evaluationId, 'submit_draft');
  await step('finance.officer', evaluationId, 'issue_draft_for_comment');
  const findings = (await api(t, 'dept.head', 'get', `/evaluations/${evaluationId}/findings`)).body.items as { id: string; version: number }[];
  await must(await api(t, 'dept.head', 'put', `/evaluations/${evaluationId}/findings/${findings[0].id}/answer`, { answer: 'accepted', expectedVersion: findings[0].version }), 'answer');
  const second = await must(await api(t, 'dept.head', 'put', `/evaluations/${evaluationId}/findings/${findings[1].id}/answer`, { answer: 'disputed', text: '已补充询价记录', expectedVersion: findings[1].version }), 'answer');
  const third = await must(await api(t, 'dept.head', 'put', `/evaluations/${evaluationId}/findings/${findings[2].id}/answer`, { answer: 'disputed', text: '多数指标已量化', expectedVersion: findings[2].version }), 'answer');
  await step('eval.lead', evaluationId, 'start_adjudication');
  await must(await api(t, 'eval.lead', 'put', `/evaluations/${evaluationId}/findings/${findings[1].id}/adjudication`, { adjudication: 'withdrawn', reason: '部门补充了询价记录，问题不成立', expectedVersion: second.version }), 'withdraw');
  await must(await api(t, 'eval.lead', 'put', `/evaluations/${evaluationId}/findings/${findings[2].id}/adjudication`, { adjudication: 'revised', reason: '部分指标已量化，修改表述', expectedVersion: third.version }), 'revise');
  const first = (await level3(t, evaluationId))[0];
  await must(await saveScores(t, 'eval.lead', evaluationId, [{ code: first.code, score: first.weight - 0.5, deductionReason: '补充凭证后仍缺一张', changeReason: '部门补充了记账凭证' }]), 'score change');
  await step('eval.lead', evaluationId, 'submit_final_report');
  const version = (await api(t, 'finance.admin', 'get', `/evaluations/${evaluationId}`)).body.version;
  await must(await api(t, 'finance.admin', 'put', `/evaluations/${evaluationId}/report-number`, { reportNumber: '长财绩评〔2026〕18号', expectedVersion: version }), 'number');
  await step('finance.admin', evaluationId, 'approve_final_report');
  await eventually(async () => {
    const items = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports`)).body.items as { status: string }[];
    return items.length === 2 && items.every((d) => d.status === 'ready');
  }, 60_000);
}, 240_000);

async function browse(username: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, suite.baseUrl, username);
    await run(page);
  } finally {
    await context.close();
  }
}

it('the 评价报告 tab: versions, the report in the page, the comparison of the draft and the final', async () => {
  await browse('finance.officer', async (page) => {
    await page.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=reports`);
    await page.getByTestId('report-status-final-1').filter({ hasText: '已生成' }).waitFor(WAIT);
    await page.getByTestId('report-status-draft-1').filter({ hasText: '已生成' }).waitFor(WAIT);
    await page.getByTestId('reports-tab').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-versions.png` });

    // The comparison: the newest two, by default.
    const diff = page.getByTestId('report-diff');
    await diff.waitFor(WAIT);
    await expectText(diff, '部门补充了记账凭证');
    await page.getByTestId('report-diff-withdrawn-2').filter({ hasText: '部门补充了询价记录，问题不成立' }).waitFor(WAIT);
    await page.getByTestId('report-diff-revised-3').waitFor(WAIT);
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-compare.png` });

    // The final in the page: its number, no 征求意见稿 mark; the withdrawn finding left out.
    const preview = page.getByTestId('report-preview');
    await preview.waitFor(WAIT);
    await page.getByTestId('report-number').filter({ hasText: '长财绩评〔2026〕18号' }).waitFor(WAIT);
    await expectText(preview, '评价结论');
    expect(await page.getByTestId('report-draft-mark').innerText()).toBe('');
    expect(await preview.innerText()).not.toContain('政府采购程序不规范');
    await preview.screenshot({ path: path.join(DOC_IMAGES, 'report-final.png') });
    await preview.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-preview-final.png` });

    // The draft: the mark, no number, all three findings.
    await page.getByTestId('report-preview-draft-1').click();
    await page.getByTestId('report-draft-mark').filter({ hasText: '征求意见稿' }).waitFor(WAIT);
    expect(await page.getByTestId('report-number').innerText()).toBe('');
    await expectText(preview, '政府采购程序不规范');
    await preview.screenshot({ path: path.join(DOC_IMAGES, 'report-draft.png') });
    await page.getByTestId('report-score-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-score-table.png` });
  });
});

it('while a version renders, its row shows the stage its queue job has reached with a progress bar; then 已生成', async () => {
  const t = suite.t;
  const id = await keyEvaluationInFieldwork(t, await lookupIds(t));
  await must(await scoreAll(t, id, 'eval.lead'), 'scores');
  await step('eval.lead', id, 'submit_draft');
  // The render worker takes no job for now: the draft waits in the queue (排队中) while the page is looked at.
  const worker = t.app.get(RenderReportProcessor).worker;
  await worker.pause();
  try {
    await step('finance.officer', id, 'issue_draft_for_comment');
    await browse('finance.officer', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${id}?tab=reports`);
      const progress = page.getByTestId('report-progress-draft-1');
      await progress.filter({ hasText: '排队中' }).waitFor(WAIT);
      await page.getByTestId('report-status-draft-1').filter({ hasText: '生成中' }).waitFor(WAIT);
      expect(await progress.locator('.ant-progress').count()).toBe(1);
      expect(await page.getByTestId('report-docx-draft-1').isDisabled()).toBe(true);
      await page.getByTestId('report-versions').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/report-rendering.png`, animations: 'disabled' });

      // The worker takes the job: the page (polling) follows it to 已生成, and the bar goes.
      await worker.resume();
      await page.getByTestId('report-status-draft-1').filter({ hasText: '已生成' }).waitFor(WAIT);
      await progress.waitFor({ state: 'detached', ...WAIT });
      expect(await page.getByTestId('report-docx-draft-1').isEnabled()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/report-rendered.png`, animations: 'disabled' });
    });
  } finally {
    await worker.resume();
  }
});

it('the 报告模板 page: an unknown placeholder is refused and named', async () => {
  const zip = new PizZip(builtinTemplateDocx());
  zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{reportTitle}', '{reportTitle}{预算总额}'));
  const bad = zip.generate({ type: 'nodebuffer' }) as Buffer;
  await browse('finance.admin', async (page) => {
    await page.goto(`${suite.baseUrl}/report-templates`);
    await page.getByTestId('report-templates-page').waitFor(WAIT);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('report-template-upload').click();
    await (await chooser).setFiles({ name: '长沙市财政局报告模板.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: bad });
    await page.getByTestId('report-template-refusal').filter({ hasText: '预算总额' }).waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}/report-templates.png` });
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor(WAIT);
}
