import { z } from 'zod';
import { uuidSchema } from './common.schema';
import { reportKindSchema, reportModelSchema } from '../reports/report-model';
import { reportDiffSchema } from '../reports/report-diff';

/*
 * Reports (issue 12 §1–§2): the versions of an evaluation's report (every draft issued for comment and every final
 * approval), their comparison, and the bureaus' Word templates.
 */

export const REPORT_DOCUMENT_STATUSES = ['rendering', 'ready', 'failed'] as const;

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
