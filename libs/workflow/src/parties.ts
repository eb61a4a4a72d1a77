import type { ParameterDefinition, Permit, Recipient } from './definition.types';

/*
 * The parties the definitions name again and again. system_admin appears nowhere here on purpose: it administers
 * the system (users, organisations, settings), not evaluations, so it holds no workflow power at all.
 */

/** The finance bureau that commissioned the evaluation, both its section head and its officers. */
export const BUREAU_FINANCE: Permit = { roles: ['finance_admin', 'finance_officer'], relation: 'commissioning_bureau' };
/** Only the head of the performance section (绩效科负责人): approves final reports. */
export const BUREAU_FINANCE_ADMIN: Permit = { roles: ['finance_admin'], relation: 'commissioning_bureau' };
export const ASSIGNED_LEAD: Permit = { roles: ['evaluation_lead'], relation: 'assigned_lead' };
export const ASSIGNED_TEAM: Permit = { roles: ['evaluation_lead', 'evaluator'], relation: 'assigned_member' };
export const DEPARTMENT_HEAD: Permit = { roles: ['department_head'], relation: 'evaluated_department' };
export const DEPARTMENT: Permit = { roles: ['department_head', 'department_staff'], relation: 'evaluated_department' };
export const ITEM_OWNER: Permit = { roles: ['department_head', 'department_staff'], relation: 'item_owner' };
export const JURISDICTION_AUDITOR: Permit = { roles: ['auditor'], relation: 'jurisdiction' };

export const TO_DEPARTMENT: Recipient = { relation: 'evaluated_department', roles: ['department_head', 'department_staff'] };
export const TO_DEPARTMENT_HEAD: Recipient = { relation: 'evaluated_department', roles: ['department_head'] };
export const TO_BUREAU_OFFICERS: Recipient = { relation: 'commissioning_bureau', roles: ['finance_officer'] };
export const TO_BUREAU_ADMIN: Recipient = { relation: 'commissioning_bureau', roles: ['finance_admin'] };
export const TO_TEAM: Recipient = { relation: 'assigned_member', roles: ['evaluation_lead', 'evaluator'] };
export const TO_LEAD: Recipient = { relation: 'assigned_lead', roles: ['evaluation_lead'] };
export const TO_ITEM_OWNER: Recipient = { relation: 'item_owner', roles: ['department_head', 'department_staff'] };
export const TO_AUDITORS: Recipient = { relation: 'jurisdiction', roles: ['auditor'] };

/** 审核等级: the finance bureau's rating of a self-evaluation (DOMAIN §1). */
export const SELF_EVALUATION_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type SelfEvaluationRating = (typeof SELF_EVALUATION_RATINGS)[number];

export const RATING_PARAMETER: ParameterDefinition = {
  label: { zh: '审核等级', en: 'rating' },
  options: [
    { value: 'excellent', zh: '优', en: 'excellent' },
    { value: 'good', zh: '良', en: 'good' },
    { value: 'fair', zh: '中', en: 'fair' },
    { value: 'poor', zh: '差', en: 'poor' },
  ],
};
