import type { DeadlineKey } from '../evaluations';
import type { Role } from '../roles';

/**
 * Who must act before a deadline (责任方) and who hears of it when it is missed. A deadline's owner is a party of
 * its subject (or one named user); the escalation chain climbs from there: first the owner's supervisor role, then
 * the finance officers of the commissioning bureau.
 */
export const OWNER_PARTIES = ['department', 'lead', 'bureau_finance'] as const;
export type OwnerParty = (typeof OWNER_PARTIES)[number];
export const OWNER_PARTY_LABELS: Record<OwnerParty, { zh: string; en: string }> = {
  department: { zh: '被评价部门', en: 'evaluated department' },
  lead: { zh: '评价组组长', en: 'evaluation lead' },
  bureau_finance: { zh: '财政部门', en: 'finance bureau' },
};

/** The relation names the workflow's recipients use (libs/workflow `Relation`); repeated here as plain strings. */
export type PartyRelation = 'evaluated_department' | 'assigned_lead' | 'commissioning_bureau';
export interface PartyMembers {
  relation: PartyRelation;
  roles: readonly Role[];
}

/** Default owner per deadline: whoever the stage waits on. */
export const DEFAULT_DEADLINE_OWNER: Record<DeadlineKey, OwnerParty> = {
  self_evaluation: 'department',
  self_evaluation_review: 'bureau_finance',
  fieldwork: 'lead',
  comment_period: 'department',
  final_review: 'bureau_finance',
  rectification: 'department',
  document_request: 'department',
  rectification_plan: 'department',
  rectification_due: 'department',
};

/** The people of a party who are reminded. */
export const OWNER_MEMBERS: Record<OwnerParty, PartyMembers> = {
  department: { relation: 'evaluated_department', roles: ['department_staff', 'department_head'] },
  lead: { relation: 'assigned_lead', roles: ['evaluation_lead'] },
  bureau_finance: { relation: 'commissioning_bureau', roles: ['finance_officer'] },
};

/** Escalation levels 1 and 2 per owner party: the supervisor role, then the bureau's finance officers (or admin). */
export const ESCALATION_CHAIN: Record<OwnerParty, readonly [PartyMembers, PartyMembers]> = {
  department: [
    { relation: 'evaluated_department', roles: ['department_head'] },
    { relation: 'commissioning_bureau', roles: ['finance_officer'] },
  ],
  // An evaluation firm has no supervisor in the system: the commissioning bureau's officers, then its 绩效科负责人.
  lead: [
    { relation: 'commissioning_bureau', roles: ['finance_officer'] },
    { relation: 'commissioning_bureau', roles: ['finance_admin'] },
  ],
  bureau_finance: [
    { relation: 'commissioning_bureau', roles: ['finance_admin'] },
    { relation: 'commissioning_bureau', roles: ['finance_admin'] },
  ],
};
