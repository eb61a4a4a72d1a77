import { NARRATIVE_SECTIONS, STAGE_DEADLINES, scoreIndicator, type EvaluationKind, type FrameworkNode } from '@evalflow/domain';
import type { EvaluationKeyFacts, EvaluationSelfFacts } from '@evalflow/workflow';
import { TODAY_SQL, type Queryable } from './evaluation.repository';

export type EvaluationFacts = EvaluationKeyFacts & EvaluationSelfFacts;

/*
 * The facts the lifecycle guards read, computed from the evaluation's data in one query (inside the transition's
 * transaction, so the guards see exactly what the transition commits against). Rules worth naming:
 * - the scored indicators are the level-3 nodes of the framework version the evaluation was commissioned with;
 * - a score below an indicator's weight is a deduction: the team must give its reason (扣分说明);
 * - the department owes a deviation analysis (偏差及原因分析) where the actual misses the target — the domain decides
 *   that (libs/domain scoreIndicator: by the numbers for quantitative and metric rules, else a self-score below the
 *   weight), so that fact is computed in TypeScript from rows read in the same transaction;
 * - a finding withdrawn in adjudication no longer counts; an accepted answer needs no adjudication, a dispute does;
 * - a score that differs from the one in the draft for comment must record why (DOMAIN §2.4).
 */

/** The level-3 nodes of the evaluation's framework version with the department's form entries. */
const FORM_ENTRIES_SQL = `
SELECT n AS node, x.actual, x.self_score::float AS "selfScore", x.deviation_reason AS "deviationReason"
FROM evaluations ev JOIN framework_versions fv ON fv.id = ev.framework_version_id CROSS JOIN LATERAL jsonb_array_elements(fv.nodes) n
LEFT JOIN evaluation_indicator_entries x ON x.evaluation_id = ev.id AND x.code = n->>'code'
WHERE ev.id = $1 AND (n->>'level')::int = 3
`;

const FACTS_SQL = `
WITH ev AS (SELECT * FROM evaluations WHERE id = $1),
indicators AS (
  SELECT n->>'code' AS code, (n->>'weight')::numeric AS weight
  FROM ev JOIN framework_versions fv ON fv.id = ev.framework_version_id, jsonb_array_elements(fv.nodes) n
  WHERE (n->>'level')::int = 3
),
entries AS (
  SELECT i.code, i.weight, x.target, x.actual, x.self_score, x.deviation_reason, x.score, x.deduction_reason, x.score_at_draft, x.change_reason
  FROM indicators i LEFT JOIN evaluation_indicator_entries x ON x.evaluation_id = $1 AND x.code = i.code
),
live_findings AS (SELECT * FROM findings WHERE evaluation_id = $1 AND adjudication IS DISTINCT FROM 'withdrawn'),
report AS (SELECT * FROM self_evaluation_reports WHERE evaluation_id = $1)
SELECT
  (SELECT framework_version_id IS NOT NULL FROM ev) AS "frameworkSelected",
  EXISTS (SELECT 1 FROM evaluation_team_members WHERE evaluation_id = $1 AND role = 'lead') AS "teamAssigned",
  (SELECT count(*) FROM evaluation_deadlines WHERE evaluation_id = $1 AND key = ANY($2)) = cardinality($2) AS "deadlinesSet",
  (EXISTS (SELECT 1 FROM entries) AND NOT EXISTS (SELECT 1 FROM entries WHERE self_score IS NULL OR btrim(coalesce(target, '')) = '' OR btrim(coalesce(actual, '')) = '')) AS "selfScoresComplete",
  EXISTS (SELECT 1 FROM report WHERE budget_fen IS NOT NULL AND spent_fen IS NOT NULL) AS "budgetDataEntered",
  EXISTS (SELECT 1 FROM report WHERE (SELECT bool_and(btrim(coalesce(report.narrative->>s, '')) <> '') FROM unnest($3::text[]) s)) AS "narrativeComplete",
  (EXISTS (SELECT 1 FROM entries) AND NOT EXISTS (SELECT 1 FROM entries WHERE score IS NULL)) AS "allIndicatorsScored",
  NOT EXISTS (SELECT 1 FROM entries WHERE score < weight AND btrim(coalesce(deduction_reason, '')) = '') AS "deductionsHaveReasons",
  NOT EXISTS (SELECT 1 FROM live_findings WHERE btrim(coalesce(cause_analysis, '')) = '' OR btrim(coalesce(recommendation, '')) = '') AS "findingsComplete",
  (SELECT count(*)::int FROM document_requests WHERE evaluation_id = $1 AND state <> 'accepted') AS "openDocumentRequests",
  EXISTS (SELECT 1 FROM evaluation_deadlines WHERE evaluation_id = $1 AND key = 'comment_period' AND due_on < ${TODAY_SQL}) AS "commentDeadlinePassed",
  (SELECT count(*)::int FROM live_findings WHERE answer IS NULL) AS "unansweredFindings",
  (SELECT count(*)::int FROM live_findings WHERE answer = 'disputed' AND adjudication IS NULL) AS "unadjudicatedAnswers",
  NOT EXISTS (SELECT 1 FROM entries WHERE score_at_draft IS NOT NULL AND score IS DISTINCT FROM score_at_draft AND btrim(coalesce(change_reason, '')) = '') AS "scoreChangesHaveReasons",
  (SELECT btrim(coalesce(report_number, '')) <> '' FROM ev) AS "reportNumberAssigned",
  EXISTS (SELECT 1 FROM ev JOIN report_number_patterns p ON p.issuer_organisation_id = ev.commissioning_organisation_id) AS "reportNumberSeries",
  (SELECT count(*)::int FROM live_findings) AS "findingCount",
  (SELECT count(*)::int FROM rectification_items WHERE evaluation_id = $1 AND state NOT IN ('verified', 'carried_over')) AS "openRectificationItems",
  (SELECT btrim(coalesce(review_opinion, '')) <> '' FROM ev) AS "reviewOpinionWritten",
  (SELECT coalesce(json_agg(json_build_object('node', f.node, 'actual', f.actual, 'selfScore', f."selfScore", 'deviationReason', f."deviationReason")), '[]')
   FROM (${FORM_ENTRIES_SQL}) f) AS "formEntries"
`;


interface FormEntry {
  node: FrameworkNode;
  actual: string | null;
  selfScore: number | null;
  deviationReason: string | null;
}

/** Every indicator whose actual misses its target (by the domain's rule) carries a deviation reason. */
export function deviationReasonsGiven(entries: readonly FormEntry[]): boolean {
  return entries.every((entry) => {
    const needed = scoreIndicator(entry.node, { actual: entry.actual, givenScore: entry.selfScore }).deviationReasonRequired;
    return !needed || (entry.deviationReason ?? '').trim() !== '';
  });
}

export async function computeEvaluationFacts(runner: Queryable, evaluationId: string, kind: EvaluationKind): Promise<EvaluationFacts> {
  // One round trip: the form entries come along as JSON for the deviation-reason rule computed here.
  const [{ formEntries, ...facts }] = await runner.query(FACTS_SQL, [evaluationId, STAGE_DEADLINES[kind], NARRATIVE_SECTIONS]);
  return { ...facts, deviationReasonsGiven: deviationReasonsGiven(formEntries as FormEntry[]) } as EvaluationFacts;
}
