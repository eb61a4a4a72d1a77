import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, ROLES_BY_ORGANISATION_KIND, rolesNotAllowedIn, type OrganisationKind } from './organisations';
import { ROLES, type Role } from './roles';

/** Written out by hand: which role may sit in which kind of organisation. */
const ALLOWED: Record<Role, OrganisationKind[]> = {
  system_admin: ['finance_bureau'],
  finance_admin: ['finance_bureau'],
  finance_officer: ['finance_bureau'],
  evaluation_lead: ['finance_bureau', 'evaluation_firm'],
  evaluator: ['finance_bureau', 'evaluation_firm'],
  department_head: ['department'],
  department_staff: ['department'],
  auditor: ['audit_office'],
};

const PAIRS = ORGANISATION_KINDS.flatMap((kind) => ROLES.map((role) => ({ kind, role, allowed: ALLOWED[role].includes(kind) })));

describe('rolesNotAllowedIn', () => {
  it.each(PAIRS)('$role in $kind: allowed=$allowed', ({ kind, role, allowed }) => {
    expect(rolesNotAllowedIn(kind, [role])).toEqual(allowed ? [] : [role]);
  });

  it.each<[OrganisationKind, Role[], Role[]]>([
    ['finance_bureau', [], []],
    ['finance_bureau', ['finance_admin', 'evaluation_lead'], []],
    ['finance_bureau', ['finance_officer', 'auditor', 'department_head'], ['auditor', 'department_head']],
    ['department', ['department_head', 'department_staff'], []],
    ['department', ['department_staff', 'system_admin', 'evaluator'], ['system_admin', 'evaluator']],
    ['evaluation_firm', ['evaluator', 'evaluation_lead'], []],
    ['evaluation_firm', ['finance_officer', 'evaluator'], ['finance_officer']],
    ['audit_office', ['auditor', 'finance_officer', 'auditor'], ['finance_officer']],
    ['audit_office', [...ROLES], ROLES.filter((role) => role !== 'auditor')],
  ])('%s with %j → %j (order kept)', (kind, roles, expected) => {
    expect(rolesNotAllowedIn(kind, roles)).toEqual(expected);
  });

  it('does not modify its argument', () => {
    const roles: Role[] = ['auditor', 'evaluator'];
    rolesNotAllowedIn('department', roles);
    expect(roles).toEqual(['auditor', 'evaluator']);
  });
});

describe('ROLES_BY_ORGANISATION_KIND', () => {
  it('has exactly one entry per organisation kind', () => {
    expect(Object.keys(ROLES_BY_ORGANISATION_KIND).sort()).toEqual([...ORGANISATION_KINDS].sort());
    expect(Object.keys(ORGANISATION_KIND_LABELS).sort()).toEqual([...ORGANISATION_KINDS].sort());
  });

  it.each([...ORGANISATION_KINDS])('%s lists known roles, none twice, at least one', (kind) => {
    const roles = ROLES_BY_ORGANISATION_KIND[kind];
    expect(roles.length).toBeGreaterThan(0);
    expect(new Set(roles).size).toBe(roles.length);
    for (const role of roles) expect(ROLES).toContain(role);
  });

  it.each([...ROLES])('%s fits at least one organisation kind', (role) => {
    expect(ORGANISATION_KINDS.filter((kind) => ROLES_BY_ORGANISATION_KIND[kind].includes(role))).toEqual(ALLOWED[role]);
  });
});
