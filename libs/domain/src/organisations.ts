import type { Role } from './roles';

/** Kinds of organisation (机构类型). */
export const ORGANISATION_KINDS = ['finance_bureau', 'department', 'evaluation_firm', 'audit_office'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, { zh: string; en: string }> = {
  finance_bureau: { zh: '财政部门', en: 'Finance bureau' },
  department: { zh: '预算部门（单位）', en: 'Budget department' },
  evaluation_firm: { zh: '第三方评价机构', en: 'Evaluation firm' },
  audit_office: { zh: '审计监督机构', en: 'Audit office' },
};

/**
 * Which roles make sense in which kind of organisation. A finance bureau can run its own evaluation team
 * (评价组), so evaluation roles are allowed there as well as in third-party firms. The platform's system
 * administrators sit in a finance bureau (the bureau runs the system).
 */
export const ROLES_BY_ORGANISATION_KIND: Record<OrganisationKind, readonly Role[]> = {
  finance_bureau: ['system_admin', 'finance_admin', 'finance_officer', 'evaluation_lead', 'evaluator'],
  department: ['department_head', 'department_staff'],
  evaluation_firm: ['evaluation_lead', 'evaluator'],
  audit_office: ['auditor'],
};

/** Roles that are not allowed for an organisation kind; empty when all are allowed. */
export function rolesNotAllowedIn(kind: OrganisationKind, roles: readonly Role[]): Role[] {
  const allowed = ROLES_BY_ORGANISATION_KIND[kind];
  return roles.filter((role) => !allowed.includes(role));
}
