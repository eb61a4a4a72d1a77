import { z } from 'zod';
import { plainText } from './common.schema';
import { METRIC_KEYS } from '../budget/metric-catalog';
import type { FrameworkNode } from '../frameworks/framework-templates';

/**
 * Request/response shapes of the framework editor (指标体系). The schema checks shapes only (types, lengths, enums);
 * whether a tree is a valid framework (sums, placeholders, declared split …) is `frameworkProblems`, which a draft
 * may fail while it is being edited and a publication may not.
 */
const text = plainText;

export const FRAMEWORK_SCOPES = ['department_whole', 'project'] as const;
export const FRAMEWORK_SCOPE_LABELS: Readonly<Record<(typeof FRAMEWORK_SCOPES)[number], string>> = Object.freeze({
  department_whole: '部门整体支出',
  project: '项目支出',
});

const measureSchema = z.number().finite();

export const scoringRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('higher_is_better'), target: measureSchema, unit: text(20) }).strict(),
  z.object({ kind: z.literal('lower_is_better'), target: measureSchema, unit: text(20) }).strict(),
  z.object({ kind: z.literal('qualitative') }).strict(),
  z.object({ kind: z.literal('budget_execution') }).strict(),
  z
    .object({
      kind: z.literal('metric'),
      metric: z.enum(METRIC_KEYS),
      /** The formula (口径) of a metric with several; checked against the catalogue by frameworkProblems. */
      variant: z.string().trim().min(1).max(60).optional(),
      direction: z.enum(['higher', 'lower']),
      targetHundredths: z.number().int(),
    })
    .strict(),
  z.object({ kind: z.literal('manual'), deduction: text(2000) }).strict(),
]);

export const frameworkNodeSchema = z
  .object({
    code: z.string().trim().min(1).max(20),
    name: text(200).pipe(z.string().min(1, 'required')),
    weight: z.number().finite(),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    parentCode: z.string().trim().min(1).max(20).nullable(),
    points: text(2000).optional(),
    rule: text(2000).optional(),
    target: text(200).optional(),
    scoring: scoringRuleSchema.optional(),
    formula: text(500).optional(),
  })
  .strict();

const declaredSplitSchema = z.record(z.string().min(1).max(20), z.number().finite());

/** Saving a draft: the whole tree at once (the editor holds it), with the version the client last saw. */
export const saveFrameworkDraftSchema = z
  .object({
    name: text(200).pipe(z.string().min(2, 'at least 2 characters')),
    scope: z.enum(FRAMEWORK_SCOPES),
    declaredLevel1Weights: declaredSplitSchema.nullable().optional(),
    nodes: z.array(frameworkNodeSchema).max(500),
    expectedRevision: z.number().int().min(1),
  })
  .strict();
export type SaveFrameworkDraftInput = z.infer<typeof saveFrameworkDraftSchema>;

/** Starting a draft: from a published version (copy), or blank. */
export const createFrameworkDraftSchema = z
  .object({
    fromVersionId: z.uuid().optional(),
    name: text(200).pipe(z.string().min(2, 'at least 2 characters')).optional(),
    scope: z.enum(FRAMEWORK_SCOPES).optional(),
  })
  .strict()
  .refine((input) => input.fromVersionId !== undefined || (input.name !== undefined && input.scope !== undefined), {
    path: ['fromVersionId'],
    message: 'give the version to start from, or a name and scope for a blank draft',
  });
export type CreateFrameworkDraftInput = z.infer<typeof createFrameworkDraftSchema>;

export const publishFrameworkSchema = z.object({ expectedRevision: z.number().int().min(1) }).strict();
export type PublishFrameworkInput = z.infer<typeof publishFrameworkSchema>;

/** A framework version as the API returns it. */
export interface FrameworkVersionDto {
  id: string;
  /** The family: versions of one framework share it. */
  code: string;
  /** null while a draft. */
  version: number | null;
  name: string;
  scope: (typeof FRAMEWORK_SCOPES)[number];
  declaredLevel1Weights: Record<string, number> | null;
  nodes: FrameworkNode[];
  builtIn: boolean;
  /** Owning finance bureau; null for the built-in templates. */
  organisationId: string | null;
  status: 'draft' | 'published';
  publishedAt: string | null;
  basedOnId: string | null;
  /** Optimistic-lock counter of a draft. */
  revision: number;
  updatedAt: string;
  /** Only from the editing routes: what keeps it from being published. */
  problems?: string[];
}

/** The extra scoring columns of GET /evaluations/:id/indicators (level-3 rows). */
export interface IndicatorScoringDto {
  /** The score the rule computes from the actual (where computable), two decimals. */
  ruleScore: number | null;
  ruleExplanation: string | null;
  /** Whether the actual misses the target (deviation reason required) by the domain's rule. */
  missesTarget: boolean | null;
  deviationReasonRequired: boolean;
  /** evaluator score − self-score; null unless both are visible. */
  difference: number | null;
  scoringKind: string | null;
}

export interface LevelTotalDto {
  code: string;
  level: 1 | 2 | 3;
  weight: number;
  self: number | null;
  evaluator: number | null;
  difference: number | null;
}

export interface ScoreSummaryDto {
  total: number | null;
  complete: boolean;
  grade: string | null;
  gradeLabel: string | null;
}

export interface IndicatorTotalsDto {
  levels: LevelTotalDto[];
  self: ScoreSummaryDto;
  /** null when the caller may not see the team's scores yet. */
  evaluator: ScoreSummaryDto | null;
  totalDifference: number | null;
}
