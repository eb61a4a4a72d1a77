import { z } from 'zod';
import { uuidSchema } from './common.schema';
import { reportKindSchema, reportModelSchema } from '../reports/report-model';
import { reportDiffSchema } from '../reports/report-diff';

/*
 * Reports (issue 12 §1–§2): the versions of an evaluation's report (every draft issued for comment and every final
 * approval), their comparison, and the bureaus' Word templates.
 */

export const REPORT_DOCUMENT_STATUSES = ['rendering', 'ready', 'failed'] as const;

/**
 * The render job's stages in order (docs/reports.md): the job records each as it reaches it (report_documents.
 * render_stage), so a reader sees how far the queue has got. Only a report printed to PDF has the PDF stage.
 */
export const REPORT_RENDER_STAGES = ['queued', 'collecting', 'docx', 'storing', 'pdf', 'done'] as const;
export type ReportRenderStage = (typeof REPORT_RENDER_STAGES)[number];

/** Each stage's label and the share of the work done when it starts. */
export const REPORT_RENDER_STAGE_INFO: Record<ReportRenderStage, { label: string; percent: number }> = {
  queued: { label: '排队中', percent: 0 },
  collecting: { label: '汇总数据', percent: 10 },
  docx: { label: '生成 Word', percent: 30 },
  storing: { label: '保存文件', percent: 60 },
  pdf: { label: '生成 PDF', percent: 75 },
  done: { label: '完成', percent: 100 },
};

export const reportRenderProgressSchema = z.object({
  stage: z.enum(REPORT_RENDER_STAGES),
  /** 排队中 / 汇总数据 / 生成 Word / 保存文件 / 生成 PDF / 完成 */
  label: z.string(),
  percent: z.number().int().min(0).max(100),
});
export type ReportRenderProgress = z.infer<typeof reportRenderProgressSchema>;

/**
 * A document's progress: the stage its job recorded last; a document recorded before stages were (NULL) is queued
 * while rendering and done once ready. A failed document keeps the stage it failed in.
 */
export function reportRenderProgress(stage: ReportRenderStage | null, status: (typeof REPORT_DOCUMENT_STATUSES)[number]): ReportRenderProgress {
  const current = stage ?? (status === 'ready' ? 'done' : 'queued');
  return { stage: current, ...REPORT_RENDER_STAGE_INFO[current] };
}

export const reportDocumentSchema = z.object({
  id: uuidSchema,
  evaluationId: uuidSchema,
  kind: reportKindSchema,
  /** 征求意见稿 / 正式报告 */
  kindLabel: z.string(),
  /** n per evaluation and kind: 征求意见稿第1版, 第2版 … */
  version: z.number().int().positive(),
  /** rendering while the queue job makes the .docx; failed with `error` (the job is retried first). */
  status: z.enum(REPORT_DOCUMENT_STATUSES),
  error: z.string().nullable(),
  /** How far the render job has got; a ready report that is printed to PDF is at 生成 PDF until its PDF is made (or given up). */
  progress: reportRenderProgressSchema,
  /** 文号: always null on a draft. */
  reportNumber: z.string().nullable(),
  /** The bureau template version it renders with; null = the built-in template. */
  template: z.object({ id: uuidSchema, name: z.string(), version: z.number().int() }).nullable(),
  docxSize: z.number().int().nullable(),
  /** A PDF exists (the final report, once printed). */
  hasPdf: z.boolean(),
  createdBy: z.object({ id: uuidSchema.nullable(), displayName: z.string() }),
  createdAt: z.string(),
  renderedAt: z.string().nullable(),
});
export type ReportDocumentDto = z.infer<typeof reportDocumentSchema>;

export const reportDocumentListSchema = z.object({ items: z.array(reportDocumentSchema) });
export type ReportDocumentListDto = z.infer<typeof reportDocumentListSchema>;

export const reportDocumentDetailSchema = reportDocumentSchema.extend({ model: reportModelSchema });
export type ReportDocumentDetailDto = z.infer<typeof reportDocumentDetailSchema>;

export const reportCompareQuerySchema = z.object({ from: uuidSchema, to: uuidSchema });
export type ReportCompareQuery = z.infer<typeof reportCompareQuerySchema>;

export const reportComparisonSchema = z.object({ from: reportDocumentSchema, to: reportDocumentSchema, diff: reportDiffSchema });
export type ReportComparisonDto = z.infer<typeof reportComparisonSchema>;

export const reportTemplateVersionSchema = z.object({
  id: uuidSchema,
  issuer: z.object({ id: uuidSchema, name: z.string() }),
  name: z.string(),
  version: z.number().int().positive(),
  fileName: z.string(),
  size: z.number().int(),
  /** The placeholders the template uses (`loop.name` inside a loop). */
  placeholders: z.array(z.string()),
  uploadedBy: z.object({ id: uuidSchema, displayName: z.string() }),
  createdAt: z.string(),
});
export type ReportTemplateVersionDto = z.infer<typeof reportTemplateVersionSchema>;

export const reportTemplatesSchema = z.object({
  /** The built-in template and every placeholder a template may use, with its meaning. */
  builtIn: z.object({ name: z.string(), placeholders: z.array(z.object({ name: z.string(), zh: z.string() })) }),
  /** The caller's bureau's uploaded versions, newest first (the newest is used by evaluations issued from now on). */
  versions: z.array(reportTemplateVersionSchema),
});
export type ReportTemplatesDto = z.infer<typeof reportTemplatesSchema>;

/** `?evaluationId=…&versionId=…`: a template (none: the built-in one) filled with an evaluation's data as it stands. */
export const reportTemplatePreviewQuerySchema = z.object({ evaluationId: uuidSchema, versionId: uuidSchema.optional() });
export type ReportTemplatePreviewQuery = z.infer<typeof reportTemplatePreviewQuerySchema>;
