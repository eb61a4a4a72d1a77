import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  REPORT_KIND_LABELS,
  asSubject,
  diffReportModels,
  placeholderList,
  reportModelOfSnapshot,
  reportRenderProgress,
  reportTemplateData,
  type AppAbility,
  type ReportComparisonDto,
  type ReportDocumentDetailDto,
  type ReportDocumentDto,
  type ReportKind,
  type ReportRenderProgress,
  type ReportRenderStage,
  type ReportTemplatesDto,
  type ReportTemplateVersionDto,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { REPORT_JOB_OPTIONS, jobId } from '../../infrastructure/queue/jobs';
import { FILE_STORE, type FileStore } from '../../infrastructure/storage/file-store';
import { FileSniffer } from '../../infrastructure/storage/file-sniffer';
import { inspectFile } from '../../infrastructure/storage/file-intake';
import { STORAGE_SETTINGS, type StorageSettings } from '../../infrastructure/storage/storage.module';
import { storeMadeBytes } from '../../infrastructure/storage/store-bytes';
import { discard, receiveUpload } from '../../infrastructure/storage/upload-receiver';
import { loadVisibleEvaluation } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord } from '../evaluations/evaluation.repository';
import { assertReviewWorkVisible } from '../evaluations/review-work-visibility';
import { BUILTIN_TEMPLATE_NAME, builtinTemplateDocx } from './builtin-template';
import { TemplateRenderError, renderDocxOffThread, validateTemplateOffThread } from './report-render-client';
import { buildReportModel } from './report-model.builder';
import { ReportDocumentsRepository, type IssuingAction, type ReportDocumentRow } from './report-documents.repository';
import { ReportTemplatesRepository, type TemplateVersionRow } from './report-templates.repository';
import { ReportPdfService } from './report-pdf.service';

/**
 * How long the background sweep keeps looking for an issuing entry without its document (and a document whose
 * rendering was lost): a day covers a crash or an outage between the commit and the recording; older entries —
 * history from before reports existed, or loaded in bulk — get theirs when their evaluation's reports are listed.
 */
export const RECORD_WINDOW_HOURS = 24;
/** The kind of document each issuing history entry records (report-documents.repository.ts ISSUING_ACTIONS). */
const ISSUED_BY: Record<IssuingAction, ReportKind> = { issue_draft_for_comment: 'draft', approve_final_report: 'final', rate: 'self' };

/** A document still rendering this long after it was recorded lost its job. */
const STALE_RENDERING_SECONDS = 120;

/** Told each stage a render job reaches (the processor passes it on as the BullMQ job's progress). */
export type RenderProgressListener = (progress: ReportRenderProgress) => Promise<void> | void;

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface DocxFile {
  bytes?: Buffer;
  stream?: Readable;
  fileName: string;
  size: number;
}

/**
 * Reports (docs/reports.md): every draft issued for comment and every final approval becomes a document (version n
 * per evaluation and kind) printing the approval's snapshot — the report model —; the .docx is made by the `reports`
 * queue and stored through the FileStore (content addressed). Whoever may read the evaluation's review work reads its
 * reports (the department from the draft for comment on). A finance bureau's 绩效科负责人 uploads the bureau's own
 * template; an evaluation renders with the template version its first document was issued with.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly documents: ReportDocumentsRepository,
    private readonly templates: ReportTemplatesRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly jobs: JobsService,
    private readonly sniffer: FileSniffer,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
    private readonly pdfs: ReportPdfService,
  ) {}

  // ---- recording and rendering --------------------------------------------------------------------------------

  /**
   * Records a document for each issuing history entry that has none yet and queues its rendering (job id from the
   * document: queued once): the entries of one evaluation (its report list asks), or else those of the last
   * RECORD_WINDOW_HOURS (the background sweep). Safe in any number of processes at once: one document per entry
   * (unique), versions numbered under a per-evaluation lock. An entry that cannot be recorded is logged and skipped
   * (the next ones still are); the sweep stops trying it once it is out of the window. Returns how many were recorded.
   */
  async recordPending(scope: { evaluationId: string } | 'recent' = 'recent'): Promise<number> {
    const db = this.documents.db;
    let recorded = 0;
    const entries = await this.documents.pendingEntries(db, scope === 'recent' ? { withinHours: RECORD_WINDOW_HOURS } : scope, 50);
    for (const entry of entries) {
      let id: string | null;
      try {
        id = await db.transaction(async (manager) => {
          const kind = ISSUED_BY[entry.action];
          let model = reportModelOfSnapshot(entry.snapshot);
          if (!model) {
            // An entry written before the snapshot was the report model: built from the evaluation as it is now.
            const evaluation = await this.evaluations.findById(entry.evaluationId, manager);
            if (!evaluation) return null;
            model = await buildReportModel(manager, evaluation);
          }
          // The number assigned in the approval's transaction (after its snapshot was taken), or typed before it.
          if (kind === 'final') model = { ...model, evaluation: { ...model.evaluation, reportNumber: entry.reportNumber ?? model.evaluation.reportNumber } };
          return this.documents.insertForEntry(manager, entry, kind, model);
        });
      } catch (error) {
        this.logger.warn(`report document of history entry ${entry.historyId}: ${(error as Error).message}`);
        continue;
      }
      if (id) {
        recorded += 1;
        await this.queueRendering(id);
      }
    }
    return recorded;
  }

  /**
   * Queues documents whose rendering was lost (a crash, a queue outage; the job id keeps it to one job), and fails
   * those that used every attempt or were recorded before RECORD_WINDOW_HOURS and never finished, so nothing is
   * queued again forever.
   */
  async requeueStale(): Promise<void> {
    const db = this.documents.db;
    const attempts = REPORT_JOB_OPTIONS.attempts;
    await this.documents.abandonStale(db, STALE_RENDERING_SECONDS, attempts, RECORD_WINDOW_HOURS, '报告生成中断且未能完成，请联系系统管理员');
    for (const { id } of await this.documents.stillRendering(db, STALE_RENDERING_SECONDS, attempts, RECORD_WINDOW_HOURS, 20)) await this.queueRendering(id);
  }

  private queueRendering(documentId: string): Promise<void> {
    return this.jobs.enqueue('render-report', { documentId }, jobId('render-report', documentId));
  }

  /**
   * Makes the .docx of one document and stores it (and, for the final report, its PDF), recording each stage it
   * reaches on the document (its progress: 汇总数据 → 生成 Word → 保存文件 → 生成 PDF → 完成) and telling
   * `onProgress` (the queue job's own progress). A ready document is left alone (a retry renders nothing twice);
   * a template that cannot render fails the document at once with the reason, anything else is retried by the queue
   * and fails the document on the last attempt (it keeps the stage it failed in).
   */
  async render(documentId: string, lastAttempt: boolean, onProgress?: RenderProgressListener): Promise<void> {
    const db = this.documents.db;
    const document = await this.documents.findById(db, documentId);
    if (!document) return;
    // A ready document renders nothing twice (a retry after its PDF stage only records that it is done); a failed
    // one is final (its last attempt, or given up by the sweep).
    if (document.status === 'ready' && document.renderStage !== 'done' && document.renderStage !== null) await this.documents.setStage(db, documentId, 'done');
    if (document.status !== 'rendering') return;
    const reach = (stage: ReportRenderStage) => this.reachStage(documentId, stage, onProgress);
    await this.documents.countAttempt(db, documentId);
    let bytes: Buffer;
    try {
      await reach('collecting');
      const template = await this.templateOf(document);
      const data = reportTemplateData(document.model, { kind: document.kind, reportNumber: document.reportNumber, date: document.createdAt });
      await reach('docx');
      bytes = await renderDocxOffThread(template, data);
    } catch (error) {
      // The template cannot render this model (or ran out of time or memory): no retry will change that.
      if (error instanceof TemplateRenderError) {
        await this.documents.markFailed(db, documentId, `模板无法生成报告：${error.message}`);
        return;
      }
      if (lastAttempt) await this.documents.markFailed(db, documentId, `报告生成失败：${(error as Error).message}`);
      throw error;
    }
    try {
      await reach('storing');
      const sha256 = await this.storeBytes(bytes, DOCX_MEDIA_TYPE);
      // The .docx is downloadable from here on; the final report (and a self-evaluation's, as cheap: the same HTML
      // route) goes on to its PDF (issue 12 §3) in this job, by LibreOffice or Chromium — a failure there leaves only the .docx.
      const pdf = document.kind !== 'draft';
      await this.documents.markReady(db, documentId, sha256, pdf ? 'pdf' : 'done');
      await this.tellJob(documentId, reportRenderProgress(pdf ? 'pdf' : 'done', 'ready'), onProgress);
      if (pdf) {
        await this.pdfs.attach(document, bytes);
        await reach('done');
      }
    } catch (error) {
      if (lastAttempt) await this.documents.markFailed(db, documentId, `报告文件保存失败：${(error as Error).message}`);
      throw error;
    }
  }

  /** Records the stage on the document, then tells the queue job. */
  private async reachStage(documentId: string, stage: ReportRenderStage, onProgress?: RenderProgressListener): Promise<void> {
    await this.documents.setStage(this.documents.db, documentId, stage);
    await this.tellJob(documentId, reportRenderProgress(stage, 'rendering'), onProgress);
  }

  /** The job's progress is only informative (the document's stage is what readers see): it never fails the render. */
  private async tellJob(documentId: string, progress: ReportRenderProgress, onProgress?: RenderProgressListener): Promise<void> {
    if (!onProgress) return;
    try {
      await onProgress(progress);
    } catch (error) {
      this.logger.warn(`report document ${documentId}: job progress not recorded (${(error as Error).message})`);
    }
  }

  /** The template the document renders with: the bureau's version it was pinned to, or the built-in one. */
  private async templateOf(document: ReportDocumentRow): Promise<Buffer> {
    return document.templateVersionId ? this.templateBytes((await this.templates.version(this.documents.db, document.templateVersionId))!) : builtinTemplateDocx();
  }

  private async templateBytes(version: TemplateVersionRow): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.openRead(version.docxSha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Stores bytes made here under their hash and records the stored file. */
  private async storeBytes(bytes: Buffer, mediaType: string): Promise<string> {
    const sha256 = await storeMadeBytes(this.store, this.settings.tempDir, bytes, mediaType);
    await this.documents.recordStoredFile(this.documents.db, sha256, bytes.length, mediaType);
    return sha256;
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  /** The evaluation, when the caller may read its report: 404 when not the evaluation, 403 for the department before the draft. */
  private async readable(user: AuthenticatedUser, ability: AppAbility, evaluationId: string): Promise<EvaluationRecord> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId);
    assertReviewWorkVisible(user, evaluation);
    return evaluation;
  }

  private async document(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, documentId: string): Promise<ReportDocumentRow> {
    await this.readable(user, ability, evaluationId);
    const row = await this.documents.find(this.documents.db, evaluationId, documentId);
    if (!row) throw new DomainError('NOT_FOUND', '该报告版本不存在');
    return row;
  }

  async list(user: AuthenticatedUser, ability: AppAbility, evaluationId: string): Promise<ReportDocumentDto[]> {
    await this.readable(user, ability, evaluationId);
    // This evaluation's entries without a document are recorded now (just written, or from before the sweep's window).
    await this.recordPending({ evaluationId }).catch((error: Error) => this.logger.warn(`recording report documents: ${error.message}`));
    return (await this.documents.list(evaluationId)).map(toDto);
  }

  async get(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, documentId: string): Promise<ReportDocumentDetailDto> {
    const row = await this.document(user, ability, evaluationId, documentId);
    return { ...toDto(row), model: row.model };
  }

  async docx(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, documentId: string): Promise<DocxFile> {
    const row = await this.document(user, ability, evaluationId, documentId);
    if (row.status !== 'ready' || !row.docxSha256) {
      throw new DomainError('CONFLICT', row.status === 'failed' ? `该报告生成失败：${row.error ?? ''}` : '报告正在生成，请稍后下载', { status: row.status });
    }
    return { stream: await this.store.openRead(row.docxSha256), fileName: fileNameOf(row), size: row.docxSize ?? 0 };
  }

  /** The PDF of a version (the final report, once printed: issue 12 §3); 404 when it has none. */
  async pdf(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, documentId: string): Promise<DocxFile> {
    const row = await this.document(user, ability, evaluationId, documentId);
    if (!row.pdfSha256) throw new DomainError('NOT_FOUND', '该报告版本没有 PDF');
    return { stream: await this.store.openRead(row.pdfSha256), fileName: fileNameOf(row).replace(/\.docx$/, '.pdf'), size: 0 };
  }

  async compare(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, fromId: string, toId: string): Promise<ReportComparisonDto> {
    const from = await this.document(user, ability, evaluationId, fromId);
    const to = await this.document(user, ability, evaluationId, toId);
    return { from: toDto(from), to: toDto(to), diff: diffReportModels(from.model, to.model) };
  }

  // ---- templates -----------------------------------------------------------------------------------------------

  private assertTemplateEditor(user: AuthenticatedUser, ability: AppAbility): void {
    if (user.organisationKind !== 'finance_bureau' || !ability.can('update', asSubject('Framework', { organisationId: user.organisationId }))) {
      throw new DomainError('FORBIDDEN', '只有财政部门绩效科负责人可以管理本单位的报告模板');
    }
  }

  async templateList(user: AuthenticatedUser, ability: AppAbility): Promise<ReportTemplatesDto> {
    this.assertTemplateEditor(user, ability);
    return { builtIn: { name: BUILTIN_TEMPLATE_NAME, placeholders: placeholderList() }, versions: (await this.templates.versions(user.organisationId)).map(toTemplateDto) };
  }

  /**
   * A new version of the bureau's template: the upload pipeline's limits (size, the type sniffed from the bytes and
   * matching the name, zip limits), then the placeholders checked against the model — unknown ones refused by name
   * (422) — and a trial render; nothing is stored when any check fails.
   */
  async uploadTemplate(user: AuthenticatedUser, ability: AppAbility, request: IncomingMessage): Promise<ReportTemplateVersionDto> {
    this.assertTemplateEditor(user, ability);
    const files = await receiveUpload(request, { tempDir: this.settings.tempDir, maxFileBytes: this.settings.maxFileBytes, maxFiles: 1 });
    try {
      const file = files[0];
      if (!file) throw new DomainError('VALIDATION_FAILED', '请选择要上传的模板文件（.docx）', [{ path: 'file', message: '未收到文件' }]);
      const inspected = await inspectFile(file, this.sniffer);
      if (inspected.mediaType !== DOCX_MEDIA_TYPE) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '报告模板须为 Word 文档（.docx）', [{ path: 'file', message: `不是 .docx 文件：${file.fileName}` }]);
      }
      const bytes = await readFile(file.tempPath);
      let placeholders: string[];
      try {
        placeholders = await validateTemplateOffThread(bytes, reportTemplateData(SAMPLE_MODEL, { kind: 'draft', reportNumber: null, date: new Date().toISOString() }));
      } catch (error) {
        if (!(error instanceof TemplateRenderError)) throw error;
        throw new DomainError('RULE_VIOLATION', `模板无法生成报告：${error.message}`, [{ path: 'file', message: error.message }]);
      }
      const sha256 = await this.storeBytes(bytes, DOCX_MEDIA_TYPE);
      const id = await this.templates.db.transaction((manager) =>
        this.templates.addVersion(manager, {
          issuerOrganisationId: user.organisationId,
          name: `${user.organisationName}报告模板`,
          fileName: file.fileName,
          sha256,
          size: bytes.length,
          mediaType: DOCX_MEDIA_TYPE,
          placeholders,
          uploadedBy: user.id,
        }),
      );
      return toTemplateDto((await this.templates.version(this.templates.db, id))!);
    } finally {
      await discard(files);
    }
  }

  async templateDocx(user: AuthenticatedUser, ability: AppAbility, versionId: string | null): Promise<DocxFile> {
    this.assertTemplateEditor(user, ability);
    if (!versionId) return { bytes: builtinTemplateDocx(), fileName: '绩效评价报告模板（内置）.docx', size: builtinTemplateDocx().length };
    const version = await this.ownVersion(user, versionId);
    return { bytes: await this.templateBytes(version), fileName: version.fileName, size: version.size };
  }

  /** A template (none: the built-in one) filled with an evaluation's data as it stands now, as a draft. */
  async preview(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, versionId: string | undefined): Promise<DocxFile> {
    this.assertTemplateEditor(user, ability);
    const evaluation = await this.readable(user, ability, evaluationId);
    const template = versionId ? await this.templateBytes(await this.ownVersion(user, versionId)) : builtinTemplateDocx();
    const model = await buildReportModel(this.documents.db, evaluation);
    let bytes: Buffer;
    try {
      // As the evaluation's first document would print it: a key evaluation's draft, a self-evaluation's 自评报告.
      const kind = evaluation.kind === 'self' ? 'self' : 'draft';
      bytes = await renderDocxOffThread(template, reportTemplateData(model, { kind, reportNumber: null, date: new Date().toISOString() }));
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      throw new DomainError('RULE_VIOLATION', `模板无法生成报告：${error.message}`, [{ path: 'versionId', message: error.message }]);
    }
    return { bytes, fileName: `${evaluation.title}（模板预览）.docx`, size: bytes.length };
  }

  private async ownVersion(user: AuthenticatedUser, versionId: string): Promise<TemplateVersionRow> {
    const version = await this.templates.version(this.templates.db, versionId);
    if (!version || version.issuerOrganisationId !== user.organisationId) throw new DomainError('NOT_FOUND', '报告模板不存在');
    return version;
  }
}

/** A report model with one row in every list, for the trial render of an uploaded template. */
const SAMPLE_MODEL: ReportDocumentRow['model'] = {
  modelVersion: 1,
  evaluation: {
    id: '00000000-0000-4000-8000-000000000000',
    reference: 'PJ-0000-000',
    kind: 'key',
    scope: 'department_whole',
    title: '试生成',
    projectName: null,
    fiscalYear: 2025,
    departmentName: '某部门',
    commissioningOrganisationName: '某财政局',
    evaluatorOrganisationName: '某评价机构',
    frameworkName: '指标体系',
    frameworkVersion: 1,
    reportNumber: null,
    team: [{ displayName: '评价组组长', role: 'lead' }],
    deadlines: [],
    reviewOpinion: null,
    rating: null,
  },
  basis: { legalBasis: ['《中华人民共和国预算法》'], method: '方法', framework: '指标体系' },
  overview: '概况',
  budget: {
    unitLabel: '万元',
    allocation: [{ item: '合计', carriedIn: '0.00', initial: '1.00', adjustments: '0.00', allotted: '1.00', spent: '1.00', carryOver: '0.00', executionRate: '100.00%' }],
    projects: [{ item: '项目', carriedIn: null, initial: '1.00', adjustments: null, allotted: '1.00', spent: '1.00', carryOver: null, executionRate: '100.00%' }],
    metrics: [{ name: '预算执行率', subject: null, value: '100.00%', figures: '1.00 ÷ 1.00', formula: '支出 ÷ 指标' }],
  },
  goals: '目标',
  outputs: '产出',
  problems: '问题',
  improvements: '措施',
  priorYear: [{ fiscalYear: 2024, findingTitle: '问题', measures: '措施', assessment: '整改到位', note: null }],
  findings: [{ seq: 1, number: 1, category: null, title: '问题', description: '描述', causeAnalysis: '剖析', recommendation: '建议', indicatorCode: null, answer: null, answerText: null, adjudication: null, adjudicationReason: null }],
  withdrawnFindings: [],
  conclusion: { total: 90, totalWeight: 100, grade: 'excellent', gradeLabel: '优秀', text: '结论' },
  scoreTable: [{ code: '1', level: 1, name: '指标', weight: 100, score: 90, deduction: 10, reason: null, changeReason: null }],
  selfEvaluationTable: [{ code: '1.1.1', name: '指标', weight: 100, target: '1', actual: '1', selfScore: 100, deviationReason: null }],
};

function fileNameOf(row: ReportDocumentRow): string {
  const e = row.model.evaluation;
  if (row.kind === 'self') return `${e.departmentName}${e.fiscalYear}年度绩效自评报告（第${row.version}版）.docx`;
  return `${e.departmentName}${e.fiscalYear}年度绩效评价报告（${REPORT_KIND_LABELS[row.kind]}第${row.version}版）.docx`;
}

function toDto(row: ReportDocumentRow): ReportDocumentDto {
  return {
    id: row.id,
    evaluationId: row.evaluationId,
    kind: row.kind,
    kindLabel: REPORT_KIND_LABELS[row.kind],
    version: row.version,
    status: row.status,
    error: row.error,
    progress: reportRenderProgress(row.renderStage, row.status),
    reportNumber: row.kind === 'draft' ? null : row.reportNumber,
    template: row.templateVersionId ? { id: row.templateVersionId, name: row.templateName ?? '', version: row.templateVersion ?? 0 } : null,
    docxSize: row.docxSize,
    hasPdf: row.pdfSha256 !== null,
    createdBy: { id: row.createdById, displayName: row.createdByName },
    createdAt: row.createdAt,
    renderedAt: row.renderedAt,
  };
}

function toTemplateDto(row: TemplateVersionRow): ReportTemplateVersionDto {
  return {
    id: row.id,
    issuer: { id: row.issuerOrganisationId, name: row.issuerName },
    name: row.name,
    version: row.version,
    fileName: row.fileName,
    size: row.size,
    placeholders: row.placeholders,
    uploadedBy: { id: row.uploadedById, displayName: row.uploadedByName },
    createdAt: row.createdAt,
  };
}
