/**
 * The columns every item record carries about its evaluation (alias `e`, department `d`): what relations and the
 * read rule need, and what lists show. One fragment for every item lifecycle.
 */
export const EVALUATION_CONTEXT_COLUMNS = `e.id AS "evaluationId", e.reference AS "evaluationReference", e.title AS "evaluationTitle", e.kind AS "evaluationKind",
  e.state AS "evaluationState", e.fiscal_year AS "fiscalYear", e.department_id AS "departmentId", d.name AS "departmentName",
  d.region_id AS "departmentRegionId", e.commissioning_organisation_id AS "commissioningOrganisationId",
  COALESCE((SELECT json_agg(json_build_object('userId', t.user_id, 'role', t.role) ORDER BY t.role, t.user_id)
    FROM evaluation_team_members t WHERE t.evaluation_id = e.id), '[]') AS team`;

/** The evaluation part of an item record, as EVALUATION_CONTEXT_COLUMNS reads it. */
export interface EvaluationContextRow {
  evaluationId: string;
  evaluationReference: string;
  evaluationTitle: string;
  evaluationKind: 'key' | 'self';
  evaluationState: string;
  fiscalYear: number;
  departmentId: string;
  departmentName: string;
  departmentRegionId: string;
  commissioningOrganisationId: string;
  team: { userId: string; role: 'lead' | 'member' }[];
}

/** The evaluation part of an item's answer, as lists and item pages show it. */
export function itemEvaluationOf(row: EvaluationContextRow) {
  return { id: row.evaluationId, reference: row.evaluationReference, title: row.evaluationTitle, fiscalYear: row.fiscalYear, department: { id: row.departmentId, name: row.departmentName } };
}
