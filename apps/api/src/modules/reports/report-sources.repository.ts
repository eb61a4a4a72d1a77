import type { FrameworkNode, ReportPriorYearInput } from '@evalflow/domain';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

/** What the report builder reads beside the evaluations module's rows: the framework tree and the prior-year follow-up. */

export async function frameworkNodesOf(runner: Queryable, frameworkVersionId: string | null): Promise<FrameworkNode[]> {
  if (!frameworkVersionId) return [];
  return (await one<{ nodes: FrameworkNode[] }>(runner, `SELECT nodes FROM framework_versions WHERE id = $1`, [frameworkVersionId]))?.nodes ?? [];
}

/**
 * 上年度问题整改情况: the department's rectification items of earlier years this evaluation follows up (issue 13),
 * with the team's assessment where it made one. Items assessed by this evaluation, and the open ones of earlier years.
 */
export async function priorYearRowsOf(runner: Queryable, evaluationId: string): Promise<ReportPriorYearInput[]> {
  const followups = (await one<{ present: boolean }>(runner, `SELECT to_regclass('prior_year_followups') IS NOT NULL AS present`))?.present ?? false;
  return many<ReportPriorYearInput>(
    runner,
    `SELECT e.fiscal_year AS "fiscalYear", f.title AS "findingTitle", ri.measures,
       ${followups ? `(SELECT p.assessment FROM prior_year_followups p WHERE p.evaluation_id = cur.id AND p.rectification_item_id = ri.id)` : 'NULL'} AS assessment,
       ${followups ? `(SELECT p.note FROM prior_year_followups p WHERE p.evaluation_id = cur.id AND p.rectification_item_id = ri.id)` : 'NULL'} AS note
     FROM evaluations cur
     JOIN evaluations e ON e.department_id = cur.department_id AND e.fiscal_year < cur.fiscal_year
     JOIN rectification_items ri ON ri.evaluation_id = e.id
     JOIN findings f ON f.id = ri.finding_id
     WHERE cur.id = $1 AND (ri.state <> 'verified'${followups ? ` OR EXISTS (SELECT 1 FROM prior_year_followups p WHERE p.evaluation_id = cur.id AND p.rectification_item_id = ri.id)` : ''})
     ORDER BY e.fiscal_year DESC, f.seq`,
    [evaluationId],
  );
}
