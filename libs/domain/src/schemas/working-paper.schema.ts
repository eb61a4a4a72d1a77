import { z } from 'zod';
import { SATISFACTION_OPTIONS } from '../working-papers/satisfaction';
import { plainText, uuidSchema } from './common.schema';
import { isoDateSchema } from './evaluation.schema';
import { itemEvaluationSchema } from './workflow-item.schema';

/*
 * 工作底稿 (working papers, issue 11 §3): the evaluators' own record of their fieldwork — interview notes, on-site
 * checks, questionnaires and cross-checks — each reviewed and signed off by the lead (复核). The common fields are
 * columns; what differs per kind is `details`, validated here per kind.
 */

export const WORKING_PAPER_KINDS = ['interview', 'site_check', 'questionnaire', 'cross_check'] as const;
export type WorkingPaperKind = (typeof WORKING_PAPER_KINDS)[number];

export const WORKING_PAPER_KIND_LABELS: Record<WorkingPaperKind, string> = {
  interview: '座谈记录',
  site_check: '实地核查',
  questionnaire: '满意度调查',
  cross_check: '对照复核',
};

const line = (max: number) => plainText(max).pipe(z.string().min(1, 'required'));

/** 座谈记录: who took part and where (the date and the minutes are the paper's own date and content). */
export const interviewDetailsSchema = z.object({ participants: line(500), place: line(200) }).strict();
/** 实地核查: where, what was checked, and what was found. */
export const siteCheckDetailsSchema = z.object({ place: line(200), checkedItems: line(2000), result: line(5000) }).strict();

const countSchema = z.number().int('a whole number').min(0, 'not negative').max(1_000_000, 'at most 1000000');
export const satisfactionCountsSchema = z.object(Object.fromEntries(SATISFACTION_OPTIONS.map((option) => [option, countSchema])) as Record<(typeof SATISFACTION_OPTIONS)[number], typeof countSchema>).strict();

/** 满意度调查: who was asked, how many valid questionnaires came back, and per question the answers per option. */
export const questionnaireDetailsSchema = z
  .object({
    respondents: line(200),
    validResponses: countSchema,
    questions: z
      .array(z.object({ text: line(300), counts: satisfactionCountsSchema }).strict())
      .min(1, 'at least one question')
      .max(50, 'at most 50 questions'),
  })
  .strict()
  .superRefine((details, ctx) => {
    details.questions.forEach((question, index) => {
      const answers = SATISFACTION_OPTIONS.reduce((sum, option) => sum + question.counts[option], 0);
      if (answers > details.validResponses) {
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'counts'], message: `answers (${answers}) exceed the valid questionnaires (${details.validResponses})` });
      }
    });
  });
/** 对照复核: what was compared with what, and the differences found. */
export const crossCheckDetailsSchema = z.object({ comparedSource: line(500), comparedWith: line(500), differences: line(5000) }).strict();

export const WORKING_PAPER_DETAILS_SCHEMAS = {
  interview: interviewDetailsSchema,
  site_check: siteCheckDetailsSchema,
  questionnaire: questionnaireDetailsSchema,
  cross_check: crossCheckDetailsSchema,
} as const;
export type InterviewDetails = z.infer<typeof interviewDetailsSchema>;
export type SiteCheckDetails = z.infer<typeof siteCheckDetailsSchema>;
export type QuestionnaireDetails = z.infer<typeof questionnaireDetailsSchema>;
export type CrossCheckDetails = z.infer<typeof crossCheckDetailsSchema>;
export type WorkingPaperDetails = InterviewDetails | SiteCheckDetails | QuestionnaireDetails | CrossCheckDetails;

const commonFields = {
  title: plainText(200).pipe(z.string().min(2, 'at least 2 characters')),
  paperDate: isoDateSchema,
  content: plainText(20_000).nullable().optional(),
  indicatorCodes: z.array(z.string().trim().min(1).max(20)).max(100, 'at most 100 indicators').optional(),
  findingIds: z.array(uuidSchema).max(100, 'at most 100 findings').optional(),
};

/**
 * The team writes a new working paper (编制中). `details` is checked against the schema of the paper's kind; its
 * issues carry the path `details.…` (a 400 names the field).
 */
export const createWorkingPaperSchema = z
  .object({ kind: z.enum(WORKING_PAPER_KINDS), ...commonFields, details: z.record(z.string(), z.unknown()) })
  .strict()
  .transform((input, ctx) => {
    const parsed = WORKING_PAPER_DETAILS_SCHEMAS[input.kind].safeParse(input.details);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['details', ...issue.path], message: issue.message });
      return z.NEVER;
    }
    return { ...input, details: parsed.data as WorkingPaperDetails };
  });
export type CreateWorkingPaperInput = z.output<typeof createWorkingPaperSchema>;

/** Changes while 编制中 or 退回修改 (the kind never changes; `details` is checked against the paper's kind). */
export const updateWorkingPaperSchema = z
  .object({
    expectedVersion: z.number().int().min(1),
    title: commonFields.title.optional(),
    paperDate: isoDateSchema.optional(),
    content: commonFields.content,
    indicatorCodes: commonFields.indicatorCodes,
    findingIds: commonFields.findingIds,
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type UpdateWorkingPaperInput = z.infer<typeof updateWorkingPaperSchema>;

const rateSchema = z.number().min(0).max(1).nullable();
export const satisfactionSummarySchema = z.object({
  questions: z.array(z.object({ satisfied: z.number().int(), valid: z.number().int(), rate: rateSchema })),
  satisfied: z.number().int(),
  valid: z.number().int(),
  rate: rateSchema,
});

const personSchema = z.object({ id: uuidSchema, displayName: z.string() });
const labelSchema = z.object({ zh: z.string(), en: z.string() });

export const workingPaperSchema = z.object({
  id: uuidSchema,
  state: z.string(),
  stateLabel: labelSchema,
  terminal: z.boolean(),
  version: z.number().int(),
  evaluation: itemEvaluationSchema,
  kind: z.enum(WORKING_PAPER_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  paperDate: isoDateSchema,
  content: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** 满意度 of a questionnaire (null for the other kinds). */
  satisfaction: satisfactionSummarySchema.nullable(),
  indicatorCodes: z.array(z.string()),
  findings: z.array(z.object({ id: uuidSchema, seq: z.number().int(), title: z.string() })),
  author: personSchema,
  signedOffBy: personSchema.nullable(),
  signedOffAt: z.string().nullable(),
  stateChangedAt: z.string(),
  updatedAt: z.string(),
});
export type WorkingPaperDto = z.infer<typeof workingPaperSchema>;

/* 依据: what a finding cites as its evidence. */

export const FINDING_EVIDENCE_KINDS = ['working_paper', 'attachment', 'document_request'] as const;
export type FindingEvidenceKind = (typeof FINDING_EVIDENCE_KINDS)[number];
export const FINDING_EVIDENCE_KIND_LABELS: Record<FindingEvidenceKind, string> = { working_paper: '工作底稿', attachment: '附件', document_request: '资料清单事项' };

/** The whole list of what a finding cites, replacing the previous one (at most 50, each at most once). */
export const putFindingEvidenceSchema = z
  .object({
    items: z
      .array(z.object({ kind: z.enum(FINDING_EVIDENCE_KINDS), refId: uuidSchema, note: plainText(500).nullable().optional() }).strict())
      .max(50, 'at most 50 citations')
      .superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((item, index) => {
          const key = `${item.kind}:${item.refId}`;
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'refId'], message: 'cited twice' });
          seen.add(key);
        });
      }),
  })
  .strict();
export type PutFindingEvidenceInput = z.infer<typeof putFindingEvidenceSchema>;

export const findingEvidenceSchema = z.object({
  kind: z.enum(FINDING_EVIDENCE_KINDS),
  refId: uuidSchema,
  /** The cited record's name: a working paper's title, a file's name, a request item's title. */
  title: z.string(),
  /** A working paper's kind label, a file's size and type, a request item's state (what the department may see too). */
  detail: z.string().nullable(),
  note: z.string().nullable(),
});
export type FindingEvidenceDto = z.infer<typeof findingEvidenceSchema>;
export const findingEvidenceListSchema = z.object({ items: z.array(findingEvidenceSchema) });

/** GET /evaluations/:id/working-papers. */
export const workingPaperListSchema = z.object({ items: z.array(workingPaperSchema) });
