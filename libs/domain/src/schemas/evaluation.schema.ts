import { z } from 'zod';
import { historyAttachmentSchema } from './attachment.schema';
import {
  DEADLINE_KEYS,
  EVALUATION_KINDS,
  EVALUATION_SCOPES,
  FINDING_ADJUDICATIONS,
  FINDING_ANSWERS,
  NARRATIVE_SECTIONS,
  STAGE_DEADLINES,
  type DeadlineKey,
} from '../evaluations';
import { pageQuerySchema, plainText, searchQuerySchema, uuidSchema } from './common.schema';
import { DEADLINE_KINDS, computeDueDate, type ComputedDate, type DeadlineDefinition } from '../calendar/working-days';
import { OWNER_PARTIES } from '../reminders/deadline-owners';

/** A calendar date (the deadlines are days, not instants): YYYY-MM-DD, and a real date. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'not a calendar date');

const labelSchema = z.object({ zh: z.string(), en: z.string() });
const namedRefSchema = z.object({ id: uuidSchema, name: z.string() });

/**
 * How a commission sets one stage deadline: a plain date (a calendar deadline, as before), or its kind with a fixed
 * date or N days from a start date (no `from`: from the day the stage starts), and optionally the user who owns it
 * (by default the party the stage waits on).
 */
export const deadlineSettingSchema = z.union([
  isoDateSchema,
  z
    .object({
      kind: z.enum(DEADLINE_KINDS),
      date: isoDateSchema.optional(),
      days: z.number().int().min(1, 'at least 1 day').max(365, 'at most 365 days').optional(),
      from: isoDateSchema.nullable().optional(),
      ownerUserId: uuidSchema.nullable().optional(),
    })
    .strict()
    .superRefine((setting, ctx) => {
      if ((setting.date === undefined) === (setting.days === undefined)) ctx.addIssue({ code: 'custom', path: ['days'], message: 'give either a date or a number of days' });
      if (setting.date !== undefined && setting.from != null) ctx.addIssue({ code: 'custom', path: ['from'], message: 'a fixed date has no start date' });
    }),
]);
export type DeadlineSetting = z.infer<typeof deadlineSettingSchema>;

/** The definition a setting stands for (what the deadlines table stores), and its explicit owner if any. */
export function deadlineDefinitionOf(setting: DeadlineSetting): { definition: DeadlineDefinition; ownerUserId: string | null } {
  if (typeof setting === 'string') return { definition: { kind: 'calendar', date: setting }, ownerUserId: null };
  const definition: DeadlineDefinition =
    setting.date !== undefined ? { kind: setting.kind, date: setting.date } : { kind: setting.kind, days: setting.days!, from: setting.from ?? null };
  return { definition, ownerUserId: setting.ownerUserId ?? null };
}

/** The due date a setting gives when its stage starts on `stageStart` (a provisional day until it has). */
export function dueDateOf(setting: DeadlineSetting, stageStart: string): ComputedDate {
  return computeDueDate(deadlineDefinitionOf(setting).definition, stageStart);
}

/** Deadlines per stage key; only the stage keys of commissions are accepted here. */
const stageDeadlineKeySchema = z.enum(STAGE_DEADLINES.key as unknown as [DeadlineKey, ...DeadlineKey[]]);
export const stageDeadlinesSchema = z.partialRecord(stageDeadlineKeySchema, deadlineSettingSchema);

/** Free text of an evaluation's terms, e.g. the legal basis (文件依据) 长财绩〔2020〕2号: the common plain-text rule. */
const textField = plainText;

const evaluationTermsFields = {
  title: textField(200).pipe(z.string().min(4, 'at least 4 characters')),
  scope: z.enum(EVALUATION_SCOPES),
  projectName: textField(200).nullable().optional(),
  fiscalYear: z.number().int().min(2000, 'from 2000').max(2100, 'until 2100'),
  departmentId: uuidSchema,
  frameworkVersionId: uuidSchema.nullable().optional(),
  legalBasis: textField(500).nullable().optional(),
  /** The evaluation team's organisation: the bureau's own 评价组 or a commissioned firm (key evaluations only). */
  evaluatorOrganisationId: uuidSchema.nullable().optional(),
  leadUserId: uuidSchema.nullable().optional(),
  memberUserIds: z.array(uuidSchema).max(50).optional(),
  deadlines: stageDeadlinesSchema.optional(),
};

/** 委托: a new evaluation starts as a draft of the commissioning bureau; `commission` releases it. */
export const createEvaluationSchema = z
  .object({ kind: z.enum(EVALUATION_KINDS), ...evaluationTermsFields })
  .strict()
  .superRefine(refineTerms);
export type CreateEvaluationInput = z.infer<typeof createEvaluationSchema>;

/** The terms may change while the evaluation is a draft; the kind never does (it picks the lifecycle). */
export const updateEvaluationSchema = z
  .object({
    title: evaluationTermsFields.title.optional(),
    scope: evaluationTermsFields.scope.optional(),
    projectName: evaluationTermsFields.projectName,
    fiscalYear: evaluationTermsFields.fiscalYear.optional(),
    departmentId: uuidSchema.optional(),
    frameworkVersionId: evaluationTermsFields.frameworkVersionId,
    legalBasis: evaluationTermsFields.legalBasis,
    evaluatorOrganisationId: evaluationTermsFields.evaluatorOrganisationId,
    leadUserId: evaluationTermsFields.leadUserId,
    memberUserIds: evaluationTermsFields.memberUserIds,
    deadlines: evaluationTermsFields.deadlines,
    expectedVersion: z.number().int().min(1),
  })
  .strict()
  .superRefine(refineTerms);
export type UpdateEvaluationInput = z.infer<typeof updateEvaluationSchema>;

function refineTerms(
  input: { scope?: string; projectName?: string | null; leadUserId?: string | null; memberUserIds?: string[]; deadlines?: Partial<Record<DeadlineKey, DeadlineSetting>> },
  ctx: z.RefinementCtx,
): void {
  if (input.scope === 'project' && !input.projectName) {
    ctx.addIssue({ code: 'custom', path: ['projectName'], message: 'a project evaluation names its project' });
  }
  if (input.memberUserIds && new Set(input.memberUserIds).size !== input.memberUserIds.length) {
    ctx.addIssue({ code: 'custom', path: ['memberUserIds'], message: 'a member is listed twice' });
  }
  if (input.leadUserId && input.memberUserIds?.includes(input.leadUserId)) {
    ctx.addIssue({ code: 'custom', path: ['memberUserIds'], message: 'the lead is a member already; list them once' });
  }
  const problem = input.deadlines ? deadlineOrderProblem(input.deadlines) : undefined;
  if (problem) ctx.addIssue({ code: 'custom', path: ['deadlines', problem.key], message: problem.message });
}

/**
 * The first stage deadline that falls before an earlier stage's (stage order of STAGE_DEADLINES.key). Deadlines
 * counted from their stage's start have no date yet and are not compared.
 */
export function deadlineOrderProblem(deadlines: Partial<Record<DeadlineKey, DeadlineSetting>>): { key: DeadlineKey; message: string } | undefined {
  let previous: { key: DeadlineKey; date: string } | undefined;
  for (const key of STAGE_DEADLINES.key) {
    const setting = deadlines[key];
    if (!setting) continue;
    const { definition } = deadlineDefinitionOf(setting);
    if ('days' in definition && definition.from === null) continue;
    const date = computeDueDate(definition, '').date;
    if (previous && date < previous.date) return { key, message: `must not fall before ${previous.key} (${previous.date})` };
    previous = { key, date };
  }
  return undefined;
}

export const transitionRequestSchema = z
  .object({
    action: z.string().trim().min(1).max(60).regex(/^[a-z_]+$/, 'an action code such as submit_draft'),
    comment: textField(2000).nullable().optional(),
    parameters: z.record(z.string().max(40), z.string().max(100)).optional(),
    expectedVersion: z.number().int().min(1),
  })
  .strict();
export type TransitionRequest = z.infer<typeof transitionRequestSchema>;

export const listEvaluationsQuerySchema = pageQuerySchema.extend({
  q: searchQuerySchema,
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  state: z.string().regex(/^[a-z_]+$/).max(40).optional(),
  kind: z.enum(EVALUATION_KINDS).optional(),
  departmentId: uuidSchema.optional(),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});
export type ListEvaluationsQuery = z.infer<typeof listEvaluationsQuerySchema>;

export const deadlineSchema = z.object({
  key: z.enum(DEADLINE_KEYS),
  label: labelSchema,
  dueOn: isoDateSchema,
  /** pending: set, not yet running; active: its stage is under way; done: its stage ended (or was cancelled). */
  status: z.enum(['pending', 'active', 'done']),
  overdue: z.boolean(),
  /** 自然日 or 工作日, and how it was set (a date, or N days from a start date or the stage start). */
  kind: z.enum(DEADLINE_KINDS),
  days: z.number().int().nullable(),
  from: isoDateSchema.nullable(),
  /** Bumped whenever the due date or the owner changes: reminders of an older version are void. */
  version: z.number().int(),
  /** The due date lies in (or was counted through) a year the holiday calendar does not cover yet: check it by hand. */
  beyondCalendar: z.boolean(),
  startedOn: isoDateSchema.nullable(),
  owner: z.object({ party: z.enum(OWNER_PARTIES), partyLabel: labelSchema, user: z.object({ id: uuidSchema, displayName: z.string() }).nullable() }),
});
export type DeadlineDto = z.infer<typeof deadlineSchema>;

export const teamMemberSchema = z.object({
  userId: uuidSchema,
  displayName: z.string(),
  role: z.enum(['lead', 'member']),
});

export const evaluationSchema = z.object({
  id: uuidSchema,
  reference: z.string(),
  kind: z.enum(EVALUATION_KINDS),
  scope: z.enum(EVALUATION_SCOPES),
  title: z.string(),
  projectName: z.string().nullable(),
  fiscalYear: z.number().int(),
  state: z.string(),
  stateLabel: labelSchema,
  terminal: z.boolean(),
  version: z.number().int(),
  department: namedRefSchema,
  commissioningOrganisation: namedRefSchema,
  evaluatorOrganisation: namedRefSchema.nullable(),
  frameworkVersion: z.object({ id: uuidSchema, name: z.string(), version: z.number().int() }).nullable(),
  legalBasis: z.string().nullable(),
  reportNumber: z.string().nullable(),
  reviewOpinion: z.string().nullable(),
  rating: z.string().nullable(),
  team: z.array(teamMemberSchema),
  deadlines: z.array(deadlineSchema),
  /** The running deadline of the current stage, if any. */
  currentDeadline: deadlineSchema.nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stateChangedAt: z.string(),
});
export type EvaluationDto = z.infer<typeof evaluationSchema>;

const guardMessageSchema = z.object({ id: z.string(), zh: z.string(), en: z.string() });

export const availableActionSchema = z.object({
  action: z.string(),
  label: labelSchema,
  to: z.string(),
  toLabel: labelSchema,
  allowed: z.boolean(),
  blockedBy: z.array(guardMessageSchema),
  refusal: z.object({ kind: z.string(), message: labelSchema }).optional(),
  requiresComment: z.boolean(),
  parameters: z.array(z.object({ name: z.string(), label: labelSchema, options: z.array(z.object({ value: z.string(), zh: z.string(), en: z.string() })) })),
});
export type AvailableActionDto = z.infer<typeof availableActionSchema>;

export const evaluationActionsSchema = z.object({
  state: z.string(),
  version: z.number().int(),
  actions: z.array(availableActionSchema),
});
export type EvaluationActionsDto = z.infer<typeof evaluationActionsSchema>;

export const historyEntrySchema = z.object({
  seq: z.number().int(),
  action: z.string(),
  actionLabel: labelSchema,
  from: z.string(),
  to: z.string(),
  fromLabel: labelSchema,
  toLabel: labelSchema,
  /** id null: the system acted (a state's timer ran out), named 系统 with the role `system`. */
  actor: z.object({ id: uuidSchema.nullable(), displayName: z.string(), roles: z.array(z.string()) }),
  organisation: namedRefSchema,
  comment: z.string().nullable(),
  parameters: z.record(z.string(), z.string()),
  /** What was approved, for approvals (ARCHITECTURE rule 4). */
  snapshot: z.unknown().nullable(),
  createdAt: z.string(),
  /** The files of this step: the record's current attachments not yet carried by an earlier entry. */
  attachments: z.array(historyAttachmentSchema),
});
export type HistoryEntryDto = z.infer<typeof historyEntrySchema>;

/** One record waiting on the caller (我的待办): an evaluation or an item of one. */
export const taskSchema = z.object({
  evaluationId: uuidSchema,
  reference: z.string(),
  title: z.string(),
  kind: z.enum(EVALUATION_KINDS),
  fiscalYear: z.number().int(),
  department: namedRefSchema,
  state: z.string(),
  stateLabel: labelSchema,
  /** What the caller is expected to do: the transitions they may fire and the work of this stage that is theirs. */
  actions: z.array(z.object({ action: z.string(), label: labelSchema })),
  work: z.array(labelSchema),
  dueOn: isoDateSchema.nullable(),
  overdue: z.boolean(),
  /** The day (Beijing) the record entered its current state: how long this has waited, for work without a deadline. */
  waitingSince: isoDateSchema,
  /** The running deadline is within the next 7 days (and not past). */
  dueSoon: z.boolean(),
  /**
   * The record that waits: the evaluation itself or one of its items. evaluationId, reference, title, kind, fiscalYear
   * and department are its evaluation's; state, actions, work and the deadline are the record's own.
   */
  subjectType: z.enum(['evaluation', 'rectification_item', 'document_request', 'working_paper']),
  subjectId: uuidSchema,
  /** The item's own title (整改事项“…” / 资料清单“…” / 工作底稿“…”); null for an evaluation. */
  subjectTitle: z.string().nullable(),
  /** The record's page in the web app. */
  link: z.string(),
});
export type TaskDto = z.infer<typeof taskSchema>;

/* The work of the stages, which the guards read. */

/**
 * The version of one indicator entry (its self-evaluation part or its score part) as the caller loaded it. Each save
 * of the entry adds one; a save expecting another version is refused (409 VERSION_CONFLICT) so that two people
 * working on one form never overwrite each other unseen. 0, null or omitted: the caller saw no entry yet.
 */
const expectedEntryVersionSchema = z.number().int().min(0).nullable().optional();

/** Each indicator at most once per save: two entries for one code would leave it to chance which one is kept. */
function refineUniqueCodes(entries: readonly { code: string }[] | undefined, ctx: z.RefinementCtx, path: string): void {
  const seen = new Set<string>();
  entries?.forEach((entry, index) => {
    if (seen.has(entry.code)) ctx.addIssue({ code: 'custom', path: [path, index, 'code'], message: 'this indicator is listed twice' });
    seen.add(entry.code);
  });
}

export const indicatorEntrySchema = z
  .object({
    code: z.string().min(1).max(20),
    target: textField(200).nullable().optional(),
    actual: textField(200).nullable().optional(),
    selfScore: z.number().min(0).max(100).multipleOf(0.01).nullable().optional(),
    deviationReason: textField(2000).nullable().optional(),
    expectedVersion: expectedEntryVersionSchema,
  })
  .strict();

/** An amount in fen: whole fen, not negative, at most 10 万亿元 (MAX_AMOUNT_FEN, the cap of every amount). */
const fenSchema = z.number().int('whole fen').min(0).max(1e15, '金额超出上限（不超过 10 万亿元）');

/** 自评表 and 自评报告: what the department fills while the evaluation is in self-evaluation. */
export const saveSelfEvaluationSchema = z
  .object({
    indicators: z.array(indicatorEntrySchema).max(500).optional(),
    narrative: z.partialRecord(z.enum(NARRATIVE_SECTIONS), textField(20000)).optional(),
    /** 预算数 and 执行数 in fen (integer; DOMAIN rule: no floats for money). Detailed budget data: issue 4. */
    budgetFen: fenSchema.nullable().optional(),
    spentFen: fenSchema.nullable().optional(),
  })
  .strict()
  .superRefine((input, ctx) => refineUniqueCodes(input.indicators, ctx, 'indicators'));
export type SaveSelfEvaluationInput = z.infer<typeof saveSelfEvaluationSchema>;

export const scoreEntrySchema = z
  .object({
    code: z.string().min(1).max(20),
    score: z.number().min(0).max(100).multipleOf(0.01).nullable(),
    deductionReason: textField(2000).nullable().optional(),
    /** Required when a score changes after the draft went out for comment (DOMAIN §2.4: every change keeps its reason). */
    changeReason: textField(2000).nullable().optional(),
    expectedVersion: expectedEntryVersionSchema,
  })
  .strict();
export const saveScoresSchema = z
  .object({ scores: z.array(scoreEntrySchema).min(1).max(500) })
  .strict()
  .superRefine((input, ctx) => refineUniqueCodes(input.scores, ctx, 'scores'));
export type SaveScoresInput = z.infer<typeof saveScoresSchema>;

/** Who changed one part of an indicator entry last, and when; version 0 while nobody has saved it. */
export const entryVersionSchema = z.object({
  version: z.number().int(),
  updatedBy: z.object({ id: uuidSchema, displayName: z.string() }).nullable(),
  updatedAt: z.string().nullable(),
});
export type EntryVersionDto = z.infer<typeof entryVersionSchema>;

/** The part of an indicator entry a save changes: the department's self-evaluation or the team's score. */
export const ENTRY_PARTS = ['self', 'score'] as const;
export type EntryPart = (typeof ENTRY_PARTS)[number];

/**
 * One entry of a refused save (409 VERSION_CONFLICT, `details.conflicts`): the indicator, the version the caller
 * expected and the one it has, what it holds now and who changed it when.
 */
export const entryConflictSchema = entryVersionSchema.extend({
  code: z.string(),
  name: z.string(),
  part: z.enum(ENTRY_PARTS),
  expectedVersion: z.number().int(),
  current: z.object({
    score: z.number().nullable().optional(),
    deductionReason: z.string().nullable().optional(),
    changeReason: z.string().nullable().optional(),
    target: z.string().nullable().optional(),
    actual: z.string().nullable().optional(),
    selfScore: z.number().nullable().optional(),
    deviationReason: z.string().nullable().optional(),
  }),
});
export type EntryConflictDto = z.infer<typeof entryConflictSchema>;

export const indicatorRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  parentCode: z.string().nullable(),
  weight: z.number(),
  target: z.string().nullable(),
  actual: z.string().nullable(),
  selfScore: z.number().nullable(),
  deviationReason: z.string().nullable(),
  score: z.number().nullable(),
  deductionReason: z.string().nullable(),
  scoreAtDraft: z.number().nullable(),
  changeReason: z.string().nullable(),
  /** Version and last change of the department's entry (level 3; null above). */
  selfEntry: entryVersionSchema.nullable(),
  /** Version and last change of the team's score (level 3; null above, and while the scores are hidden from the caller). */
  scoreEntry: entryVersionSchema.nullable(),
});
export type IndicatorRowDto = z.infer<typeof indicatorRowSchema>;

export const findingFieldsSchema = z.object({
  category: textField(50).nullable().optional(),
  title: textField(200).pipe(z.string().min(2, 'at least 2 characters')),
  description: textField(5000).pipe(z.string().min(2, 'at least 2 characters')),
  causeAnalysis: textField(5000).nullable().optional(),
  recommendation: textField(5000).nullable().optional(),
  indicatorCode: z.string().max(20).nullable().optional(),
});
export const createFindingSchema = findingFieldsSchema
  .extend({
    /** The figures the finding quotes (a confirmed proposed finding stores its metric, numerator, denominator, threshold). */
    figures: z.record(z.string(), z.unknown()).nullable().optional(),
    /** Points deducted for it (two decimals). */
    deduction: z.number().min(0).max(100).multipleOf(0.01).nullable().optional(),
  })
  .strict();
export type CreateFindingInput = z.infer<typeof createFindingSchema>;
export const updateFindingSchema = findingFieldsSchema.partial().extend({ expectedVersion: z.number().int().min(1) }).strict();
export type UpdateFindingInput = z.infer<typeof updateFindingSchema>;

export const answerFindingSchema = z
  .object({ answer: z.enum(FINDING_ANSWERS), text: textField(5000).nullable().optional(), expectedVersion: z.number().int().min(1) })
  .strict()
  .refine((input) => input.answer !== 'disputed' || !!input.text, { path: ['text'], message: 'a dispute explains itself' });
export type AnswerFindingInput = z.infer<typeof answerFindingSchema>;

export const adjudicateFindingSchema = z
  .object({ adjudication: z.enum(FINDING_ADJUDICATIONS), reason: textField(5000).min(2, 'give the reason'), expectedVersion: z.number().int().min(1) })
  .strict();
export type AdjudicateFindingInput = z.infer<typeof adjudicateFindingSchema>;

export const findingSchema = z.object({
  id: uuidSchema,
  seq: z.number().int(),
  category: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  causeAnalysis: z.string().nullable(),
  recommendation: z.string().nullable(),
  indicatorCode: z.string().nullable(),
  answer: z.enum(FINDING_ANSWERS).nullable(),
  answerText: z.string().nullable(),
  adjudication: z.enum(FINDING_ADJUDICATIONS).nullable(),
  adjudicationReason: z.string().nullable(),
  figures: z.record(z.string(), z.unknown()).nullable(),
  deduction: z.number().nullable(),
  /** The proposed finding (from a crossed budget-metric threshold) this was confirmed from. */
  proposedFindingId: uuidSchema.nullable(),
  /** The earlier year's rectification item this finding carries over (上年度问题整改不到位), if it does. */
  originItemId: uuidSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type FindingDto = z.infer<typeof findingSchema>;

export const setReportNumberSchema = z
  .object({ reportNumber: textField(100).pipe(z.string().min(3, 'at least 3 characters')), expectedVersion: z.number().int().min(1) })
  .strict();
export const setReviewOpinionSchema = z
  .object({ reviewOpinion: textField(5000).pipe(z.string().min(2, 'at least 2 characters')), expectedVersion: z.number().int().min(1) })
  .strict();
