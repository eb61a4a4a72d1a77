import { z } from 'zod';
import { reportNumberPatternSchema } from '../reports/report-number';
import { plainText, uuidSchema } from './common.schema';

/*
 * 文号 series and publication to the public (issue 12 §5, §6): request and response shapes.
 */
const namedRef = z.object({ id: uuidSchema, name: z.string() });
const personRef = z.object({ id: uuidSchema, displayName: z.string() });
const GRADES = ['excellent', 'good', 'fair', 'poor'] as const;

/** The caller's bureau's numbering: its pattern (null: numbered by hand) and where each year's series stands. */
export const reportNumberingSchema = z.object({
  issuer: namedRef,
  /** Null: no series; each final report's number is typed (PUT /api/evaluations/:id/report-number). */
  pattern: z.string().nullable(),
  /** 0 while no pattern was ever set; send it back as expectedVersion. */
  version: z.number().int().min(0),
  /** What the next number of this year would look like. */
  example: z.string().nullable(),
  years: z.array(z.object({ year: z.number().int(), lastValue: z.number().int().min(1), lastNumber: z.string() })),
  /** The caller may set the pattern (the bureau's 绩效科负责人). */
  canEdit: z.boolean(),
});
export type ReportNumberingDto = z.infer<typeof reportNumberingSchema>;

export const setReportNumberingSchema = z.object({ pattern: reportNumberPatternSchema, expectedVersion: z.number().int().min(0) }).strict();
export type SetReportNumberingInput = z.infer<typeof setReportNumberingSchema>;

export const PUBLICATION_STATUSES = ['unpublished', 'published', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** An evaluation's publication to the public as its readers see it. */
export const publicationSchema = z.object({
  evaluationId: uuidSchema,
  status: z.enum(PUBLICATION_STATUSES),
  publishedAt: z.string().nullable(),
  publishedBy: personRef.nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: personRef.nullable(),
  withdrawnReason: z.string().nullable(),
  /** 0 while never published; send it back as expectedVersion. */
  version: z.number().int().min(0),
  /** The final report is approved (published, rectification or closed): it may be made public. */
  approved: z.boolean(),
  /** The caller may publish or withdraw (the commissioning bureau's 绩效科负责人). */
  canPublish: z.boolean(),
  /** The public page's address while published. */
  publicPath: z.string().nullable(),
});
export type PublicationDto = z.infer<typeof publicationSchema>;

export const publishReportSchema = z.object({ expectedVersion: z.number().int().min(0) }).strict();
export type PublishReportInput = z.infer<typeof publishReportSchema>;

export const withdrawPublicationSchema = z
  .object({ reason: plainText(500).pipe(z.string().min(1, '请填写撤回理由')), expectedVersion: z.number().int().min(1) })
  .strict();
export type WithdrawPublicationInput = z.infer<typeof withdrawPublicationSchema>;

/** GET /api/public/reports: by year (fiscal year evaluated), region, department; paged. */
export const publicReportQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2999).optional(),
    regionId: uuidSchema.optional(),
    departmentId: uuidSchema.optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type PublicReportQuery = z.infer<typeof publicReportQuerySchema>;

export const publicReportSummarySchema = z.object({
  id: uuidSchema,
  title: z.string(),
  reportNumber: z.string().nullable(),
  fiscalYear: z.number().int(),
  department: namedRef,
  region: namedRef,
  commissioningOrganisation: namedRef,
  /** 评价结论 as a sentence. */
  conclusion: z.string().nullable(),
  total: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  gradeLabel: z.string().nullable(),
  publishedAt: z.string(),
  /** The PDF of the final report can be downloaded. */
  pdfAvailable: z.boolean(),
});
export type PublicReportSummaryDto = z.infer<typeof publicReportSummarySchema>;

/** The filters' choices: every year, region and department with a published report. */
export const publicReportFacetsSchema = z.object({
  years: z.array(z.number().int()),
  regions: z.array(namedRef),
  departments: z.array(namedRef),
});

export const publicReportPageSchema = z.object({
  items: z.array(publicReportSummarySchema),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  facets: publicReportFacetsSchema,
});
export type PublicReportPageDto = z.infer<typeof publicReportPageSchema>;

/** One row of the 评分表: levels 1–2 carry their subtotals. */
export const publicScoreRowSchema = z.object({
  code: z.string(),
  level: z.number().int().min(1).max(3),
  name: z.string(),
  weight: z.number(),
  score: z.number().nullable(),
  deduction: z.number().nullable(),
  /** 扣分原因 (level 3 only). */
  reason: z.string().nullable(),
});

export const publicReportDetailSchema = publicReportSummarySchema.extend({
  evaluatorOrganisation: namedRef.nullable(),
  scoreTable: z.array(publicScoreRowSchema),
  totalWeight: z.number(),
});
export type PublicReportDetailDto = z.infer<typeof publicReportDetailSchema>;
