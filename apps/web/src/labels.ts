import { ORGANISATION_KIND_LABELS, ROLE_LABELS, type OrganisationKind, type Role } from '@evalflow/domain';

export const roleLabel = (role: Role): string => ROLE_LABELS[role]?.zh ?? role;
export const organisationKindLabel = (kind: OrganisationKind): string => ORGANISATION_KIND_LABELS[kind]?.zh ?? kind;

export const ROLE_TAG_COLORS: Record<Role, string> = {
  system_admin: 'red',
  finance_admin: 'volcano',
  finance_officer: 'orange',
  evaluation_lead: 'geekblue',
  evaluator: 'blue',
  department_head: 'green',
  department_staff: 'cyan',
  auditor: 'purple',
};

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';
export const DATE_FORMAT = 'YYYY-MM-DD';
