import type { FieldIssue } from '../errors';
import { thresholdListSchema } from '../schemas/budget.schema';
import { parseBudgetData, type BudgetData, type ParseResult } from './budget-data';
import {
  checkReportedFigures,
  consistencyChecks,
  reconcile,
  selfReportedFigures,
  type ConsistencyCheck,
  type ReconciliationResult,
  type ReportedFigureCheck,
  type SelfReportedLine,
} from './budget-checks';
import { computeMetrics, type MetricResult, type SkippedMetric, type VariantSelection } from './budget-metrics';
import { METRIC_DEFINITIONS, VARIANT_METRICS, chosenVariant, type MetricKey, type VariantSource } from './metric-catalog';
import { proposeFindings, type ProposedFindingDraft } from './proposed-findings';
import { evaluateThresholds, orderThresholds, thresholdVariants, toThreshold, toThresholdInput, type Threshold } from './thresholds';

/** Everything the data allows at once: what the CLI prints and `GET …/metrics` returns. All values are JSON-safe. */
export interface BudgetAnalysis {
  unit: BudgetData['unit'];
  metrics: MetricResult[];
  skipped: SkippedMetric[];
  /** The formula (口径) in use for every metric that has several, and who chose it. */
  variants: VariantInUse[];
  /** The metrics by the formulas not in use. */
  alternatives: MetricResult[];
  flags: { metric: string; subject: string | null; value: string; comparison: string; variant: string; formula: string; threshold: ReturnType<typeof toThresholdInput> }[];
  proposals: ProposedFindingDraft[];
  reported: ReportedFigureCheck[];
  reconciliation: ReconciliationResult | null;
  consistency: ConsistencyCheck[];
}

export interface VariantInUse {
  metric: MetricKey;
  zh: string;
  variant: string;
  variantZh: string;
  formula: string;
  source: VariantSource;
  /** Every variant the metric has: key, name, formula. */
  options: { variant: string; zh: string; formula: string }[];
}

/** The variant each metric with several formulas uses under `selection`. */
export function variantsInUse(selection: VariantSelection = {}): VariantInUse[] {
  return VARIANT_METRICS.map((metric) => {
    const { variant, source } = chosenVariant(metric, selection.framework, selection.region);
    const definition = METRIC_DEFINITIONS[metric];
    return {
      metric,
      zh: definition.zh,
      variant: variant.key,
      variantZh: variant.zh,
      formula: variant.formula,
      source,
      options: definition.variants.map((v) => ({ variant: v.key, zh: v.zh, formula: v.formula })),
    };
  });
}

/**
 * `selection`: the variants the framework version and the region choose (issue 14).
 * `selfReported`: the metric-bound lines of the self-evaluation form, recomputed alongside the figures the budget data
 * itself lists as reported (issue 4 item 6).
 */
export function analyseBudget(
  data: BudgetData,
  thresholds: readonly Threshold[],
  selfReported: readonly SelfReportedLine[] = [],
  selection: VariantSelection = {},
): BudgetAnalysis {
  // Without an explicit choice the region's is what its thresholds name.
  const chosen: VariantSelection = { framework: selection.framework, region: selection.region ?? thresholdVariants(thresholds) };
  const { metrics, skipped, unit, alternatives } = computeMetrics(data, chosen);
  const flags = evaluateThresholds(metrics, orderThresholds(thresholds), data);
  return {
    unit,
    metrics,
    skipped,
    variants: variantsInUse(chosen),
    alternatives,
    flags: flags.map((flag) => ({
      metric: flag.metric.key,
      subject: flag.metric.subject,
      value: flag.metric.text,
      comparison: flag.comparison,
      variant: flag.metric.variant,
      formula: flag.metric.formula,
      threshold: toThresholdInput(flag.threshold),
    })),
    proposals: proposeFindings(flags),
    reported: checkReportedFigures([...data.reported, ...selfReportedFigures(selfReported, metrics)], metrics, alternatives),
    reconciliation: reconcile(data),
    consistency: consistencyChecks(data),
  };
}

/** Parses a thresholds list (the CLI's --thresholds file; a region's setting). */
export function parseThresholds(input: unknown): ParseResult<Threshold[]> {
  const parsed = thresholdListSchema.safeParse(input);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
    return { ok: false, issues };
  }
  return { ok: true, value: parsed.data.map(toThreshold) };
}

export { parseBudgetData };
