import type { Label } from './definition.types';

/**
 * How an actor stands to the aggregate a transition is fired on. The API computes these per request
 * (from organisations, jurisdiction and assignments) and passes them in; the workflow never looks anything up.
 */
export const RELATIONS = [
  'commissioning_bureau',
  'jurisdiction',
  'assigned_lead',
  'assigned_member',
  'evaluated_department',
  'item_owner',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_LABELS: Record<Relation, Label> = {
  commissioning_bureau: { zh: '委托评价的财政部门', en: 'commissioning finance bureau' },
  jurisdiction: { zh: '辖区内', en: 'within jurisdiction' },
  assigned_lead: { zh: '本项评价的评价组组长', en: 'assigned evaluation lead' },
  // The lead is a member too: the API must include `assigned_member` for the lead as well.
  assigned_member: { zh: '本项评价的评价组成员', en: 'assigned evaluation team member' },
  evaluated_department: { zh: '被评价部门', en: 'evaluated department' },
  item_owner: { zh: '事项责任人', en: 'item owner' },
};

export function isRelation(value: unknown): value is Relation {
  return typeof value === 'string' && (RELATIONS as readonly string[]).includes(value);
}

/**
 * Deadlines the workflow schedules and cancels. The dates themselves are settings of the commission
 * (DOMAIN §7: "every such period is a setting of the commission, not a constant in code"); the API resolves a key
 * to a date, and cancelling a deadline that is not scheduled is a no-op.
 */
export const DEADLINE_KEYS = [
  'self_evaluation',
  'self_evaluation_review',
  'fieldwork',
  'comment_period',
  'final_review',
  'rectification',
  'document_request',
  'rectification_plan',
  'rectification_due',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export const DEADLINE_LABELS: Record<DeadlineKey, Label> = {
  self_evaluation: { zh: '自评报送期限', en: 'self-evaluation due' },
  self_evaluation_review: { zh: '自评审核期限', en: 'self-evaluation review due' },
  fieldwork: { zh: '现场评价期限', en: 'fieldwork due' },
  comment_period: { zh: '征求意见期限', en: 'comment period ends' },
  final_review: { zh: '正式报告审定期限', en: 'final review due' },
  rectification: { zh: '整改期限', en: 'rectification due' },
  document_request: { zh: '资料提供期限', en: 'document due' },
  rectification_plan: { zh: '整改措施报送期限', en: 'rectification plan due' },
  rectification_due: { zh: '整改完成期限', en: 'rectification item due' },
};

export const WORKFLOW_IDS = ['evaluation_key', 'evaluation_self', 'rectification_item', 'document_request'] as const;
export type WorkflowId = (typeof WORKFLOW_IDS)[number];
