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
import { computeMetrics, type MetricResult, type SkippedMetric } from './budget-metrics';
import { proposeFindings, type ProposedFindingDraft } from './proposed-findings';
import { evaluateThresholds, orderThresholds, toThreshold, toThresholdInput, type Threshold } from './thresholds';

/** Everything the data allows at once: what the CLI prints and `GET …/metrics` returns. All values are JSON-safe. */
export interface BudgetAnalysis {
  unit: BudgetData['unit'];
  metrics: MetricResult[];
  skipped: SkippedMetric[];
  flags: { metric: string; subject: string | null; value: string; comparison: string; threshold: ReturnType<typeof toThresholdInput> }[];
  proposals: ProposedFindingDraft[];
  reported: ReportedFigureCheck[];
  reconciliation: ReconciliationResult | null;
  consistency: ConsistencyCheck[];
}

/**
 * `selfReported`: the metric-bound lines of the self-evaluation form, recomputed alongside the figures the budget data
 * itself lists as reported (issue 4 item 6).
 */
export function analyseBudget(data: BudgetData, thresholds: readonly Threshold[], selfReported: readonly SelfReportedLine[] = []): BudgetAnalysis {
  const { metrics, skipped, unit } = computeMetrics(data);
  const flags = evaluateThresholds(metrics, orderThresholds(thresholds), data);
  return {
    unit,
    metrics,
    skipped,
    flags: flags.map((flag) => ({
      metric: flag.metric.key,
      subject: flag.metric.subject,
      value: flag.metric.text,
      comparison: flag.comparison,
      threshold: toThresholdInput(flag.threshold),
    })),
    proposals: proposeFindings(flags),
    reported: checkReportedFigures([...data.reported, ...selfReportedFigures(selfReported, metrics)], metrics),
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
