import mammoth from 'mammoth';
import PizZip from 'pizzip';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { builtinTemplateDocx } from '../../apps/api/src/modules/reports/builtin-template';
import { RenderReportProcessor } from '../../apps/api/src/modules/reports/render-report.processor';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, createSelfEvaluation, fire, keyEvaluationInFieldwork, level3, lookupIds, saveScores, saveSelfEvaluation, scoreAll, type Ids } from '../support/evaluation-steps';
import { downloadBytes, uploadBytes } from '../support/files';

/*
 * Issue 12 §1–§2 (part F): the report as data and as Word. An evaluation is driven to the draft for comment and to
 * the final approval through the real workflow; each makes a version whose .docx is parsed back; the versions are
 * compared; a bureau template with an unknown placeholder is refused naming it and a valid one renders the same data;
 * and every new route is tried by every demo user.
 */
jest.setTimeout(240_000);

let t: TestApp;
let ids: Ids;

interface Doc {
  id: string;
  kind: 'draft' | 'final' | 'self';
  version: number;
  status: string;
  progress: { stage: string; label: string; percent: number };
  reportNumber: string | null;
  template: { id: string; version: number } | null;
}

const SECTIONS = ['评价依据和方法', '部门概况', '预算配置、管理和使用情况', '绩效目标', '产出与效益', '上年度问题整改情况', '存在的问题', '评价结论', '评分表'];
const NUMBERED = ['一、评价依据和方法', '二、部门概况', '三、预算配置、管理和使用情况', '四、绩效目标', '五、产出与效益', '六、上年度问题整改情况', '七、存在的问题', '八、评价结论', '九、评分表'];
const REPORT_NUMBER = `长财绩评〔2026〕${process.pid % 1000}号`;

async function step(username: string, id: string, action: string, extra: { comment?: string; parameters?: Record<string, string> } = {}) {
  const response = await fire(t, username, id, action, extra);
  if (response.status !== 200) throw new Error(`${action} by ${username}: ${response.status} ${JSON.stringify(response.body)}`);
}

async function must(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, never>;
}

/** The versions, once every one is rendered. */
async function readyDocuments(id: string, count: number): Promise<Doc[]> {
  let last: unknown;
  try {
    return await eventually(async () => {
      const response = await api(t, 'finance.officer', 'get', `/evaluations/${id}/reports`);
      last = response.body;
      const items = (response.body.items ?? []) as Doc[];
      return items.length === count && items.every((d) => d.status === 'ready') ? items : null;
    }, 30_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}: the versions were ${JSON.stringify(last)}`);
  }
}

async function docxOf(id: string, docId: string, username = 'finance.officer'): Promise<Buffer> {
  const response = await downloadBytes(t, username, `/evaluations/${id}/reports/${docId}/docx`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  expect(response.headers['content-disposition']).toMatch(/^attachment;/);
  return response.body as Buffer;
}

const textOf = async (docx: Buffer) => (await mammoth.extractRawText({ buffer: docx })).value;
const partText = (docx: Buffer, part: string) => (new PizZip(docx).file(part)?.asText() ?? '').replace(/<[^>]+>/g, '');

let evaluationId: string;
let indicators: { code: string; name: string; weight: number }[];
let findings: { id: string; version: number; title: string; recommendation: string }[];
let draft: Doc;
let final: Doc;
/** Issued for comment with the bureau's newest template (bureau templates), approved numbered by the series (文号). */
let newest: { id: string; draft: Doc };

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  evaluationId = await keyEvaluationInFieldwork(t, ids);
  await must(await scoreAll(t, evaluationId, 'eval.lead'), 200, 'scores');
  const rows = await level3(t, evaluationId);
  indicators = rows.map((row) => ({ code: row.code, name: row.name, weight: row.weight }));
  for (const [n, title] of ['预算编制不够细化', '政府采购程序不规范', '绩效目标设定不够量化'].entries()) {
    await must(
      await api(t, 'eval.lead', 'post', `/evaluations/${evaluationId}/findings`, {
        title,
        description: `问题描述${n + 1}：部分项目支出执行率偏低`,
        causeAnalysis: `问题剖析${n + 1}：预算编制依据不足`,
        recommendation: `建议${n + 1}：细化预算编制，按季度分析执行`,
      }),
      201,
      'finding',
    );
  }
  await step('eval.lead', evaluationId, 'submit_draft');
  await step('finance.officer', evaluationId, 'issue_draft_for_comment');
  [draft] = await readyDocuments(evaluationId, 1);
  findings = (await api(t, 'dept.head', 'get', `/evaluations/${evaluationId}/findings`)).body.items;
});

afterAll(() => t?.close());

describe('the draft for comment', () => {
  it('is version 1 of the draft, rendered with the built-in template, without a number', () => {
    expect(draft).toMatchObject({ kind: 'draft', version: 1, status: 'ready', reportNumber: null, template: null });
  });

  it('its .docx has every section numbered, the score table with each indicator’s weight, score and deduction reason, the total and grade, every finding with its recommendation', async () => {
    const docx = await docxOf(evaluationId, draft.id);
    const text = await textOf(docx);
    for (const heading of NUMBERED) expect(text).toContain(heading);
    const model = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports/${draft.id}`)).body.model;
    for (const row of model.scoreTable.filter((r: { level: number }) => r.level === 3)) {
      // The table's cells follow one another in the text: code, name, weight, score, deduction, reason.
      const cells = [row.code, row.name, String(row.weight), String(row.score), String(row.deduction)];
      expect(text).toContain(cells.join('\n\n'));
      if (row.reason) expect(text).toContain(row.reason);
    }
    expect(model.scoreTable.filter((r: { level: number }) => r.level === 3)).toHaveLength(indicators.length);
    expect(text).toContain('未提供部分记账凭证，扣1分');
    expect(text).toContain(`总得分：${model.conclusion.total}分`);
    expect(text).toContain(model.conclusion.gradeLabel);
    for (const finding of findings) {
      expect(text).toContain(finding.title);
      expect(text).toContain(finding.recommendation);
    }
    expect(text).toContain('问题剖析：问题剖析1');
    // No number on a draft; the 征求意见稿 mark on its first page and in its header.
    expect(text).not.toMatch(/长财绩评/);
    expect(text).toContain('征求意见稿');
    expect(partText(docx, 'word/header1.xml')).toContain('征求意见稿');
    expect(partText(docx, 'word/footer1.xml')).toMatch(/第.*页/);
    // A draft is never printed to PDF.
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports/${draft.id}/pdf`)).status).toBe(404);
  });

  it('the approval kept the same model as its snapshot (typed), and the history shows it', async () => {
    const history = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/history`)).body.items as { action: string; snapshot: { modelVersion?: number; findings?: unknown[] } | null }[];
    const issued = history.find((entry) => entry.action === 'issue_draft_for_comment')!;
    const model = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports/${draft.id}`)).body.model;
    expect(issued.snapshot).toEqual(model);
    expect(issued.snapshot?.modelVersion).toBe(1);
  });
});

describe('the final report and the comparison', () => {
  beforeAll(async () => {
    const [first, second, third] = findings;
    await must(await api(t, 'dept.head', 'put', `/evaluations/${evaluationId}/findings/${first.id}/answer`, { answer: 'accepted', expectedVersion: first.version }), 200, 'answer 1');
    const disputed2 = await must(await api(t, 'dept.head', 'put', `/evaluations/${evaluationId}/findings/${second.id}/answer`, { answer: 'disputed', text: '采购有合同为据', expectedVersion: second.version }), 200, 'answer 2');
    const disputed3 = await must(await api(t, 'dept.head', 'put', `/evaluations/${evaluationId}/findings/${third.id}/answer`, { answer: 'disputed', text: '目标已量化', expectedVersion: third.version }), 200, 'answer 3');
    await step('eval.lead', evaluationId, 'start_adjudication');
    await must(await api(t, 'eval.lead', 'put', `/evaluations/${evaluationId}/findings/${second.id}/adjudication`, { adjudication: 'withdrawn', reason: '部门补充了采购合同，问题不成立', expectedVersion: (disputed2 as unknown as { version: number }).version }), 200, 'withdraw');
    await must(await api(t, 'eval.lead', 'put', `/evaluations/${evaluationId}/findings/${third.id}/adjudication`, { adjudication: 'revised', reason: '部分目标已量化，修改表述', expectedVersion: (disputed3 as unknown as { version: number }).version }), 200, 'revise');
    const firstIndicator = indicators[0];
    await must(await saveScores(t, 'eval.lead', evaluationId, [{ code: firstIndicator.code, score: firstIndicator.weight - 0.5, deductionReason: '部分记账凭证补充后仍缺少一张', changeReason: '部门补充了记账凭证' }]), 200, 'score change');
    await step('eval.lead', evaluationId, 'submit_final_report');
    const version = (await api(t, 'finance.admin', 'get', `/evaluations/${evaluationId}`)).body.version;
    await must(await api(t, 'finance.admin', 'put', `/evaluations/${evaluationId}/report-number`, { reportNumber: REPORT_NUMBER, expectedVersion: version }), 200, 'report number');
    await step('finance.admin', evaluationId, 'approve_final_report');
    const documents = await readyDocuments(evaluationId, 2);
    final = documents.find((d) => d.kind === 'final')!;
  });

  it('is version 1 of the final report with its number, printed on it; the withdrawn finding is left out', async () => {
    expect(final).toMatchObject({ kind: 'final', version: 1, reportNumber: REPORT_NUMBER, template: null });
    const docx = await docxOf(evaluationId, final.id);
    const text = await textOf(docx);
    expect(text).toContain(REPORT_NUMBER);
    expect(text).not.toContain('征求意见稿');
    expect(partText(docx, 'word/header1.xml')).not.toContain('征求意见稿');
    for (const section of SECTIONS) expect(text).toContain(section);
    expect(text).toContain(findings[0].title);
    expect(text).toContain(findings[2].title);
    expect(text).not.toContain(findings[1].title);
    expect(text).toContain('部分记账凭证补充后仍缺少一张');
  });

  it('compare: the score changed with its reason, the withdrawn and revised findings with the adjudication’s reason, the total', async () => {
    const response = await api(t, 'dept.staff', 'get', `/evaluations/${evaluationId}/reports/compare?from=${draft.id}&to=${final.id}`);
    expect(response.status).toBe(200);
    const { diff } = response.body;
    expect(diff.scores).toEqual([
      expect.objectContaining({ code: indicators[0].code, from: indicators[0].weight - 1, to: indicators[0].weight - 0.5, changeReason: '部门补充了记账凭证' }),
    ]);
    expect(diff.findings.withdrawn).toEqual([{ seq: 2, title: findings[1].title, adjudicationReason: '部门补充了采购合同，问题不成立' }]);
    expect(diff.findings.revised).toEqual([expect.objectContaining({ seq: 3, adjudication: 'revised', adjudicationReason: '部分目标已量化，修改表述' })]);
    expect(diff.findings.added).toEqual([]);
    expect(diff.total).toEqual({ from: 99, to: 99.5, changed: true });
    expect(diff.same).toBe(false);
  });

  it('bad compare parameters are 400 naming the field; another evaluation’s version is 404', async () => {
    const bad = await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports/compare?from=x&to=${final.id}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('from');
    const other = await keyEvaluationInFieldwork(t, ids);
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${other}/reports/${draft.id}`)).status).toBe(404);
  });
});

/** Takes an evaluation issued for comment (no findings) to final review and approves it, with `reportNumber` typed first (none: the 文号 series numbers it). */
async function approveFinal(id: string, reportNumber?: string): Promise<void> {
  await step('eval.lead', id, 'start_adjudication');
  await step('eval.lead', id, 'submit_final_report');
  if (reportNumber) {
    const version = (await api(t, 'finance.admin', 'get', `/evaluations/${id}`)).body.version;
    await must(await api(t, 'finance.admin', 'put', `/evaluations/${id}/report-number`, { reportNumber, expectedVersion: version }), 200, 'report number');
  }
  await step('finance.admin', id, 'approve_final_report');
}

/** A new key evaluation of the 长沙市财政局, scored, its draft issued for comment and rendered. */
async function issuedForComment(): Promise<{ id: string; draft: Doc }> {
  const id = await keyEvaluationInFieldwork(t, ids);
  await must(await scoreAll(t, id, 'eval.lead'), 200, 'scores');
  await step('eval.lead', id, 'submit_draft');
  await step('finance.officer', id, 'issue_draft_for_comment');
  const [issued] = await readyDocuments(id, 1);
  return { id, draft: issued };
}

describe('the render job’s progress', () => {
  /** Every progress the render worker's jobs reported, per document, in order. */
  const reported = new Map<string, { stage: string; percent: number }[]>();
  const listen = (job: { data: { documentId: string } }, progress: unknown) => {
    const { stage, percent } = progress as { stage: string; percent: number };
    reported.set(job.data.documentId, [...(reported.get(job.data.documentId) ?? []), { stage, percent }]);
  };
  let worker: RenderReportProcessor['worker'];
  beforeAll(() => {
    worker = t.app.get(RenderReportProcessor).worker;
    worker.on('progress', listen);
  });
  afterAll(() => {
    worker.off('progress', listen);
  });

  it('a version waiting for the queue is 排队中 at 0 %; its job then records each stage on the document and as the job’s progress', async () => {
    // The worker stops taking jobs (the one running finishes first): the draft's job waits in the queue.
    await worker.pause();
    let id: string;
    try {
      id = await keyEvaluationInFieldwork(t, ids);
      await must(await scoreAll(t, id, 'eval.lead'), 200, 'scores');
      await step('eval.lead', id, 'submit_draft');
      await step('finance.officer', id, 'issue_draft_for_comment');
      const waiting = (await api(t, 'finance.officer', 'get', `/evaluations/${id}/reports`)).body.items as Doc[];
      expect(waiting).toEqual([expect.objectContaining({ kind: 'draft', status: 'rendering', progress: { stage: 'queued', label: '排队中', percent: 0 } })]);
    } finally {
      await worker.resume();
    }
    const [issued] = await readyDocuments(id, 1);
    expect(issued.progress).toEqual({ stage: 'done', label: '完成', percent: 100 });
    // The job reports 完成 right after the document is ready.
    await eventually(async () => reported.get(issued.id)?.at(-1)?.stage === 'done');
    expect(reported.get(issued.id)).toEqual([
      { stage: 'collecting', percent: 10 },
      { stage: 'docx', percent: 30 },
      { stage: 'storing', percent: 60 },
      { stage: 'done', percent: 100 },
    ]);

    // The final report goes on to its PDF after its Word is stored (the suite runs without PDFs: the stage passes at once).
    await approveFinal(id, `长财绩评〔2026〕进度${process.pid % 1000}号`);
    const finalDoc = (await readyDocuments(id, 2)).find((d) => d.kind === 'final')!;
    await eventually(async () => reported.get(finalDoc.id)?.at(-1)?.stage === 'done');
    expect(reported.get(finalDoc.id)).toEqual([
      { stage: 'collecting', percent: 10 },
      { stage: 'docx', percent: 30 },
      { stage: 'storing', percent: 60 },
      { stage: 'pdf', percent: 75 },
      { stage: 'done', percent: 100 },
    ]);
    const stored = await t.db.query(`SELECT render_stage FROM report_documents WHERE evaluation_id = $1 ORDER BY kind`, [id]);
    expect(stored).toEqual([{ render_stage: 'done' }, { render_stage: 'done' }]);
  });

  it('a version recorded before stages were (no stage) reads as done once ready', async () => {
    // The main evaluation's draft as a document recorded before the migration would be.
    const [row] = await t.db.query(`SELECT render_stage FROM report_documents WHERE id = $1`, [draft.id]);
    expect(row.render_stage).toBe('done');
    await t.db.query(`UPDATE report_documents SET render_stage = NULL WHERE id = $1`, [draft.id]);
    try {
      const read = (await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports/${draft.id}`)).body;
      expect(read).toMatchObject({ status: 'ready', progress: { stage: 'done', label: '完成', percent: 100 } });
    } finally {
      await t.db.query(`UPDATE report_documents SET render_stage = 'done' WHERE id = $1`, [draft.id]);
    }
  });
});

describe('bureau templates', () => {
  const builtin = builtinTemplateDocx();
  /** Issued for comment before the bureau had a template of its own (built-in), and its final approved after (test below). */
  let pinned: { id: string; draft: Doc };
  /** Issued with the bureau's version 2 (the test that uploads it). */
  let next: { id: string; draft: Doc };
  let version2: string;
  beforeAll(async () => {
    pinned = await issuedForComment();
  });
  const withDocument = (replace: (xml: string) => string) => {
    const zip = new PizZip(builtin);
    zip.file('word/document.xml', replace(zip.file('word/document.xml')!.asText()));
    return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
  };
  const versionsCount = async () => Number((await t.db.query(`SELECT count(*) FROM report_template_versions`))[0].count);

  it('a template naming an unknown placeholder is refused (422) naming it, nothing stored', async () => {
    const bad = withDocument((xml) => xml.replace('{reportTitle}', '{reportTitle}{预算总额}').replace('{title}', '{title}{bureauSeal}'));
    const before = await versionsCount();
    const response = await uploadBytes(t, 'finance.admin', '/report-templates', bad, '长沙市财政局报告模板.docx');
    expect(response.status).toBe(422);
    expect(response.body.message).toContain('预算总额');
    expect(response.body.message).toContain('bureauSeal');
    expect(await versionsCount()).toBe(before);
  });

  it('a file that is no Word document is refused (415); only a finance bureau’s 绩效科负责人 uploads (403)', async () => {
    expect((await uploadBytes(t, 'finance.admin', '/report-templates', Buffer.from('不是模板\n'), '模板.txt')).status).toBe(415);
    expect((await uploadBytes(t, 'finance.officer', '/report-templates', builtin, '模板.docx')).status).toBe(403);
    expect((await uploadBytes(t, 'eval.lead', '/report-templates', builtin, '模板.docx')).status).toBe(403);
  });

  it('a valid one is versioned, previewed with an evaluation’s data, and renders the same data for an evaluation issued after it', async () => {
    const marked = withDocument((xml) => xml.replace('{reportTitle}', '{reportTitle}（长沙市财政局格式）'));
    const uploaded = await uploadBytes(t, 'finance.admin', '/report-templates', marked, '长沙市财政局报告模板.docx');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ version: 1, fileName: '长沙市财政局报告模板.docx', issuer: { name: '长沙市财政局' } });
    expect(uploaded.body.placeholders).toEqual(expect.arrayContaining(['reportTitle', 'scoreRows.reason']));
    const again = await uploadBytes(t, 'finance.admin', '/report-templates', marked, '长沙市财政局报告模板（修订）.docx');
    expect(again.body.version).toBe(2);
    const list = await api(t, 'finance.admin', 'get', '/report-templates');
    expect(list.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(list.body.builtIn.placeholders.map((p: { name: string }) => p.name)).toContain('findings.recommendation');

    const preview = await downloadBytes(t, 'finance.admin', `/report-templates/preview?evaluationId=${evaluationId}&versionId=${again.body.id}`);
    expect(preview.status).toBe(200);
    const previewText = await textOf(preview.body as Buffer);
    expect(previewText).toContain('（长沙市财政局格式）');
    expect(previewText).toContain(findings[0].recommendation);

    // The first evaluation's documents keep the built-in template (issued before); a new one takes version 2.
    version2 = again.body.id;
    next = await issuedForComment();
    const nextDraft = next.draft;
    expect(nextDraft.template).toMatchObject({ id: again.body.id, version: 2 });
    const text = await textOf(await docxOf(next.id, nextDraft.id));
    expect(text).toContain('（长沙市财政局格式）');
    for (const heading of NUMBERED) expect(text).toContain(heading);
    expect(text).toContain('未提供部分记账凭证，扣1分');
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${evaluationId}/reports`)).body.items.every((d: Doc) => d.template === null)).toBe(true);
  });

  it('an evaluation renders with the template version its first document was issued with; a new evaluation’s first document takes the newest', async () => {
    // Version 3 comes after `next` was issued with version 2 and before anything else is.
    const third = await uploadBytes(t, 'finance.admin', '/report-templates', withDocument((xml) => xml.replace('{reportTitle}', '{reportTitle}（长沙市财政局第三版格式）')), '长沙市财政局报告模板（第三版）.docx');
    expect(third.body.version).toBe(3);

    // Its draft was issued with the built-in template before the bureau uploaded any: the final keeps the built-in one.
    expect(pinned.draft.template).toBeNull();
    await approveFinal(pinned.id, `长财绩评〔2026〕固定${process.pid % 1000}号`);
    const pinnedDocs = await readyDocuments(pinned.id, 2);
    expect(pinnedDocs.map((d) => [d.kind, d.template])).toEqual([
      ['final', null],
      ['draft', null],
    ]);
    const pinnedFinal = await textOf(await docxOf(pinned.id, pinnedDocs[0].id));
    expect(pinnedFinal).not.toContain('格式）');
    expect(pinnedFinal).toContain('九、评分表');

    // Its draft was issued with version 2: the final keeps version 2, not the newer 3.
    await approveFinal(next.id, `长财绩评〔2026〕次${process.pid % 1000}号`);
    const nextDocs = await readyDocuments(next.id, 2);
    expect(nextDocs.map((d) => [d.kind, d.template?.id, d.template?.version])).toEqual([
      ['final', version2, 2],
      ['draft', version2, 2],
    ]);
    const nextFinal = await textOf(await docxOf(next.id, nextDocs[0].id));
    expect(nextFinal).toContain('（长沙市财政局格式）');
    expect(nextFinal).not.toContain('第三版格式');

    // A new evaluation's first document: the bureau's newest version.
    newest = await issuedForComment();
    expect(newest.draft.template).toMatchObject({ id: third.body.id, version: 3 });
    expect(await textOf(await docxOf(newest.id, newest.draft.id))).toContain('（长沙市财政局第三版格式）');
  });
});

describe('the number of the bureau’s 文号 series on the final report', () => {
  it('the final approved without a typed number prints the number the series assigned; its draft has none', async () => {
    const numbering = await api(t, 'finance.admin', 'get', '/report-numbering');
    expect(numbering.body).toMatchObject({ pattern: null, version: 0 });
    const set = await api(t, 'finance.admin', 'put', '/report-numbering', { pattern: '长财绩评〔{year}〕{n}号', expectedVersion: numbering.body.version });
    expect(set.status).toBe(200);
    // The series counts per calendar year in China's time zone.
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const assigned = `长财绩评〔${year}〕1号`;
    expect(set.body.example).toBe(assigned);

    // `newest` was issued for comment above; nobody types its number.
    expect((await api(t, 'finance.admin', 'get', `/evaluations/${newest.id}`)).body.reportNumber ?? null).toBeNull();
    await approveFinal(newest.id);
    expect((await api(t, 'finance.admin', 'get', `/evaluations/${newest.id}`)).body.reportNumber).toBe(assigned);
    const documents = await readyDocuments(newest.id, 2);
    const finalDoc = documents.find((d) => d.kind === 'final')!;
    const draftDoc = documents.find((d) => d.kind === 'draft')!;
    expect(finalDoc.reportNumber).toBe(assigned);
    expect(draftDoc.reportNumber).toBeNull();

    const finalText = await textOf(await docxOf(newest.id, finalDoc.id));
    expect(finalText).toContain(assigned);
    expect(finalText).not.toContain('征求意见稿');
    const draftText = await textOf(await docxOf(newest.id, draftDoc.id));
    expect(draftText).not.toContain('长财绩评');
    expect(draftText).toContain('征求意见稿');
  });
});

describe('a self-evaluation’s report (自评报告)', () => {
  const OPINION = '自评资料基本完整，绩效目标设定较合理；个别指标偏差原因分析不够具体。';
  const REVIEW_ITEM = { title: '部分指标偏差原因分析不具体', description: '产出数量指标未达目标，偏差原因仅表述为“客观原因”', recommendation: '逐项分析偏差原因并提出改进措施' };
  let selfId: string;
  let rows: { code: string; name: string; weight: number; selfScore: number }[];
  let doc: Doc;

  // As the demo drives one (apps/api/src/modules/demo/demo-evaluations.ts): filled, submitted, reviewed, rated 良.
  beforeAll(async () => {
    ({ id: selfId } = await createSelfEvaluation(t, ids));
    await step('finance.officer', selfId, 'commission');
    await step('dept.staff', selfId, 'start_self_evaluation');
    rows = (await level3(t, selfId)).map((row, index) => ({ code: row.code, name: row.name, weight: row.weight, selfScore: index === 0 ? row.weight - 1.5 : row.weight }));
    await must(
      await saveSelfEvaluation(t, 'dept.staff', selfId, {
        indicators: rows.map((row, index) => ({
          code: row.code,
          target: '达到年度目标',
          actual: index === 0 ? '基本达到' : '已达到',
          selfScore: row.selfScore,
          deviationReason: index === 0 ? '受年中预算调整影响，部分工作延后至次年一季度完成' : null,
        })),
        budgetFen: 21_427_000_00,
        spentFen: 19_843_500_00,
        narrative: { overview: '部门主要职责……', goals: '年度绩效目标……', outputs: '全年完成各项重点任务……', problems: '预算编制精细化程度不足，年中追加调整较多', improvements: '加强预算编制论证，严格执行预算' },
      }),
      200,
      'self-evaluation',
    );
    await step('dept.head', selfId, 'submit_self_evaluation');
    // Before the rating there is no report: the department is told it comes with the rating.
    expect((await api(t, 'dept.staff', 'get', `/evaluations/${selfId}/reports`)).status).toBe(403);
    await step('finance.officer', selfId, 'start_review');
    await must(await api(t, 'finance.officer', 'post', `/evaluations/${selfId}/findings`, REVIEW_ITEM), 201, 'review item');
    const version = (await t.db.query(`SELECT version FROM evaluations WHERE id = $1`, [selfId]))[0].version;
    await must(await api(t, 'finance.officer', 'put', `/evaluations/${selfId}/review-opinion`, { reviewOpinion: OPINION, expectedVersion: version }), 200, 'review opinion');
    await step('finance.officer', selfId, 'rate', { parameters: { rating: 'good' } });
    [doc] = await readyDocuments(selfId, 1);
  });

  it('the rating records version 1 of the 自评报告 with the bureau’s newest template, no number; its snapshot holds the rating it gave', async () => {
    expect(doc).toMatchObject({ kind: 'self', version: 1, status: 'ready', reportNumber: null });
    // Its first document: the bureau's newest template (uploaded above, made from the built-in one), or the built-in.
    const newest = await t.db.query(
      `SELECT tv.id FROM report_template_versions tv JOIN organisations o ON o.id = tv.issuer_organisation_id WHERE o.name = '长沙市财政局' ORDER BY tv.version DESC LIMIT 1`,
    );
    expect(doc.template?.id ?? null).toBe(newest[0]?.id ?? null);
    const model = (await api(t, 'finance.officer', 'get', `/evaluations/${selfId}/reports/${doc.id}`)).body.model;
    expect(model.evaluation).toMatchObject({ kind: 'self', rating: 'good', reviewOpinion: OPINION });
    const history = (await api(t, 'finance.officer', 'get', `/evaluations/${selfId}/history`)).body.items as { action: string; snapshot: unknown }[];
    expect(history.find((entry) => entry.action === 'rate')!.snapshot).toEqual(model);
  });

  it('its .docx: the title, the 自评表 with each weight and self-score, the total, the rating and 审核意见; no team 评分表 or findings', async () => {
    const docx = await docxOf(selfId, doc.id);
    const text = await textOf(docx);
    expect(text).toContain('长沙市人民政府办公厅2025年度政务服务专项资金项目绩效自评报告');
    expect(text).toContain('报送单位：长沙市人民政府办公厅');
    expect(text).toContain('审核单位：长沙市财政局');
    expect(partText(docx, 'word/header1.xml')).toContain('绩效自评报告');
    // The 自评表: code, name, weight, target, actual, self-score follow one another; its total row.
    for (const [index, row] of rows.entries()) {
      expect(text).toContain([row.code, row.name, String(row.weight), '达到年度目标', index === 0 ? '基本达到' : '已达到', String(row.selfScore)].join('\n\n'));
    }
    expect(text).toContain('受年中预算调整影响，部分工作延后至次年一季度完成');
    const total = rows.reduce((sum, row) => sum + row.selfScore * 100, 0) / 100;
    expect(total).toBe(98.5);
    expect(text).toContain(`自评得分：${total}分（满分100分）`);
    expect(text).toContain('自评等级：优秀');
    expect(text).toContain(`经部门自评，政务服务专项资金项目绩效自评得分为${total}分，自评等级为“优秀”。财政部门审核等级为“良”。`);
    expect(text).toContain('审核等级：良');
    expect(text).toContain(OPINION);
    expect(text).toContain(REVIEW_ITEM.title);
    expect(text).toContain(REVIEW_ITEM.recommendation);
    expect(text).toContain('预算编制精细化程度不足，年中追加调整较多');
    for (const heading of ['一、评价依据和方法', '六、上年度问题整改情况', '七、存在的问题及改进措施', '八、自评结论', '九、财政审核意见', '十、自评表']) expect(text).toContain(heading);
    // Nothing of a team: no 评分表, deductions, team findings' 问题剖析, evaluator; not a draft, no number.
    for (const absent of ['评分表', '扣分', '问题剖析', '评价机构', '评价组', '征求意见稿', '正式报告', '长财绩评']) expect(text).not.toContain(absent);
  });

  it('the department reads and downloads its own; another department’s people do not see it', async () => {
    const list = await api(t, 'dept.staff', 'get', `/evaluations/${selfId}/reports`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: Doc) => [d.kind, d.version])).toEqual([['self', 1]]);
    const response = await downloadBytes(t, 'dept.head', `/evaluations/${selfId}/reports/${doc.id}/docx`);
    expect(response.status).toBe(200);
    expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain('绩效自评报告（第1版）.docx');
    expect((await api(t, 'furong.staff', 'get', `/evaluations/${selfId}/reports`)).status).toBe(404);
    expect((await api(t, 'liuyang.officer', 'get', `/evaluations/${selfId}/reports/${doc.id}`)).status).toBe(404);
  });
});

describe('authorisation of the new routes', () => {
  it('every demo user: the reports of an evaluation as they may read it (the department from the draft on); templates for finance admins only', async () => {
    const fieldwork = await keyEvaluationInFieldwork(t, ids);
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const { username } of DEMO_USERS) {
      const evaluation = (await api(t, username, 'get', `/evaluations/${evaluationId}`)).status;
      const read = String(evaluation === 200 ? 200 : evaluation);
      const routes = {
        list: `/evaluations/${evaluationId}/reports`,
        one: `/evaluations/${evaluationId}/reports/${final.id}`,
        compare: `/evaluations/${evaluationId}/reports/compare?from=${draft.id}&to=${final.id}`,
      };
      for (const [name, path] of Object.entries(routes)) {
        outcomes[`${username} ${name}`] = String((await api(t, username, 'get', path)).status);
        expected[`${username} ${name}`] = read;
      }
      outcomes[`${username} docx`] = String((await downloadBytes(t, username, `/evaluations/${evaluationId}/reports/${final.id}/docx`)).status);
      expected[`${username} docx`] = read;
      // Before the draft: the department is told it is not published yet (403); others as the evaluation.
      const inFieldwork = (await api(t, username, 'get', `/evaluations/${fieldwork}`)).status;
      const department = ['dept.head', 'dept.staff'].includes(username);
      outcomes[`${username} list before the draft`] = String((await api(t, username, 'get', `/evaluations/${fieldwork}/reports`)).status);
      expected[`${username} list before the draft`] = String(department ? 403 : inFieldwork);
      outcomes[`${username} templates`] = String((await api(t, username, 'get', '/report-templates')).status);
      expected[`${username} templates`] = String(['finance.admin', 'liuyang.admin'].includes(username) ? 200 : 403);
    }
    expect(outcomes).toEqual(expected);
    // Who may read it at all: the bureau, the team, the department; not the other bureau's or department's people.
    expect(expected['finance.officer list']).toBe('200');
    expect(expected['dept.staff list']).toBe('200');
    expect(expected['evaluator list']).toBe('200');
    expect(expected['liuyang.officer list']).toBe('404');
    expect(expected['furong.staff list']).toBe('404');
    // Without a token: 401.
    expect((await t.http.get(`/api/evaluations/${evaluationId}/reports`)).status).toBe(401);
    expect((await t.http.get('/api/report-templates')).status).toBe(401);
  });
});
