/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { api, fire, keyEvaluationInFieldwork, lookupIds, scoreAll } from '../support/evaluation-steps';
import { uploadBytes } from '../support/files';
import { signIn, useBrowserSuite } from './browser';

/*
 * Fieldwork materials in a real browser at 1280 × 800 (issue 11): the department uploads two files against a 资料清单
 * item (a progress bar per file, on a throttled connection so the bars are seen moving) and a renamed program that is
 * refused with the server's reason while the others go through; the evaluator previews the image, accepts that item
 * and returns another with a reason; the department sees the returned item with the reason, and an item that is not
 * its clerk's to answer says so. The evaluation's history lists the files of the finding and of the answer to it.
 * Screenshots go to /tmp/shots/materials-*.png.
 */
jest.setTimeout(300_000);

const WAIT = { timeout: 20_000 };
const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = '/tmp/shots';
// A small per-file limit, so the browser sees a 413 for a file of a few MB.
const suite = useBrowserSuite({ env: { UPLOAD_MAX_FILE_MB: '2' } });

let evaluationId: string;
let findingsEvaluation: string; // a second evaluation: a finding with files, then the department's answer with files
let vouchers: string; // provided in the browser, then accepted
let contracts: string; // provided through the API, then returned
let headsOnly: string; // no owner: the department head's alone, not the clerk's
const RETURN_REASON = '合同缺少补充协议，请补充后重新提供';

/** The files the department uploads, made by the browser itself: a PNG (a screenshot) and a PDF (page.pdf). */
let scanPng: Buffer;
let ledgerPdf: Buffer;

async function makeFiles(): Promise<void> {
  const page = await suite.browser.newPage({ viewport: { width: 640, height: 400 } });
  try {
    await page.setContent(
      `<body style="margin:0;font-family:sans-serif;background:#fffbe6"><div style="padding:40px"><h1 style="color:#ad4e00">记账凭证</h1><p>2025年第12号 · 办公费 3,600.00 元</p><p>附件 2 张</p></div></body>`,
    );
    scanPng = await page.screenshot({ type: 'png' });
    await page.setContent(`<body style="font-family:sans-serif"><h1>2025年度明细账</h1>${'<p>办公费、印刷费、差旅费支出明细</p>'.repeat(40)}</body>`);
    // Padded after %%EOF (readers ignore it) so the upload takes long enough on the throttled line to watch.
    ledgerPdf = Buffer.concat([await page.pdf({ format: 'A4' }), Buffer.from(`\n%${'0'.repeat(1_200_000)}\n`)]);
  } finally {
    await page.close();
  }
}

/** An item of the list; owned by the department's clerk (dept.staff), who answers it, unless `owned` is false. */
async function createRequest(title: string, description: string, owned = true): Promise<string> {
  const [staff] = await suite.t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
  const created = await api(suite.t, 'eval.lead', 'post', `/evaluations/${evaluationId}/document-requests`, { title, description, dueOn: '2099-05-31', ownerUserId: owned ? staff.id : null });
  if (created.status !== 201) throw new Error(`document request: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

async function fireItem(username: string, id: string, action: string, comment?: string): Promise<void> {
  const { version } = (await api(suite.t, username, 'get', `/document-requests/${id}`)).body;
  const fired = await api(suite.t, username, 'post', `/document-requests/${id}/transitions`, { action, expectedVersion: version, ...(comment ? { comment } : {}) });
  if (fired.status !== 200) throw new Error(`${action}: ${fired.status} ${JSON.stringify(fired.body)}`);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await makeFiles();
  evaluationId = await keyEvaluationInFieldwork(suite.t, await lookupIds(suite.t));
  vouchers = await createRequest('2025年度记账凭证', '全年记账凭证及附件，可上传扫描件');
  contracts = await createRequest('政府采购合同', '2025年度政府采购合同及补充协议');
  headsOnly = await createRequest('部门预算批复', '2025年度部门预算批复文件', false);
  findingsEvaluation = await keyEvaluationInFieldwork(suite.t, await lookupIds(suite.t));
  const finding = { title: '会议费支出无审批单', description: '3笔会议费报销未附审批单', causeAnalysis: '报销审核不严', recommendation: '严格执行会议费审批' };
  const created = await api(suite.t, 'eval.lead', 'post', `/evaluations/${findingsEvaluation}/findings`, finding);
  if (created.status !== 201) throw new Error(`finding: ${created.status} ${JSON.stringify(created.body)}`);
  // The second item is answered through the API: a file and the answer.
  const uploaded = await uploadBytes(suite.t, 'dept.staff', `/attachments?subjectType=document_request&subjectId=${contracts}`, ledgerPdf.subarray(0, 20_000), '采购合同.pdf');
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  await fireItem('dept.staff', contracts, 'provide');
}, 240_000);

async function browse(username: string, name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await suite.browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, suite.baseUrl, username);
    await run(page);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}/materials-failed-${name}.png`, fullPage: true }).catch(() => undefined);
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

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/materials-${name}.png`, fullPage });
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

async function openItem(page: Page, id: string): Promise<Locator> {
  await page.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=documents`);
  await page.getByTestId(`document-request-open-${id}`).click(WAIT);
  const panel = page.getByTestId(`document-request-panel-${id}`);
  await panel.waitFor(WAIT);
  return panel;
}

/** Slows uploads to ~256 KB/s (Chromium's network emulation), so a 1.2 MB file takes seconds. */
async function throttleUploads(page: Page, on: boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: on ? 20 : 0, downloadThroughput: -1, uploadThroughput: on ? 256 * 1024 : -1 });
}

describe('资料 files in the browser at 1280 × 800', () => {
  it('the department uploads two files against an item with a progress bar each; a renamed program is refused with the reason', async () => {
    await browse('dept.staff', 'dept-upload', async (page) => {
      const panel = await openItem(page, vouchers);
      const files = panel.getByTestId('attachment-panel-document_request');
      await files.getByTestId('attachments-empty').waitFor(WAIT);
      await shoot(page, 'dept-empty', true);

      await throttleUploads(page, true);
      await files.locator('input[type="file"]').first().setInputFiles([
        { name: '记账凭证第12号.png', mimeType: 'image/png', buffer: scanPng },
        { name: '2025年度明细账.pdf', mimeType: 'application/pdf', buffer: ledgerPdf },
      ]);
      // Both files get a bar at once; the big one is still on its way while the small one may be done.
      const rows = files.getByTestId('attachment-upload');
      await rows.nth(1).waitFor(WAIT);
      expect(await rows.count()).toBe(2);
      expect(await files.getByTestId('attachment-upload-progress').count()).toBe(2);
      await files.locator('[data-testid="attachment-upload"][data-status="uploading"]').first().waitFor(WAIT);
      await page.waitForTimeout(1500);
      await files.getByTestId('attachment-uploads').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/materials-dept-uploading.png` });
      await files.locator('[data-testid="attachment-upload"][data-status="uploading"]').first().waitFor({ state: 'detached', timeout: 60_000 });
      expect(await files.locator('[data-testid="attachment-upload"][data-status="done"]').count()).toBe(2);
      await throttleUploads(page, false);

      // Both are listed: name, size, who, the status and scan tags.
      const listed = files.getByTestId('attachment-row');
      await listed.nth(1).waitFor(WAIT);
      const names = await files.getByTestId('attachment-name').allInnerTexts();
      expect(names.sort()).toEqual(['2025年度明细账.pdf', '记账凭证第12号.png']);
      const first = await listed.first().innerText();
      expect(first).toContain('当前');
      expect(first).toContain('未扫描');
      expect(first).toContain('张敏');
      expect(first).toMatch(/\d+(\.\d)? (KB|MB)/);
      await shoot(page, 'dept-uploaded', true);

      // A program renamed to .pdf (415), an empty file (422) and one over the limit (413): each refused with the
      // server's reason on its own row, while a good file in the same batch goes through.
      await files.getByTestId('attachment-uploads-clear').click();
      await files.locator('input[type="file"]').first().setInputFiles([
        { name: '付款凭证.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 0x90)]) },
        { name: '空白.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
        { name: '全年凭证扫描.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([ledgerPdf, Buffer.alloc(1_500_000, 0x20)]) },
        { name: '凭证目录.txt', mimeType: 'text/plain', buffer: Buffer.from('第1册 1-120号\n第2册 121-260号\n', 'utf8') },
      ]);
      const refusals = files.getByTestId('attachment-upload-error');
      await refusals.nth(2).waitFor(WAIT);
      await files.locator('[data-testid="attachment-upload"][data-status="uploading"]').first().waitFor({ state: 'detached', ...WAIT });
      const outcome = async (name: string) => files.getByTestId('attachment-upload').filter({ hasText: name }).innerText();
      expect(await outcome('付款凭证.pdf')).toContain('未上传');
      expect(await outcome('空白.txt')).toContain('未上传');
      expect(await outcome('全年凭证扫描.pdf')).toContain('未上传');
      expect(await outcome('凭证目录.txt')).toContain('已上传');
      for (const reason of await refusals.allInnerTexts()) {
        expect(reason.length).toBeGreaterThan(4);
        expect(reason).toMatch(/[\u4e00-\u9fa5]/);
      }
      console.log('refusals:', await refusals.allInnerTexts());
      await files.getByTestId('attachment-row').nth(2).waitFor(WAIT);
      expect(await files.getByTestId('attachment-row').count()).toBe(3);
      await shoot(page, 'dept-refused', true);

      // Files attached count as materials recorded: the item can be provided.
      await panel.getByTestId('blocked-provide').waitFor({ state: 'detached', ...WAIT });
      await fireInBrowser(page, panel, 'provide');
      await page.getByTestId(`document-request-state-${vouchers}`).filter({ hasText: '已提供' }).waitFor(WAIT);
    });
    const listed = await api(suite.t, 'eval.lead', 'get', `/attachments?subjectType=document_request&subjectId=${vouchers}`);
    expect(listed.body.items.map((file: { fileName: string }) => file.fileName).sort()).toEqual(['2025年度明细账.pdf', '凭证目录.txt', '记账凭证第12号.png']);
  });

  it('the evaluator previews the image, accepts the item (its history carries the files) and returns another with a reason', async () => {
    await browse('eval.lead', 'team-review', async (page) => {
      const panel = await openItem(page, vouchers);
      const files = panel.getByTestId('attachment-panel-document_request');
      const image = files.getByTestId('attachment-row').filter({ hasText: '记账凭证第12号.png' });
      await image.waitFor(WAIT);
      // The team reads the files but does not upload or withdraw them.
      expect(await files.getByTestId('attachment-dropzone').count()).toBe(0);
      expect(await files.getByTestId('attachment-withdraw').count()).toBe(0);

      await image.getByTestId('attachment-preview-open').click();
      const preview = page.getByTestId('attachment-preview-image');
      await preview.waitFor(WAIT);
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="attachment-preview-image"]');
        return Boolean(img && img.complete && img.naturalWidth > 0);
      }, undefined, WAIT);
      expect(await preview.getAttribute('src')).toMatch(/^blob:/);
      await page.waitForTimeout(500); // the modal's opening animation
      await shoot(page, 'team-preview-image');
      await page.getByTestId('attachment-preview-close').click();
      await page.getByTestId('attachment-preview').waitFor({ state: 'detached', ...WAIT });

      const pdf = files.getByTestId('attachment-row').filter({ hasText: '2025年度明细账.pdf' });
      await pdf.getByTestId('attachment-preview-open').click();
      await page.getByTestId('attachment-preview-pdf').waitFor(WAIT);
      await page.waitForTimeout(1500);
      await shoot(page, 'team-preview-pdf');
      await page.getByTestId('attachment-preview-close').click();

      await fireInBrowser(page, panel, 'accept');
      await page.getByTestId(`document-request-state-${vouchers}`).filter({ hasText: '已确认' }).waitFor(WAIT);
      // The step that provided the item carries its files.
      const provided = panel.getByTestId('history-entry-1');
      await provided.getByTestId('history-file').nth(1).waitFor(WAIT);
      expect(await provided.getByTestId('history-files').innerText()).toContain('记账凭证第12号.png');
      // …and previews them from there too.
      await provided.getByTestId('history-file').filter({ hasText: '记账凭证第12号.png' }).getByTestId('history-file-preview').click();
      await page.getByTestId('attachment-preview-image').waitFor(WAIT);
      await page.getByTestId('attachment-preview-close').click();
      await page.getByTestId('attachment-preview').waitFor({ state: 'detached', ...WAIT });
      await shoot(page, 'team-accepted', true);

      const other = await openItem(page, contracts);
      await other.getByTestId('action-return').waitFor(WAIT);
      await fireInBrowser(page, other, 'return', RETURN_REASON);
      await page.getByTestId(`document-request-state-${contracts}`).filter({ hasText: '退回补充' }).waitFor(WAIT);
      await shoot(page, 'team-returned', true);
    });
    expect((await api(suite.t, 'eval.lead', 'get', `/document-requests/${vouchers}`)).body.state).toBe('accepted');
    expect((await api(suite.t, 'eval.lead', 'get', `/document-requests/${contracts}`)).body.state).toBe('returned');
  });

  it('the department sees the returned item with the reason and can add a file to it', async () => {
    await browse('dept.staff', 'dept-returned', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${evaluationId}?tab=documents`);
      await page.getByTestId(`document-request-state-${contracts}`).filter({ hasText: '退回补充' }).waitFor(WAIT);
      const panel = await openItem(page, contracts);
      const returned = panel.locator('[data-testid^="history-entry-"]').filter({ hasText: RETURN_REASON });
      await returned.waitFor(WAIT);
      // The returned item takes files again; the first one is still listed.
      const files = panel.getByTestId('attachment-panel-document_request');
      await files.getByTestId('attachment-dropzone').waitFor(WAIT);
      expect(await files.getByTestId('attachment-name').allInnerTexts()).toEqual(['采购合同.pdf']);
      await shoot(page, 'dept-returned', true);
    });
  });

  it('an item without an owner is the head’s: the clerk sees why it cannot answer it, with nothing to upload or record', async () => {
    await browse('dept.staff', 'dept-not-owner', async (page) => {
      const panel = await openItem(page, headsOnly);
      const notice = panel.getByTestId('document-request-not-yours');
      await notice.waitFor(WAIT);
      expect(await notice.innerText()).toContain('只有该资料的负责人或部门负责人可以办理');
      expect(await notice.innerText()).toContain('未指定负责人，由部门负责人办理');
      // The actions bar says the API's reason instead of offering buttons that would be refused.
      expect(await panel.getByTestId('actions-not-yours').innerText()).toBe('只有该资料的负责人或部门负责人可以办理');
      expect(await panel.locator('[data-testid^="action-"]').count()).toBe(0);
      expect(await panel.getByTestId('materials-form').count()).toBe(0);
      expect(await panel.getByTestId('attachment-dropzone').count()).toBe(0);
      await shoot(page, 'dept-not-owner', true);
    });
    // The head answers it: the upload and the note are offered.
    await browse('dept.head', 'head-answers', async (page) => {
      const panel = await openItem(page, headsOnly);
      await panel.getByTestId('materials-form').waitFor(WAIT);
      await panel.getByTestId('attachment-dropzone').waitFor(WAIT);
      expect(await panel.getByTestId('document-request-not-yours').count()).toBe(0);
      expect(await panel.getByTestId('action-decline').isEnabled()).toBe(true);
    });
  });
});

describe('附件 on findings in the browser at 1280 × 800', () => {
  it('the team attaches evidence to a finding, replaces it with a new version and withdraws another with a reason', async () => {
    await browse('eval.lead', 'finding-team', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${findingsEvaluation}?tab=findings`);
      await page.getByTestId('findings-table').locator('.ant-table-row-expand-icon').first().click(WAIT);
      const files = page.getByTestId('attachment-panel-finding');
      await files.getByTestId('attachment-dropzone').waitFor(WAIT);
      await files.locator('input[type="file"]').first().setInputFiles([
        { name: '会议费报销单.png', mimeType: 'image/png', buffer: scanPng },
        { name: '会议通知.pdf', mimeType: 'application/pdf', buffer: ledgerPdf.subarray(0, 30_000) },
      ]);
      await files.getByTestId('attachment-row').nth(1).waitFor(WAIT);

      // 替换: a new version; the old one is kept, folded away until asked for.
      const image = files.getByTestId('attachment-row').filter({ hasText: '会议费报销单.png' });
      await image.getByTestId('attachment-replace-upload').locator('input[type="file"]').setInputFiles({ name: '会议费报销单（盖章）.png', mimeType: 'image/png', buffer: scanPng.subarray(0) });
      const replaced = files.getByTestId('attachment-row').filter({ hasText: '会议费报销单（盖章）.png' });
      await replaced.waitFor(WAIT);
      expect(await replaced.innerText()).toContain('第2版');
      await files.getByTestId('attachment-toggle-old').click();
      expect(await files.locator('[data-testid="attachment-row"][data-status="superseded"]').innerText()).toContain('已替换');

      // 撤回 needs the reason; the file stays listed with it.
      const notice = files.getByTestId('attachment-row').filter({ hasText: '会议通知.pdf' });
      await notice.getByTestId('attachment-withdraw').click();
      await page.getByTestId('attachment-withdraw-submit').click();
      await page.getByText('请填写撤回理由').waitFor(WAIT);
      await shoot(page, 'finding-withdraw-modal');
      await page.getByTestId('attachment-withdraw-reason').fill('上传错了文件，通知与本问题无关');
      await page.getByTestId('attachment-withdraw-submit').click();
      await notice.getByTestId('attachment-withdrawn-reason').waitFor(WAIT);
      expect(await notice.innerText()).toContain('上传错了文件');
      expect(await notice.getByTestId('attachment-status').innerText()).toBe('已撤回');
      await shoot(page, 'finding-team-files', true);
    });
    const files = (await api(suite.t, 'eval.lead', 'get', `/attachments?subjectType=finding&subjectId=${await firstFindingId()}`)).body.items;
    expect(files.map((file: { status: string }) => file.status).sort()).toEqual(['current', 'superseded', 'withdrawn']);
  });

  it('the department attaches a file to its answer in the answer dialog; the team sees it on the finding', async () => {
    await scoreAll(suite.t, findingsEvaluation, 'eval.lead');
    for (const [username, action] of [
      ['eval.lead', 'submit_draft'],
      ['finance.officer', 'issue_draft_for_comment'],
    ]) {
      const response = await fire(suite.t, username, findingsEvaluation, action);
      if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await browse('dept.staff', 'finding-answer', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${findingsEvaluation}?tab=findings`);
      await page.getByTestId('dispute-finding-1').click(WAIT);
      const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('finding-response-submit') });
      const files = modal.getByTestId('attachment-panel-finding_answer');
      await files.getByTestId('attachment-dropzone').waitFor(WAIT);
      await files.locator('input[type="file"]').first().setInputFiles({ name: '会议审批单补充.pdf', mimeType: 'application/pdf', buffer: ledgerPdf.subarray(0, 30_000) });
      await files.getByTestId('attachment-row').waitFor(WAIT);
      await modal.getByTestId('finding-response-text').fill('审批单已补齐，见附件');
      await shoot(page, 'finding-answer-modal');
      await page.getByTestId('finding-response-submit').click();
      await modal.waitFor({ state: 'hidden', ...WAIT });
    });
    await browse('eval.lead', 'finding-answer-team', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${findingsEvaluation}?tab=findings`);
      await page.getByTestId('findings-table').locator('.ant-table-row-expand-icon').first().click(WAIT);
      const answerFiles = page.getByTestId('attachment-panel-finding_answer');
      await answerFiles.getByTestId('attachment-row').waitFor(WAIT);
      expect(await answerFiles.getByTestId('attachment-name').allInnerTexts()).toEqual(['会议审批单补充.pdf']);
      // The team reads the department's files but does not upload there.
      expect(await answerFiles.getByTestId('attachment-dropzone').count()).toBe(0);
      await shoot(page, 'finding-answer-team', true);
    });
    // The evaluation's own history: 提交评价报告初稿 carried the finding's files, 开始处理反馈意见 the answer's.
    const started = await fire(suite.t, 'eval.lead', findingsEvaluation, 'start_adjudication');
    if (started.status !== 200) throw new Error(`start_adjudication: ${started.status} ${JSON.stringify(started.body)}`);
    const current = (await api(suite.t, 'eval.lead', 'get', `/attachments?subjectType=finding&subjectId=${await firstFindingId()}`)).body.items
      .filter((file: { status: string }) => file.status === 'current')
      .map((file: { fileName: string }) => file.fileName);
    await browse('dept.staff', 'evaluation-history-files', async (page) => {
      await page.goto(`${suite.baseUrl}/evaluations/${findingsEvaluation}?tab=history`);
      const list = page.getByTestId('history-list');
      await list.waitFor(WAIT);
      const draft = list.locator('[data-testid^="history-entry-"]').filter({ hasText: '提交评价报告初稿' });
      await draft.getByTestId('history-file').first().waitFor(WAIT);
      expect(await draft.getByTestId('history-file').count()).toBe(current.length);
      for (const name of current) expect(await draft.getByTestId('history-files').innerText()).toContain(name);
      const adjudication = list.locator('[data-testid^="history-entry-"]').filter({ has: page.getByText('会议审批单补充.pdf') });
      await adjudication.waitFor(WAIT);
      expect(await adjudication.getByTestId('history-file').count()).toBe(1);
      await shoot(page, 'evaluation-history-files', true);
    });
  });
});

async function firstFindingId(): Promise<string> {
  return (await api(suite.t, 'eval.lead', 'get', `/evaluations/${findingsEvaluation}/findings`)).body.items[0].id as string;
}
