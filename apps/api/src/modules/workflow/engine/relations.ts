import type { Relation } from '@evalflow/workflow';

/*
 * How a user stands to a record, written once (issue 10 §5). The workflow's permits and recipients name relations;
 * the TypeScript form decides them for the signed-in user (transitions, actions, tasks), the SQL form finds the
 * users who hold them (notices, reminders, the inbox). tests/integration/relations.test.ts checks that the two
 * agree for every demo user and record.
 */

/** What relations are computed from: the evaluation a record belongs to, and the record's own owner if it has one. */
export interface RelationContext {
  evaluationId: string;
  commissioningOrganisationId: string;
  departmentId: string;
  departmentRegionId: string;
  team: readonly { userId: string; role: 'lead' | 'member' }[];
  /** 事项责任人 of a rectification item or a document request (资料负责人); null for an evaluation or an item without one. */
  itemOwnerUserId: string | null;
}

/** The user as relations see them. */
export interface RelationUser {
  id: string;
  organisationId: string;
  /** The region of the user's organisation and every region below it. */
  jurisdictionRegionIds: readonly string[];
}

export function relationsOf(user: RelationUser, context: RelationContext): Relation[] {
  const relations: Relation[] = [];
  if (user.organisationId === context.commissioningOrganisationId) relations.push('commissioning_bureau');
  if (user.jurisdictionRegionIds.includes(context.departmentRegionId)) relations.push('jurisdiction');
  const membership = context.team.find((member) => member.userId === user.id);
  if (membership?.role === 'lead') relations.push('assigned_lead');
  // The lead is a member too (vocabulary: the API includes assigned_member for the lead).
  if (membership) relations.push('assigned_member');
  if (user.organisationId === context.departmentId) relations.push('evaluated_department');
  if (context.itemOwnerUserId !== null && context.itemOwnerUserId === user.id) relations.push('item_owner');
  return relations;
}

/**
 * The same relations as SQL conditions on a user `u` and a context row `c` with the columns evaluation_id,
 * commissioning_organisation_id, department_id and item_owner_user_id (see SUBJECT_CONTEXT_SQL). Jurisdiction: the
 * department's region is the user's organisation's region or below it (regions.path is the chain from the root).
 */
export const RELATION_SQL: Record<Relation, string> = {
  commissioning_bureau: `u.organisation_id = c.commissioning_organisation_id`,
  evaluated_department: `u.organisation_id = c.department_id`,
  assigned_lead: `EXISTS (SELECT 1 FROM evaluation_team_members t WHERE t.evaluation_id = c.evaluation_id AND t.user_id = u.id AND t.role = 'lead')`,
  assigned_member: `EXISTS (SELECT 1 FROM evaluation_team_members t WHERE t.evaluation_id = c.evaluation_id AND t.user_id = u.id)`,
  jurisdiction: `EXISTS (SELECT 1 FROM organisations uo JOIN regions ur ON ur.id = uo.region_id JOIN organisations dept ON dept.id = c.department_id
      JOIN regions dr ON dr.id = dept.region_id WHERE uo.id = u.organisation_id AND (dr.path = ur.path OR dr.path LIKE ur.path || '/%'))`,
  item_owner: `u.id = c.item_owner_user_id`,
};

/** The context row of a record of each lifecycle, by its id ($1): what RELATION_SQL reads as `c`. */
export const SUBJECT_CONTEXT_SQL = {
  evaluation: `SELECT e.id AS evaluation_id, e.commissioning_organisation_id, e.department_id, NULL::uuid AS item_owner_user_id FROM evaluations e WHERE e.id = $1`,
  rectification_item: `SELECT e.id AS evaluation_id, e.commissioning_organisation_id, e.department_id, ri.owner_user_id AS item_owner_user_id
    FROM rectification_items ri JOIN evaluations e ON e.id = ri.evaluation_id WHERE ri.id = $1`,
  document_request: `SELECT e.id AS evaluation_id, e.commissioning_organisation_id, e.department_id, dr.owner_user_id AS item_owner_user_id
    FROM document_requests dr JOIN evaluations e ON e.id = dr.evaluation_id WHERE dr.id = $1`,
  working_paper: `SELECT e.id AS evaluation_id, e.commissioning_organisation_id, e.department_id, NULL::uuid AS item_owner_user_id
    FROM working_papers wp JOIN evaluations e ON e.id = wp.evaluation_id WHERE wp.id = $1`,
} as const;
