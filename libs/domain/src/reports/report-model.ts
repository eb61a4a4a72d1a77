import { z } from 'zod';

/*
 * The evaluation report as data (issue 12 §1): what the draft for comment (征求意见稿), the final report and a
 * self-evaluation's report (自评报告, recorded when the bureau rates it) say, in the sections of the reference reports. The API builds it from the evaluation (report-model.builder.ts), every
 * approval keeps it as its snapshot, every issued document stores it, and the Word template, the in-page preview and
 * the comparison of two versions all read this one shape. Amounts are already formatted in the budget data's unit
 * (text, as the report prints them): the model is a document, not a ledger.
 */

export const REPORT_MODEL_VERSION = 1 as const;

/** draft: 征求意见稿, final: 正式报告 (of a key evaluation); self: a self-evaluation's 自评报告, issued at its rating. */
export const REPORT_KINDS = ['draft', 'final', 'self'] as const;
export const reportKindSchema = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof reportKindSchema>;
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { draft: '征求意见稿', final: '正式报告', self: '自评报告' };

/** The bureau's rating of a self-evaluation (审核等级, the `rate` transition's parameter), as the report prints it. */
export const REVIEW_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];
export const REVIEW_RATING_LABELS: Record<ReviewRating, string> = { excellent: '优', good: '良', fair: '中', poor: '差' };

export const REPORT_SECTIONS = [
  { key: 'basis', zh: '评价依据和方法' },
  { key: 'overview', zh: '部门概况' },
  { key: 'budget', zh: '预算配置、管理和使用情况' },
  { key: 'goals', zh: '绩效目标' },
  { key: 'outputs', zh: '产出与效益' },
  { key: 'priorYear', zh: '上年度问题整改情况' },
  { key: 'findings', zh: '存在的问题' },
  { key: 'conclusion', zh: '评价结论' },
  { key: 'scoreTable', zh: '评分表' },
] as const;
export type ReportSectionKey = (typeof REPORT_SECTIONS)[number]['key'];

/** 一、二、三… for section numbers (up to 99, more than a report has). */
export function chineseNumeral(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}

const text = z.string();
const nullableText = z.string().nullable();

export const fundRowSchema = z.object({
  /** 合计, 基本支出, 人员经费, 公用经费, 项目支出, or a project's name. */
  item: text,
  carriedIn: nullableText,
  initial: nullableText,
  adjustments: nullableText,
  allotted: nullableText,
  spent: nullableText,
  carryOver: nullableText,
  /** 执行率, e.g. "89.39%"; null when it cannot be computed. */
  executionRate: nullableText,
});
export type FundRow = z.infer<typeof fundRowSchema>;

export const reportMetricSchema = z.object({ name: text, subject: nullableText, value: text, figures: text, formula: text });
export type ReportMetric = z.infer<typeof reportMetricSchema>;

export const reportBudgetSchema = z.object({
  /** 元 or 万元: every amount below is in it. */
  unitLabel: text,
  /** 预算配置: the whole budget split into basic and project spending. */
  allocation: z.array(fundRowSchema),
  /** 项目资金: one line per project. */
  projects: z.array(fundRowSchema),
  /** 三公经费 and the other computed metrics (预算执行率, 调整率, …). */
  metrics: z.array(reportMetricSchema),
});
export type ReportBudget = z.infer<typeof reportBudgetSchema>;

export const reportFindingSchema = z.object({
  seq: z.number().int(),
  /** Its number in the report (1, 2, …: withdrawn findings are left out, so it may differ from seq). */
  number: z.number().int(),
  category: nullableText,
  title: text,
  description: text,
  causeAnalysis: nullableText,
  recommendation: nullableText,
  indicatorCode: nullableText,
  answer: z.enum(['accepted', 'disputed']).nullable(),
  answerText: nullableText,
  adjudication: z.enum(['upheld', 'revised', 'withdrawn']).nullable(),
  adjudicationReason: nullableText,
});
export type ReportFinding = z.infer<typeof reportFindingSchema>;

export const withdrawnFindingSchema = z.object({ seq: z.number().int(), title: text, adjudicationReason: nullableText });

export const scoreRowSchema = z.object({
  code: text,
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  name: text,
  weight: z.number(),
  /** Level 3: the team's score; levels 1–2: the subtotal of the indicators under it. Null when not scored. */
  score: z.number().nullable(),
  deduction: z.number().nullable(),
  /** 扣分理由 (level 3 only). */
  reason: nullableText,
  /** Why the score changed after the draft for comment (level 3 only). */
  changeReason: nullableText,
});
export type ScoreRow = z.infer<typeof scoreRowSchema>;

export const selfEvaluationRowSchema = z.object({
  code: text,
  name: text,
  weight: z.number(),
  target: nullableText,
  actual: nullableText,
  selfScore: z.number().nullable(),
  deviationReason: nullableText,
});
export type SelfEvaluationRow = z.infer<typeof selfEvaluationRowSchema>;

export const priorYearRowSchema = z.object({
  fiscalYear: z.number().int(),
  findingTitle: text,
  measures: nullableText,
  /** 已整改 / 部分整改 / 未整改 …; null when the team has not assessed it yet. */
  assessment: nullableText,
  note: nullableText,
  /** The finding of this report the item became (未整改 / 部分整改): its number among the printed findings. Absent in older snapshots. */
  newFindingNumber: z.number().int().nullable().optional(),
});
export type PriorYearRow = z.infer<typeof priorYearRowSchema>;

/** 整改情况 as the report prints it: the assessment, and the finding of this report the item became, by its number. */
export function priorYearAssessmentText(row: Pick<PriorYearRow, 'assessment' | 'newFindingNumber'>): string {
  const assessment = row.assessment ?? '待评估';
  return row.newFindingNumber ? `${assessment}，列为本报告问题（${chineseNumeral(row.newFindingNumber)}）` : assessment;
}

export const reportModelSchema = z.object({
  modelVersion: z.literal(REPORT_MODEL_VERSION),
  evaluation: z.object({
    id: z.string(),
    reference: text,
    kind: z.enum(['key', 'self']),
    scope: text,
    title: text,
    projectName: nullableText,
    fiscalYear: z.number().int(),
    departmentName: text,
    commissioningOrganisationName: text,
    evaluatorOrganisationName: nullableText,
    frameworkName: nullableText,
    frameworkVersion: z.number().int().nullable(),
    /** 文号 as it stands when the model is built; the draft prints none whatever this says. */
    reportNumber: nullableText,
    /** The terms an approval approves besides the content (ARCHITECTURE rule 4): the team (评价组) and the stage deadlines. */
    team: z.array(z.object({ displayName: text, role: z.enum(['lead', 'member']) })).default([]),
    deadlines: z.array(z.object({ key: text, dueOn: text })).default([]),
    /** 审核意见: the bureau's opinion on a self-evaluation, which its rating approves. */
    reviewOpinion: nullableText.default(null),
    /** 审核等级: the rating the bureau gives a self-evaluation (the `rate` transition's parameter); null before it. */
    rating: z.enum(REVIEW_RATINGS).nullable().default(null),
  }),
  basis: z.object({
    /** 文件依据: one document per line. */
    legalBasis: z.array(text),
    method: text,
    framework: text,
  }),
  overview: text,
  budget: reportBudgetSchema.nullable(),
  goals: text,
  outputs: text,
  /** The department's own 存在的问题 and 改进措施 (its self-evaluation narrative; a self-evaluation report prints them). */
  problems: text.default(''),
  improvements: text.default(''),
  priorYear: z.array(priorYearRowSchema),
  /** Every finding of the report, adjudication applied: withdrawn ones are left out (listed in withdrawnFindings). */
  findings: z.array(reportFindingSchema),
  withdrawnFindings: z.array(withdrawnFindingSchema),
  /** A self-evaluation's: total and grade from the department's self-scores (自评得分); the text adds the bureau's rating. */
  conclusion: z.object({
    total: z.number().nullable(),
    totalWeight: z.number(),
    grade: z.enum(['excellent', 'good', 'fair', 'poor']).nullable(),
    gradeLabel: nullableText,
    /** The conclusion as a sentence (评价结论). */
    text: text,
  }),
  scoreTable: z.array(scoreRowSchema),
  /** 自评表: only for a self-evaluation, the department's own scores. */
  selfEvaluationTable: z.array(selfEvaluationRowSchema).nullable(),
});
export type ReportModel = z.infer<typeof reportModelSchema>;

/**
 * An approval's snapshot read back: the report model for entries written since issue 12, null for the older ones
 * (their untyped shape — evaluation, indicators, selfEvaluationReport, findings — stays as written and is shown raw).
 */
export function reportModelOfSnapshot(snapshot: unknown): ReportModel | null {
  if (!snapshot || typeof snapshot !== 'object' || (snapshot as { modelVersion?: unknown }).modelVersion !== REPORT_MODEL_VERSION) return null;
  const parsed = reportModelSchema.safeParse(snapshot);
  return parsed.success ? parsed.data : null;
}

/** A score as the report prints it: two decimals dropped when whole ("18", "17.5", "17.25"); "—" when none. */
export function formatPoints(value: number | null): string {
  if (value === null) return '—';
  return String(Math.round(value * 100) / 100);
}
