import { z } from 'zod';
import { documentRequestSchema, rectificationItemSchema } from './workflow-item.schema';
import { ERROR_CODES, type ErrorCode } from '../errors';
import { METRIC_KEYS } from '../budget/metric-catalog';
import { NARRATIVE_SECTIONS } from '../evaluations';
import { errorBodySchema } from './common.schema';
import { organisationSchema } from './organisation.schema';
import { meSchema, userSchema } from './user.schema';
import { evaluationSchema, findingSchema, historyEntrySchema, indicatorRowSchema, taskSchema } from './evaluation.schema';
import { FRAMEWORK_SCOPES, frameworkNodeSchema } from './framework.schema';
import { PROPOSAL_STATUSES, budgetDataDocumentSchema, thresholdSchema } from './budget.schema';

/**
 * Response bodies of the API that had no zod schema yet (the request schemas and the entity schemas live beside
 * their feature). The API declares each route's answer with these (`@ZodResponse`), so the OpenAPI document tells
 * a generated client the real shape; tests/integration/openapi.test.ts checks real answers against them.
 * Objects are closed (additionalProperties: false in the document): a field the API adds must be added here.
 */

/** {code, message, details} with the code one of ERROR_CODES (libs/domain/src/errors.ts). */
export const errorResponseSchema = errorBodySchema.extend({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
});

/** One page of a list, as every paginated route answers: the items and where they are in the whole. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });

/** An unpaginated list wrapped as {items}. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/* Organisations, users, regions, sign-in. */

export const organisationPageSchema = pageOf(organisationSchema);
export const userPageSchema = pageOf(userSchema);
/** GET /auth/me: the user and their packed CASL rules (as the sign-in answer carries them). */
export const meResponseSchema = z.object({
  user: meSchema,
  rules: z.array(z.unknown()).describe('packed CASL rules (@casl/ability/extra packRules)'),
});

/* Evaluations. */

export const evaluationPageSchema = pageOf(evaluationSchema);
export const taskPageSchema = pageOf(taskSchema);
/** GET /evaluations/:id/history: the append-only history, oldest first. */
export const evaluationHistorySchema = itemsOf(historyEntrySchema);
export const findingListSchema = itemsOf(findingSchema);
export const handOverResponseSchema = z.object({ notified: z.literal(true) });

const scoreSummarySchema = z.object({
  total: z.number().nullable(),
  complete: z.boolean(),
  grade: z.string().nullable(),
  gradeLabel: z.string().nullable(),
});

/** IndicatorTotalsDto (framework.schema.ts) as a schema. */
export const indicatorTotalsSchema = z.object({
  levels: z.array(
    z.object({
      code: z.string(),
      level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      weight: z.number(),
      self: z.number().nullable(),
      evaluator: z.number().nullable(),
      difference: z.number().nullable(),
    }),
  ),
  self: scoreSummarySchema,
  /** null when the caller may not see the team's scores yet. */
  evaluator: scoreSummarySchema.nullable(),
  totalDifference: z.number().nullable(),
});

/** A row of GET /evaluations/:id/indicators: the entries, the scoring columns (IndicatorScoringDto) and the node's texts. */
export const indicatorViewRowSchema = indicatorRowSchema.extend({
  ruleScore: z.number().nullable(),
  ruleExplanation: z.string().nullable(),
  missesTarget: z.boolean().nullable(),
  deviationReasonRequired: z.boolean(),
  difference: z.number().nullable(),
  scoringKind: z.string().nullable(),
  points: z.string().nullable(),
  rule: z.string().nullable(),
});

export const indicatorsResponseSchema = z.object({
  frameworkVersionId: z.string().nullable(),
  /** false while the evaluated department may not see the team's scores (before the draft for comment). */
  scoresVisible: z.boolean(),
  rows: z.array(indicatorViewRowSchema),
  totals: indicatorTotalsSchema,
});

/** GET/PUT /evaluations/:id/self-evaluation: the narrative (自评报告) and the budget figures in fen. */
export const selfEvaluationReportSchema = z.object({
  narrative: z.partialRecord(z.enum(NARRATIVE_SECTIONS), z.string()),
  budgetFen: z.number().int().nullable(),
  spentFen: z.number().int().nullable(),
  sections: z.array(z.enum(NARRATIVE_SECTIONS)).readonly(),
  updatedAt: z.string().nullable(),
});

/* Frameworks. */

const frameworkVersionFields = {
  id: z.string(),
  /** The family: versions of one framework share it. */
  code: z.string(),
  /** null while a draft. */
  version: z.number().int().nullable(),
  name: z.string(),
  scope: z.enum(FRAMEWORK_SCOPES),
  builtIn: z.boolean(),
  /** Owning finance bureau; null for the built-in templates. */
  organisationId: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  basedOnId: z.string().nullable(),
  /** Optimistic-lock counter of a draft. */
  revision: z.number().int(),
  updatedAt: z.string(),
};

/** FrameworkVersionDto (framework.schema.ts) as a schema: one version with its tree. */
export const frameworkVersionSchema = z.object({
  ...frameworkVersionFields,
  declaredLevel1Weights: z.record(z.string(), z.number()).nullable(),
  nodes: z.array(frameworkNodeSchema),
  /** Only from the editing routes: what keeps it from being published. */
  problems: z.array(z.string()).optional(),
});

/** GET /frameworks: the versions without their trees. */
export const frameworkListSchema = itemsOf(
  z.object({
    ...frameworkVersionFields,
    declaredLevel1Weights: z.record(z.string(), z.number()).nullable(),
    indicatorCount: z.number().int(),
    /** Whether the caller may edit it (a draft of their bureau). */
    editable: z.boolean(),
  }),
);

/** POST /frameworks/:id/validate: what keeps the version from being published (empty when valid). */
export const frameworkProblemsSchema = z.object({
  problems: z.array(z.string()),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

/* Budget data, metrics, proposed findings, thresholds. */

/** ProposalFigures (libs/domain/src/budget/proposed-findings.ts): the figures a proposed finding quotes. */
const proposalFiguresSchema = z.object({
  metric: z.enum(METRIC_KEYS),
  subject: z.string().nullable(),
  value: z.number(),
  text: z.string(),
  numerator: z.string(),
  denominator: z.string(),
  quantity: z.string().describe('what numerator and denominator count: fen, heads, items …'),
  figures: z.string(),
  formula: z.string(),
  /** The variant that computed it and its name; absent on figures stored before variants existed. */
  variant: z.string().optional(),
  variantZh: z.string().optional(),
  threshold: z.object({ comparator: z.enum(['gte', 'lte']), hundredths: z.number().int(), text: z.string(), basis: z.string().nullable() }),
});

/** What a 资料未提供 proposal quotes (metric `document_not_provided`): the item, the department's reason, the indicators. */
export const documentNotProvidedFiguresSchema = z.object({
  kind: z.literal('document_not_provided'),
  documentRequestId: z.string(),
  title: z.string(),
  reason: z.string(),
  indicators: z.array(z.object({ code: z.string(), name: z.string().nullable() })),
});

/** ProposedFindingDto (budget.schema.ts) as a schema. */
export const proposedFindingSchema = z.object({
  id: z.string(),
  evaluationId: z.string(),
  metric: z.string(),
  subject: z.string().nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  figures: z.union([proposalFiguresSchema, documentNotProvidedFiguresSchema]),
  indicatorCode: z.string().nullable(),
  suggestedDeduction: z.number().nullable(),
  /** The document-request item a 资料未提供 proposal is about; null for the metric-driven ones. */
  documentRequestId: z.string().nullable(),
  discardReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The finding it was confirmed into. */
  findingId: z.string().nullable(),
  version: z.number().int(),
});
export const proposedFindingListSchema = itemsOf(proposedFindingSchema);
export const confirmProposalResponseSchema = z.object({ proposal: proposedFindingSchema, finding: findingSchema });

/** GET/PUT /evaluations/:id/budget-data: the document (null before the first save) and its version (0: none). */
export const budgetDataResponseSchema = z.object({
  data: budgetDataDocumentSchema.nullable(),
  version: z.number().int().min(0),
  updatedAt: z.string().nullable(),
});

/** The thresholds that apply: of the nearest region with a setting (regionId/regionName), or the defaults (null). */
const thresholdSourceSchema = z.object({
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  thresholds: z.array(thresholdSchema),
});

const variantSourceSchema = z.enum(['framework', 'region', 'default']);

/** MetricResult (libs/domain/src/budget/budget-metrics.ts). */
const metricResultSchema = z.object({
  key: z.enum(METRIC_KEYS),
  zh: z.string(),
  subject: z.string().nullable(),
  value: z.number(),
  text: z.string(),
  numerator: z.string(),
  denominator: z.string(),
  quantity: z.enum(['fen', 'heads', 'items']),
  figures: z.string(),
  formula: z.string(),
  variant: z.string(),
  variantZh: z.string(),
  variantSource: variantSourceSchema,
});

/** BudgetAnalysis (libs/domain/src/budget/budget-analysis.ts) as a schema. */
export const budgetAnalysisSchema = z.object({
  unit: z.string(),
  metrics: z.array(metricResultSchema),
  skipped: z.array(z.object({ key: z.enum(METRIC_KEYS), subject: z.string().nullable(), reason: z.string(), variant: z.string().optional() })),
  /** The formula (口径) in use for every metric that has several, and who chose it. */
  variants: z.array(
    z.object({
      metric: z.enum(METRIC_KEYS),
      zh: z.string(),
      variant: z.string(),
      variantZh: z.string(),
      formula: z.string(),
      source: variantSourceSchema,
      options: z.array(z.object({ variant: z.string(), zh: z.string(), formula: z.string() })),
    }),
  ),
  /** The metrics by the formulas not in use. */
  alternatives: z.array(metricResultSchema),
  flags: z.array(
    z.object({ metric: z.string(), subject: z.string().nullable(), value: z.string(), comparison: z.string(), variant: z.string(), formula: z.string(), threshold: thresholdSchema }),
  ),
  proposals: z.array(
    z.object({
      key: z.string(),
      metric: z.enum(METRIC_KEYS),
      subject: z.string().nullable(),
      category: z.string(),
      title: z.string(),
      description: z.string(),
      figures: proposalFiguresSchema,
      indicatorCode: z.string().nullable(),
      suggestedDeduction: z.string().nullable(),
    }),
  ),
  reported: z.array(
    z.object({
      metric: z.enum(METRIC_KEYS),
      variant: z.string().nullable(),
      formula: z.string().nullable(),
      subject: z.string().nullable(),
      source: z.string().nullable(),
      reported: z.string(),
      computed: z.number().nullable(),
      computedText: z.string().nullable(),
      differenceHundredths: z.number().nullable(),
      tolerance: z.string(),
      status: z.enum(['match', 'differs', 'not_computable']),
      note: z.string(),
    }),
  ),
  reconciliation: z
    .object({
      sourceA: z.object({ name: z.string(), amount: z.string() }),
      sourceB: z.object({ name: z.string(), amount: z.string() }),
      difference: z.string(),
      explained: z.string(),
      unexplained: z.string(),
      differences: z.array(z.object({ item: z.string(), amount: z.string(), reason: z.string().nullable(), flagged: z.boolean() })),
      balanced: z.boolean(),
      problems: z.array(z.string()),
    })
    .nullable(),
  consistency: z.array(z.object({ check: z.string(), expected: z.string(), actual: z.string(), ok: z.boolean(), difference: z.string().optional() })),
});

/** GET /evaluations/:id/metrics: the analysis of the stored data (null before any), the thresholds used, the stored proposals. */
export const budgetMetricsSchema = z.object({
  available: z.boolean(),
  thresholds: thresholdSourceSchema,
  analysis: budgetAnalysisSchema.nullable(),
  proposals: z.array(proposedFindingSchema),
});

/** GET/PUT /budget-thresholds: a region's own setting (null: none), the effective thresholds and the defaults. */
export const budgetThresholdsSchema = z.object({
  regionId: z.string(),
  own: z.object({ thresholds: z.array(thresholdSchema), version: z.number().int(), updatedAt: z.string() }).nullable(),
  effective: thresholdSourceSchema,
  defaults: z.array(thresholdSchema).readonly(),
});

/* Health. */

const serviceCheckSchema = z
  .object({
    status: z.enum(['up', 'down']),
    latencyMs: z.number(),
    error: z.string().optional(),
  })
  .catchall(z.unknown())
  .describe('one service; extra fields say which (backend, host)');

/** GET /health: 200 when every service is up, 503 (same body, status degraded) when any is down. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ database: serviceCheckSchema, queue: serviceCheckSchema, smtp: serviceCheckSchema }),
});

/** The item lifecycles' lists (rectification items, document requests): `{items}` of their records. */
export const rectificationItemListSchema = itemsOf(rectificationItemSchema);
export const documentRequestListSchema = itemsOf(documentRequestSchema);
