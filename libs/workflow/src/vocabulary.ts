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

/** Deadline keys live in libs/domain (the commission's schema needs them); re-exported for the definitions. */
export { DEADLINE_KEYS, DEADLINE_LABELS, type DeadlineKey } from '@evalflow/domain';

export const WORKFLOW_IDS = ['evaluation_key', 'evaluation_self', 'rectification_item', 'document_request', 'working_paper'] as const;
export type WorkflowId = (typeof WORKFLOW_IDS)[number];
