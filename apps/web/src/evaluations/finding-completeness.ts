import type { EvaluationKind, FindingDto } from '@evalflow/domain';

/** The guard of the draft for comment that reads the findings (libs/workflow: every finding has cause and recommendation). */
export const FINDINGS_COMPLETE_GUARD = 'findings_complete';

const blank = (text: string | null) => !text?.trim();

/**
 * Mirrors the API's fact (evaluation-facts.ts, findingsComplete) to point at the findings to complete: a finding not
 * withdrawn whose 问题剖析 or 建议 is empty. The API still decides; this only tells the user where to look.
 */
export function lacksAnalysis(finding: FindingDto): boolean {
  return finding.adjudication !== 'withdrawn' && (blank(finding.causeAnalysis) || blank(finding.recommendation));
}

/** "问题剖析/建议", "问题剖析" or "建议": what the finding still lacks. */
export function missingAnalysisLabel(finding: FindingDto): string {
  const missing = [blank(finding.causeAnalysis) && '问题剖析', blank(finding.recommendation) && '建议'].filter(Boolean);
  return `缺少${missing.join('/')}`;
}

/** The findings tab's name, where the user completes them. */
export const findingsTabLabel = (kind: EvaluationKind) => (kind === 'key' ? '问题清单' : '审核意见与问题');
