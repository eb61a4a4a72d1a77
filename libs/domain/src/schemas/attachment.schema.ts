import { z } from 'zod';
import { plainText, uuidSchema } from './common.schema';

/*
 * Attachments (issue 11): files that evidence a record — a document-request item, a finding, the department's answer
 * to a finding, a working paper, a rectification item — and the history entries that carried them. A file is never
 * deleted: replacing it makes a new version, withdrawing it keeps it with the reason.
 */

/** prior_year_followup: the evidence of a team's assessment of an earlier year's item (上年度问题整改情况). */
export const ATTACHMENT_SUBJECT_TYPES = ['document_request', 'finding', 'finding_answer', 'working_paper', 'rectification_item', 'prior_year_followup'] as const;
export const attachmentSubjectTypeSchema = z.enum(ATTACHMENT_SUBJECT_TYPES);
export type AttachmentSubjectType = z.infer<typeof attachmentSubjectTypeSchema>;

export const ATTACHMENT_STATUSES = ['current', 'superseded', 'withdrawn'] as const;
export const ATTACHMENT_SCAN_STATUSES = ['not_scanned', 'clean', 'infected'] as const;

/** `?subjectType=…&subjectId=…`: the record the files are attached to (list and upload). */
export const attachmentSubjectQuerySchema = z.object({
  subjectType: attachmentSubjectTypeSchema,
  subjectId: uuidSchema,
});
export type AttachmentSubjectQuery = z.infer<typeof attachmentSubjectQuerySchema>;

export const withdrawAttachmentSchema = z.object({
  /** Why the file no longer counts (it stays, with this reason, for whoever may read the record). */
  reason: plainText(500).min(1, '请填写撤回原因'),
});
export type WithdrawAttachmentInput = z.infer<typeof withdrawAttachmentSchema>;

const userRefSchema = z.object({ id: uuidSchema, displayName: z.string() });

export const attachmentSchema = z.object({
  id: uuidSchema,
  subjectType: attachmentSubjectTypeSchema,
  subjectId: uuidSchema,
  evaluationId: uuidSchema,
  fileName: z.string(),
  /** Sniffed from the bytes, never taken from the name or the Content-Type the browser sent. */
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  version: z.number().int().positive(),
  previousVersionId: uuidSchema.nullable(),
  status: z.enum(ATTACHMENT_STATUSES),
  scanStatus: z.enum(ATTACHMENT_SCAN_STATUSES),
  withdrawnReason: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: userRefSchema.nullable(),
  uploadedBy: userRefSchema,
  uploadedAt: z.string(),
  /** Images and PDF: the web app may show them in the page (fetched as a blob, never a direct link). */
  previewable: z.boolean(),
});
export type AttachmentDto = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });

/** The files a history entry carried (the subject's current files not yet shown on an earlier entry). */
export const historyAttachmentSchema = z.object({ id: uuidSchema, fileName: z.string(), size: z.number().int().nonnegative(), mediaType: z.string() });
export type HistoryAttachmentDto = z.infer<typeof historyAttachmentSchema>;
