import { z } from 'zod';
import { METRIC_KEYS, variantChoiceProblems } from '../budget/metric-catalog';
import type { ProposedFindingDraft } from '../budget/proposed-findings';

/*
 * Budget data of an evaluation (DOMAIN §4) as people write it: amounts are decimal strings in one document-level unit
 * (元 or 万元), exactly as the report prints them, converted to integer fen by `toBudgetData` (no floats, and more
 * decimals than the unit allows is refused with the field path rather than rounded). docs/budget-data.schema.json
 * is generated from `budgetDataDocumentSchema` (scripts/generate-budget-schema.cjs).
 */

export const BUDGET_UNITS = ['yuan', 'wan_yuan'] as const;
export type BudgetUnit = (typeof BUDGET_UNITS)[number];
/** Decimals a unit allows: 元 to the fen (2), 万元 to the fen (6). */
export const UNIT_DECIMALS: Record<BudgetUnit, number> = { yuan: 2, wan_yuan: 6 };
export const UNIT_LABELS: Record<BudgetUnit, string> = { yuan: '元', wan_yuan: '万元' };

const AMOUNT_PATTERN = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
/**
 * The most integer digits an amount may have: 13 (just under 10 万亿 in either unit). Real figures are far smaller —
 * a province's whole budget is a few 万亿元 — and the cap keeps an absurd string from reaching the arithmetic;
 * `amountToFen` then bounds the value itself (MAX_AMOUNT_FEN).
 */
export const MAX_AMOUNT_INTEGER_DIGITS = 13;
function amountWithinDigits(value: string): boolean {
  // Decimals are the unit's business (元: 2, 万元: 6), checked with a message naming the unit on conversion.
  const [whole] = value.replace(/[-,]/g, '').split('.');
  return whole.replace(/^0+(?=\d)/, '').length <= MAX_AMOUNT_INTEGER_DIGITS;
}

/** "-0", "-0.00": zero has no sign; stored and shown as "0", "0.00". */
export function withoutNegativeZero(value: string): string {
  return /^-[0,]+(\.0+)?$/.test(value) ? value.slice(1) : value;
}

/** "5,381.52", "-6.30", "0.5": thousands separators allowed, sign allowed (adjustments and recoveries can be negative). */
export const amountSchema = z
  .string()
  .trim()
  .regex(AMOUNT_PATTERN, 'not an amount: digits with an optional sign, thousands separators and decimal point')
  .refine(amountWithinDigits, `金额位数过多：整数部分最多 ${MAX_AMOUNT_INTEGER_DIGITS} 位`)
  .overwrite(withoutNegativeZero)
  .describe('Decimal amount in the document unit, e.g. "5,381.52"');

const optionalAmount = amountSchema.nullable().optional();
const text = (max: number) => z.string().trim().min(1, 'required').max(max);

/** 期间: a quarter end (Q1–Q4) or a month end (M01–M12), cumulative from the start of the year. */
export const periodSchema = z.string().regex(/^(Q[1-4]|M(0[1-9]|1[0-2]))$/, 'a period is Q1–Q4 or M01–M12');

/**
 * One line of the fund table (资金使用及调整情况表): opening carry-over, initial, adjustment, allotted, spent, recovered,
 * closing carry-over. Funds available (可支配资金) = 上年结转 + 年初预算 + 预算调整.
 */
export const budgetLineSchema = z
  .object({
    carriedIn: optionalAmount.describe('上年结转 (opening carry-over: last year\'s closing 结转结余 brought into this year)'),
    initial: optionalAmount.describe('年初预算'),
    adjustments: optionalAmount.describe('预算调整 (追加为正, 调减为负)'),
    allotted: optionalAmount.describe('全年指标下达数'),
    spent: optionalAmount.describe('全年支出'),
    recovered: optionalAmount.describe('年末指标收回'),
    carryOver: optionalAmount.describe('年末结转结余 (closing carry-over)'),
  })
  .strict();

export const budgetProjectSchema = budgetLineSchema
  .extend({
    name: text(200).describe('项目名称'),
    /** 期末累计支出 of this project, e.g. {Q3: "39.03"}: the report's "截止第三季度使用资金". */
    cumulativeSpent: z.partialRecord(periodSchema, amountSchema).optional().describe('期末累计支出, keyed by period'),
    keyProject: z.boolean().optional().describe('重点项目 (counted in 重点支出安排率)'),
  })
  .strict();

const cumulativePairSchema = z.object({ allotted: amountSchema.describe('期末累计指标下达数'), spent: amountSchema.describe('期末累计支出') }).strict();

/**
 * One quarter or month: cumulative figures (期末累计, from the start of the year) and/or the period's own (当期); the
 * analysis derives each from the other where the periods before it allow, and checks that they agree and add up to
 * the year's total.
 */
export const budgetPeriodSchema = z
  .object({
    period: periodSchema,
    allotted: amountSchema.optional().describe('期末累计指标下达数 (序时指标下达数)'),
    spent: amountSchema.optional().describe('期末累计支出 (序时执行数)'),
    periodAllotted: amountSchema.optional().describe('当期指标下达数 (this month or quarter alone)'),
    periodSpent: amountSchema.optional().describe('当期支出 (this month or quarter alone)'),
    plannedSpent: amountSchema.optional().describe('期末计划累计支出 (既定支付进度, for 支付进度率)'),
    basic: cumulativePairSchema.optional().describe('基本支出 split'),
    project: cumulativePairSchema.optional().describe('项目支出 split'),
  })
  .strict()
  .refine((p) => [p.allotted, p.spent, p.periodAllotted, p.periodSpent, p.plannedSpent].some((v) => v !== undefined), {
    message: '至少填写累计数或当期数中的一项',
    path: ['spent'],
  });

export const THREE_PUBLIC_KINDS = ['overseas_travel', 'reception', 'vehicles'] as const;
export type ThreePublicKind = (typeof THREE_PUBLIC_KINDS)[number];
export const THREE_PUBLIC_LABELS: Record<ThreePublicKind, string> = {
  overseas_travel: '因公出国(境)费',
  reception: '公务接待费',
  vehicles: '公务用车购置及运行维护费',
};

export const threePublicItemSchema = z
  .object({
    kind: z.enum(THREE_PUBLIC_KINDS),
    budget: optionalAmount.describe('预算数'),
    spent: optionalAmount.describe('决算支出数'),
    lastYear: optionalAmount.describe('上年决算支出数'),
    lastYearBudget: optionalAmount.describe('上年预算数'),
  })
  .strict();

/** 三公经费 as totals only, when a report does not break them down by kind (or to check the kinds against). */
export const threePublicTotalSchema = z
  .object({
    budget: optionalAmount.describe('预算数 合计'),
    spent: optionalAmount.describe('决算支出数 合计'),
    lastYear: optionalAmount.describe('上年决算支出数 合计'),
    lastYearBudget: optionalAmount.describe('上年预算数 合计'),
  })
  .strict();

/** The income sources reports print (收入决算表); others may be written as printed. */
export const INCOME_SOURCES = ['财政拨款收入', '事业收入', '经营收入', '上级补助收入', '附属单位上缴收入', '其他收入'] as const;
/** An income line named so is the total (合计) rather than a source. */
export const INCOME_TOTAL_NAMES = ['合计', '收入合计', '本年收入合计'] as const;

export const incomeItemSchema = z
  .object({
    source: text(100).describe('收入来源, e.g. 财政拨款收入, 事业收入, 其他收入; 合计 for the total'),
    thisYear: optionalAmount.describe('本年收入'),
    lastYear: optionalAmount.describe('上年收入'),
  })
  .strict();

/** 固定资产 (for 固定资产利用率 and the year's movement 年初 + 增加 − 减少 = 年末). */
export const fixedAssetsSchema = z
  .object({
    opening: optionalAmount.describe('年初固定资产总额'),
    additions: optionalAmount.describe('本年增加（购置、调入）'),
    disposals: optionalAmount.describe('本年减少（报废、调出）'),
    closing: optionalAmount.describe('年末固定资产总额 (所有固定资产总额)'),
    inUse: optionalAmount.describe('实际在用固定资产总额'),
  })
  .strict();

const count = (label: string) => z.number().int().min(0).max(1_000_000).optional().describe(label);
/** 履职: work counts of the 53号 output indicators (实际完成率, 完成及时率, 质量达标率, 重点工作办结率). */
export const workSchema = z
  .object({
    planned: count('计划工作数'),
    completed: count('实际完成工作数'),
    completedOnTime: count('及时完成实际工作数'),
    qualified: count('质量达标工作数'),
    keyAssigned: count('重点工作交办或下达数'),
    keyCompleted: count('重点工作实际完成数'),
  })
  .strict();

/** 资金到位 and 成本 (the 53号 project indicators 资金到位率, 到位及时率, 成本节约率). */
export const fundingSchema = z
  .object({
    planned: optionalAmount.describe('计划投入资金'),
    arrived: optionalAmount.describe('实际到位资金'),
    due: optionalAmount.describe('应到位资金'),
    arrivedOnTime: optionalAmount.describe('及时到位资金'),
    plannedCost: optionalAmount.describe('计划成本'),
    actualCost: optionalAmount.describe('实际成本'),
  })
  .strict();

export const reconciliationSchema = z
  .object({
    sourceA: z.object({ name: text(100).describe('e.g. 财政支付系统'), amount: amountSchema }).strict(),
    sourceB: z.object({ name: text(100).describe('e.g. 决算报表'), amount: amountSchema }).strict(),
    /** Each explained difference, sourceA − sourceB for that item. */
    differences: z
      .array(z.object({ item: text(200), amount: amountSchema, reason: z.string().trim().max(500).nullable().optional() }).strict())
      .max(500)
      .default([]),
  })
  .strict();

export const PERCENT_PATTERN = /^-?\d+(\.\d+)?%?$/;
export const reportedFigureSchema = z
  .object({
    metric: z.enum(METRIC_KEYS),
    /** The formula it was computed by, when the metric has variants (`execution_rate` → allotted | funds_available); omitted: the one in use. */
    variant: z.string().trim().max(60).nullable().optional(),
    /** As the metric names it: the period ('Q3'), project name, 三公 kind label, or null for the whole. */
    subject: z.string().trim().max(200).nullable().optional(),
    /** As printed, e.g. "89.39%": the printed decimals set the tolerance (half a unit of the last digit). */
    value: z.string().trim().regex(PERCENT_PATTERN, 'a percentage as printed, e.g. "89.39%"'),
    /** Where the department reported it, e.g. "自评报告 二（一）" or "自评表 预算执行率". */
    source: z.string().trim().max(200).nullable().optional(),
  })
  .strict()
  .superRefine((figure, context) => {
    if (!figure.variant) return;
    for (const problem of variantChoiceProblems({ [figure.metric]: figure.variant })) context.addIssue({ code: 'custom', path: ['variant'], message: problem.message });
  });

export const budgetDataDocumentSchema = z
  .object({
    $comment: z.string().max(2000).optional().describe('Free note: where the figures come from'),
    unit: z.enum(BUDGET_UNITS).describe('Unit of every amount in this document: yuan (元, 2 decimals) or wan_yuan (万元, up to 6 decimals)'),
    fiscalYear: z.number().int().min(2000).max(2100).optional(),
    /** 合计: the whole budget. */
    total: budgetLineSchema.optional(),
    /** 基本支出 with its 人员经费 (staff) and 公用经费 (running costs). */
    basic: budgetLineSchema.extend({ staff: budgetLineSchema.optional(), running: budgetLineSchema.optional() }).strict().optional(),
    /** 项目支出 in total; the project list below. */
    project: budgetLineSchema.optional(),
    projects: z.array(budgetProjectSchema).max(1000).default([]),
    periods: z.array(budgetPeriodSchema).max(16).default([]),
    threePublic: z.array(threePublicItemSchema).max(3).default([]),
    threePublicTotal: threePublicTotalSchema.optional().describe('“三公经费”合计, when not broken down by kind'),
    income: z.array(incomeItemSchema).max(50).default([]).describe('收入 by source, this year and last year'),
    fixedAssets: fixedAssetsSchema.optional(),
    work: workSchema.optional(),
    funding: fundingSchema.optional(),
    procurement: z.object({ budget: amountSchema.describe('政府采购预算'), actual: amountSchema.describe('实际政府采购金额') }).strict().optional(),
    staffing: z
      .object({
        establishment: z.number().int().min(0).max(1_000_000).describe('编制数'),
        inPost: z.number().int().min(0).max(1_000_000).describe('实有在职人数'),
      })
      .strict()
      .optional(),
    reconciliation: reconciliationSchema.optional(),
    reported: z.array(reportedFigureSchema).max(500).default([]),
  })
  .strict()
  .superRefine((document, context) => {
    const seen = (values: string[], path: (index: number) => (string | number)[], what: string) => {
      const first = new Map<string, number>();
      values.forEach((value, index) => {
        if (first.has(value)) context.addIssue({ code: 'custom', path: path(index), message: `${what} "${value}" appears twice` });
        else first.set(value, index);
      });
    };
    seen(document.projects.map((p) => p.name), (i) => ['projects', i, 'name'], 'project');
    seen(document.periods.map((p) => p.period), (i) => ['periods', i, 'period'], 'period');
    seen(document.threePublic.map((p) => p.kind), (i) => ['threePublic', i, 'kind'], '三公 kind');
    seen(
      document.income.map((p) => ((INCOME_TOTAL_NAMES as readonly string[]).includes(p.source) ? '合计' : p.source)),
      (i) => ['income', i, 'source'],
      'income source',
    );
  });
export type BudgetDataDocument = z.infer<typeof budgetDataDocumentSchema>;
/** What a caller writes (defaults not yet applied). */
export type BudgetDataDocumentInput = z.input<typeof budgetDataDocumentSchema>;

/* Thresholds (阈值) per jurisdiction. */

export const THRESHOLD_COMPARATORS = ['gte', 'lte'] as const;
export type ThresholdComparator = (typeof THRESHOLD_COMPARATORS)[number];

export const thresholdSchema = z
  .object({
    metric: z.enum(METRIC_KEYS),
    /** Only this subject (e.g. 'Q3'); omitted: every subject of the metric. */
    subject: z.string().trim().max(200).nullable().optional(),
    /** gte: the value must be at least `percent` (a crossing is below it); lte: at most. */
    comparator: z.enum(THRESHOLD_COMPARATORS),
    percent: z.string().trim().regex(/^-?\d{1,6}(\.\d{1,2})?$/, 'a percentage with at most two decimals, e.g. "80.00"'),
    /** Per-project metrics: projects allotted less than this (元) are below materiality and not flagged. */
    minAllottedYuan: z.string().trim().regex(/^\d{1,13}(\.\d{1,2})?$/, 'an amount in 元 (at most 13 digits before the point)').nullable().optional(),
    /** Why this standard value (shown with the flag). */
    basis: z.string().trim().max(500).nullable().optional(),
    /**
     * The formula (口径) the standard is set for, when the metric has several: the region measures the metric by it
     * (a framework version's metric-bound rule naming another one wins, and then this threshold does not apply).
     */
    variant: z.string().trim().max(60).nullable().optional(),
  })
  .strict()
  .superRefine((threshold, context) => {
    if (!threshold.variant) return;
    for (const problem of variantChoiceProblems({ [threshold.metric]: threshold.variant })) context.addIssue({ code: 'custom', path: ['variant'], message: problem.message });
  });
export type ThresholdInput = z.infer<typeof thresholdSchema>;

/** A region's thresholds: at most one formula per metric (two thresholds of one metric naming different ones is refused). */
const thresholdList = z
  .array(thresholdSchema)
  .max(200)
  .superRefine((thresholds, context) => {
    const chosen = new Map<string, string>();
    thresholds.forEach((threshold, index) => {
      if (!threshold.variant) return;
      const earlier = chosen.get(threshold.metric);
      if (earlier && earlier !== threshold.variant) {
        context.addIssue({ code: 'custom', path: [index, 'variant'], message: `同一指标只能选一种口径：${threshold.metric} 已选 ${earlier}` });
      } else chosen.set(threshold.metric, threshold.variant);
    });
  });

/**
 * A choice of formula per metric (口径): metric key → variant key, e.g. {"execution_rate": "funds_available"} (the CLI's
 * --variants file). A region chooses through its thresholds (`variant`), a framework version through its metric-bound rules.
 */
export const variantChoicesSchema = z
  .record(z.string().max(60), z.string().trim().max(60))
  .superRefine((choices, context) => {
    for (const problem of variantChoiceProblems(choices)) context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });

export const thresholdSetSchema = z
  .object({
    thresholds: thresholdList,
    /** Optimistic lock: the version read (0 when the region has no setting yet). */
    expectedVersion: z.number().int().min(0),
  })
  .strict();
export type ThresholdSetInput = z.infer<typeof thresholdSetSchema>;

/** The CLI's and the API's thresholds file: a bare list. */
export const thresholdListSchema = thresholdList;

/* Proposed findings. */

export const PROPOSAL_STATUSES = ['proposed', 'confirmed', 'discarded', 'obsolete'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A proposed finding (问题线索) as the API returns it: the draft the metrics made, and what the evaluator decided. */
/** The figures of a 资料未提供 proposal (metric `document_not_provided`). */
export interface DocumentNotProvidedFigures {
  kind: 'document_not_provided';
  documentRequestId: string;
  title: string;
  reason: string;
  indicators: { code: string; name: string | null }[];
}

export interface ProposedFindingDto {
  id: string;
  evaluationId: string;
  metric: string;
  subject: string | null;
  status: ProposalStatus;
  category: string;
  title: string;
  description: string;
  figures: ProposedFindingDraft['figures'] | DocumentNotProvidedFigures;
  indicatorCode: string | null;
  suggestedDeduction: number | null;
  /** The document-request item a 资料未提供 proposal is about; null for the metric-driven ones. */
  documentRequestId: string | null;
  discardReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The finding it was confirmed into. */
  findingId: string | null;
  version: number;
}

export const discardProposalSchema = z.object({ reason: z.string().trim().min(2, 'give the reason').max(2000) }).strict();
export type DiscardProposalInput = z.infer<typeof discardProposalSchema>;

export const confirmProposalSchema = z
  .object({
    /** The evaluator may adjust the suggested deduction (points, two decimals) or the text before confirming. */
    deduction: z.number().min(0).max(100).multipleOf(0.01).nullable().optional(),
    title: z.string().trim().min(2).max(200).optional(),
    description: z.string().trim().min(2).max(5000).optional(),
    /** 问题剖析 and 建议, asked for right in the confirm dialog: the draft for comment cannot go out without them. */
    causeAnalysis: z.string().trim().max(5000).nullable().optional(),
    recommendation: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();
export type ConfirmProposalInput = z.infer<typeof confirmProposalSchema>;

/** PUT body: the document and the version it was based on (0: none yet), so two editors cannot overwrite each other. */
export const putBudgetDataSchema = z.object({ expectedVersion: z.number().int().min(0), data: z.unknown() }).strict();

/** The JSON Schema of the budget data file (docs/budget-data.schema.json), generated so it cannot drift from the zod schema. */
export function budgetDataJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(budgetDataDocumentSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://evalflow.local/schemas/budget-data.schema.json',
    title: 'Evalflow budget data (预算数据)',
    description: 'Budget data of one evaluation (DOMAIN §4). Amounts are decimal strings in the document unit; see docs/budget-data.md.',
  };
}
