/*
 * The permission rules, checked against a table written by hand: every role × (action, subject record[, field]).
 * Roles fall into four profiles (what the rules give them); the expected outcome per profile is spelt out below,
 * independently of permissions.ts.
 */
import { ROLES, type Role } from './roles';
import { ROLES_BY_ORGANISATION_KIND, type OrganisationKind } from './organisations';
import {
  asSubject,
  createAbility,
  defineAbilityFor,
  defineRulesFor,
  EVALUATION_BUSINESS_SUBJECTS,
  SELF_EDITABLE_USER_FIELDS,
  SUBJECT_NAMES,
  SYSTEM_ADMINISTRATION_SUBJECTS,
  type Action,
  type Actor,
  type AppAbility,
} from './permissions';

const REGION_CITY = 'region-city';
const REGION_DISTRICT = 'region-district';
const REGION_OTHER = 'region-other-city';
const OWN_ORG = 'org-own';
const ORG_IN = 'org-in-jurisdiction';
const ORG_OUT = 'org-outside';
const SELF = 'user-self';

const kindFor = (role: Role): OrganisationKind =>
  (Object.keys(ROLES_BY_ORGANISATION_KIND) as OrganisationKind[]).find((kind) => ROLES_BY_ORGANISATION_KIND[kind].includes(role)) ?? 'finance_bureau';

const actorFor = (roles: Role[], overrides: Partial<Actor> = {}): Actor => ({
  id: SELF,
  organisationId: OWN_ORG,
  organisationKind: kindFor(roles[0]),
  roles,
  jurisdictionRegionIds: [REGION_CITY, REGION_DISTRICT],
  ...overrides,
});

const org = (id: string, regionId: string) => asSubject('Organisation', { id, regionId, kind: 'department' as OrganisationKind });
const user = (id: string, organisationId: string, organisationRegionId: string, roles: Role[]) =>
  asSubject('User', { id, organisationId, organisationRegionId, roles });

const framework = (id: string, organisationId: string | null) => asSubject('Framework', { id, organisationId, builtIn: organisationId === null });

const RECORDS = {
  'framework: own': framework('framework-own', OWN_ORG),
  'framework: other bureau': framework('framework-other', ORG_OUT),
  'framework: built-in': framework('framework-built-in', null),
  'org: own': org(OWN_ORG, REGION_CITY),
  'org: in jurisdiction': org(ORG_IN, REGION_DISTRICT),
  'org: outside': org(ORG_OUT, REGION_OTHER),
  'user: self': user(SELF, OWN_ORG, REGION_CITY, ['department_staff']),
  'user: colleague': user('user-colleague', OWN_ORG, REGION_CITY, ['department_staff']),
  'user: in jurisdiction': user('user-in', ORG_IN, REGION_DISTRICT, ['department_head']),
  'user: outside': user('user-out', ORG_OUT, REGION_OTHER, ['department_head']),
  'user: admin colleague': user('user-admin', OWN_ORG, REGION_CITY, ['system_admin']),
  'user: admin in jurisdiction': user('user-admin-in', ORG_IN, REGION_DISTRICT, ['finance_officer', 'system_admin']),
  'user: admin outside': user('user-admin-out', ORG_OUT, REGION_OTHER, ['system_admin']),
};
type RecordName = keyof typeof RECORDS;
type Target = RecordName | 'Region' | 'QueueDashboard' | 'Organisation' | 'User' | 'all';

type Profile = 'admin' | 'manager' | 'reader' | 'member';
const PROFILE_OF: Record<Role, Profile> = {
  system_admin: 'admin',
  finance_admin: 'manager',
  finance_officer: 'reader',
  auditor: 'reader',
  evaluation_lead: 'member',
  evaluator: 'member',
  department_head: 'member',
  department_staff: 'member',
};

/** [action, target, field, admin, manager (finance_admin), reader (finance_officer, auditor), member (everybody else)] */
type Case = [Action, Target, string | undefined, boolean, boolean, boolean, boolean];
const T = true;
const F = false;
const CASES: Case[] = [
  // Regions: everybody reads, only the system administrator changes.
  ['read', 'Region', undefined, T, T, T, T],
  ['create', 'Region', undefined, T, F, F, F],
  ['update', 'Region', undefined, T, F, F, F],
  ['delete', 'Region', undefined, T, F, F, F],
  ['read', 'QueueDashboard', undefined, T, F, F, F],
  ['manage', 'all', undefined, T, F, F, F],
  // Indicator frameworks: everybody reads; a finance admin writes its own bureau's; nobody edits a built-in or
  // another bureau's (they copy it into a draft of their own); the system administrator does not write them.
  ['read', 'framework: built-in', undefined, T, T, T, T],
  ['read', 'framework: other bureau', undefined, T, T, T, T],
  ['create', 'framework: own', undefined, F, T, F, F],
  ['update', 'framework: own', undefined, F, T, F, F],
  ['create', 'framework: other bureau', undefined, F, F, F, F],
  ['update', 'framework: other bureau', undefined, F, F, F, F],
  ['create', 'framework: built-in', undefined, F, F, F, F],
  ['update', 'framework: built-in', undefined, F, F, F, F],
  // Organisations.
  ['read', 'org: own', undefined, T, T, T, T],
  ['read', 'org: in jurisdiction', undefined, T, T, T, F],
  ['read', 'org: outside', undefined, T, F, F, F],
  ['create', 'org: own', undefined, T, T, F, F],
  ['create', 'org: in jurisdiction', undefined, T, T, F, F],
  ['create', 'org: outside', undefined, T, F, F, F],
  ['update', 'org: own', undefined, T, T, F, F],
  ['update', 'org: in jurisdiction', undefined, T, T, F, F],
  ['update', 'org: in jurisdiction', 'name', T, T, F, F],
  ['update', 'org: outside', undefined, T, F, F, F],
  ['delete', 'org: own', undefined, T, F, F, F],
  ['delete', 'org: in jurisdiction', undefined, T, F, F, F],
  ['delete', 'org: outside', undefined, T, F, F, F],
  // Users.
  ['read', 'user: self', undefined, T, T, T, T],
  ['read', 'user: colleague', undefined, T, T, T, T],
  ['read', 'user: in jurisdiction', undefined, T, T, T, F],
  ['read', 'user: outside', undefined, T, F, F, F],
  ['create', 'user: colleague', undefined, T, T, F, F],
  ['create', 'user: in jurisdiction', undefined, T, T, F, F],
  ['create', 'user: outside', undefined, T, F, F, F],
  ['update', 'user: self', undefined, T, T, T, T],
  ['update', 'user: colleague', undefined, T, T, F, F],
  ['update', 'user: in jurisdiction', undefined, T, T, F, F],
  ['update', 'user: outside', undefined, T, F, F, F],
  ['delete', 'user: self', undefined, T, F, F, F],
  ['delete', 'user: colleague', undefined, T, F, F, F],
  ['delete', 'user: in jurisdiction', undefined, T, F, F, F],
  ['delete', 'user: outside', undefined, T, F, F, F],
  // Field-level: what a user may change on their own account (finance_admin also holds the jurisdiction rule).
  ['update', 'user: self', 'displayName', T, T, T, T],
  ['update', 'user: self', 'email', T, T, T, T],
  ['update', 'user: self', 'password', T, T, T, T],
  ['update', 'user: self', 'roles', T, T, F, F],
  ['update', 'user: self', 'active', T, T, F, F],
  ['update', 'user: self', 'username', T, T, F, F],
  ['update', 'user: colleague', 'displayName', T, T, F, F],
  ['update', 'user: colleague', 'password', T, T, F, F],
  ['update', 'user: in jurisdiction', 'roles', T, T, F, F],
  ['update', 'user: in jurisdiction', 'active', T, T, F, F],
  // Administrators: readable like anyone else, but only a system administrator creates or changes them.
  ['read', 'user: admin colleague', undefined, T, T, T, T],
  ['read', 'user: admin in jurisdiction', undefined, T, T, T, F],
  ['read', 'user: admin outside', undefined, T, F, F, F],
  ['create', 'user: admin colleague', undefined, T, F, F, F],
  ['create', 'user: admin in jurisdiction', undefined, T, F, F, F],
  ['create', 'user: admin outside', undefined, T, F, F, F],
  ['update', 'user: admin colleague', undefined, T, F, F, F],
  ['update', 'user: admin colleague', 'displayName', T, F, F, F],
  ['update', 'user: admin in jurisdiction', 'active', T, F, F, F],
  ['update', 'user: admin outside', undefined, T, F, F, F],
  ['delete', 'user: admin colleague', undefined, T, F, F, F],
];

const PROFILE_COLUMN: Record<Profile, 3 | 4 | 5 | 6> = { admin: 3, manager: 4, reader: 5, member: 6 };

function can(ability: AppAbility, action: Action, target: Target, field?: string): boolean {
  if (target in RECORDS) return ability.can(action, RECORDS[target as RecordName], field);
  return ability.can(action, target as Exclude<Target, RecordName>, field);
}

const ROWS = ROLES.flatMap((role) =>
  CASES.map((row) => ({ role, action: row[0], target: row[1], field: row[2], expected: row[PROFILE_COLUMN[PROFILE_OF[role]]] as boolean })),
);

describe('defineRulesFor: role × action × record', () => {
  it('covers every role', () => {
    expect(Object.keys(PROFILE_OF).sort()).toEqual([...ROLES].sort());
  });

  it.each(ROWS)('$role: $action $target $field → $expected', ({ role, action, target, field, expected }) => {
    const ability = createAbility(defineRulesFor(actorFor([role])));
    expect(can(ability, action, target, field)).toBe(expected);
  });
});

describe('the self-update rule', () => {
  it('names exactly displayName, email and password', () => {
    expect([...SELF_EDITABLE_USER_FIELDS]).toEqual(['displayName', 'email', 'password']);
  });

  it.each(ROLES.filter((role) => role !== 'system_admin' && role !== 'finance_admin'))(
    '%s: permittedFieldsOf self is exactly the self-editable fields',
    (role) => {
      const ability = defineAbilityFor(actorFor([role]));
      const allowed = ['displayName', 'email', 'password', 'roles', 'active', 'username', 'organisationId'].filter((field) =>
        ability.can('update', RECORDS['user: self'], field),
      );
      expect(allowed).toEqual(['displayName', 'email', 'password']);
    },
  );

  it.each(ROLES)('%s: cannot use the self rule on another user who merely shares the id prefix', (role) => {
    const ability = defineAbilityFor(actorFor([role]));
    const other = user(SELF + '-2', ORG_OUT, REGION_OTHER, ['department_staff']);
    expect(ability.can('update', other, 'displayName')).toBe(role === 'system_admin');
  });
});

describe('jurisdiction', () => {
  it.each<[Role, string[], string, boolean]>([
    ['finance_officer', [], ORG_IN, false],
    ['finance_officer', [REGION_DISTRICT], ORG_IN, true],
    ['finance_officer', [REGION_OTHER], ORG_OUT, true],
    ['finance_officer', [REGION_OTHER], ORG_IN, false],
    ['auditor', [REGION_CITY], ORG_IN, false],
    ['finance_admin', [REGION_CITY, REGION_DISTRICT, REGION_OTHER], ORG_OUT, true],
    ['department_head', [REGION_CITY, REGION_DISTRICT, REGION_OTHER], ORG_OUT, false],
  ])('%s with jurisdiction %j reads %s → %s', (role, jurisdiction, orgId, expected) => {
    const ability = defineAbilityFor(actorFor([role], { jurisdictionRegionIds: jurisdiction }));
    const record = orgId === ORG_IN ? RECORDS['org: in jurisdiction'] : RECORDS['org: outside'];
    expect(ability.can('read', record)).toBe(expected);
  });

  it.each(ROLES)('%s always reads the own organisation by id, even when its region is outside the jurisdiction', (role) => {
    const ability = defineAbilityFor(actorFor([role], { jurisdictionRegionIds: [] }));
    expect(ability.can('read', org(OWN_ORG, REGION_OTHER))).toBe(true);
    expect(ability.can('read', user('someone', OWN_ORG, REGION_OTHER, ['evaluator']))).toBe(true);
  });
});

describe('several roles combine as a union', () => {
  it.each<[Role[], Action, RecordName, boolean]>([
    [['finance_officer', 'evaluation_lead'], 'read', 'org: in jurisdiction', true],
    [['finance_officer', 'evaluation_lead'], 'update', 'org: in jurisdiction', false],
    [['evaluation_lead', 'finance_admin'], 'create', 'user: in jurisdiction', true],
    [['evaluation_lead', 'finance_admin'], 'create', 'user: admin in jurisdiction', false],
    [['evaluator', 'system_admin'], 'create', 'user: admin outside', true],
    [['evaluator', 'system_admin'], 'delete', 'org: outside', true],
    [['department_head', 'department_staff'], 'read', 'user: in jurisdiction', false],
  ])('%j: %s %s → %s', (roles, action, target, expected) => {
    expect(can(defineAbilityFor(actorFor(roles)), action, target)).toBe(expected);
  });
});

describe('the forbidding rules', () => {
  it.each(ROLES.filter((role) => role !== 'system_admin'))('%s: two inverted rules come last, with reasons', (role) => {
    const inverted = defineRulesFor(actorFor([role])).filter((rule) => rule.inverted);
    expect(inverted).toEqual([
      expect.objectContaining({ action: ['create', 'update'], subject: 'User', conditions: { roles: 'system_admin' } }),
      expect.objectContaining({ action: 'delete', subject: 'all', reason: 'records are deactivated, never deleted' }),
    ]);
    const rules = defineRulesFor(actorFor([role]));
    expect(rules.slice(-2)).toEqual(inverted);
  });

  it('system_admin gets manage all, and its inverted rules keep it out of every subject of evaluation business', () => {
    const rules = defineRulesFor(actorFor(['system_admin']));
    expect(rules.filter((rule) => rule.inverted)).toEqual([
      expect.objectContaining({ action: ['create', 'update'], subject: 'Evaluation', reason: 'system administrators do not commission evaluations' }),
      expect.objectContaining({ action: ['create', 'update'], subject: 'Framework', reason: 'indicator frameworks are edited by finance admins' }),
      expect.objectContaining({ action: ['create', 'update'], subject: 'BudgetThreshold', reason: 'budget thresholds are set by the finance bureau' }),
      expect.objectContaining({ action: ['create', 'update'], subject: 'ReminderPolicy', reason: 'reminder policies are set by finance admins' }),
    ]);
    expect(rules).toContainEqual(expect.objectContaining({ action: 'manage', subject: 'all' }));
  });

  it('classifies every subject as system administration or evaluation business, exactly once', () => {
    const classified = [...SYSTEM_ADMINISTRATION_SUBJECTS, ...EVALUATION_BUSINESS_SUBJECTS];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified, 'all'].sort()).toEqual([...SUBJECT_NAMES].sort());
  });

  // The pure system administrator reads evaluation business but writes none of it, whatever region or organisation.
  it.each(EVALUATION_BUSINESS_SUBJECTS.flatMap((subject) => (['create', 'update'] as Action[]).map((action) => [subject, action] as const)))(
    'system_admin: may read %s but not %s it',
    (subjectName, action) => {
      const ability = defineAbilityFor(actorFor(['system_admin']));
      const record = asSubject(subjectName, { id: 'x', regionId: REGION_CITY, organisationId: OWN_ORG, departmentRegionId: REGION_CITY });
      expect(ability.can('read', record)).toBe(true);
      expect(ability.can(action, record)).toBe(false);
      expect(ability.can(action, subjectName)).toBe(false);
    },
  );

  it.each(SYSTEM_ADMINISTRATION_SUBJECTS)('system_admin: administers %s (create and update)', (subjectName) => {
    const ability = defineAbilityFor(actorFor(['system_admin']));
    expect([ability.can('create', subjectName), ability.can('update', subjectName)]).toEqual([true, true]);
  });

  it.each<[Role[], boolean]>([
    [['system_admin'], false],
    [['system_admin', 'finance_officer'], true],
    [['system_admin', 'finance_admin'], true],
    [['finance_officer'], true],
    [['finance_admin'], true],
    [['auditor'], false],
    [['evaluation_lead'], false],
    [['department_head'], false],
  ])('budget thresholds of the own region: %j may set them → %s', (roles, allowed) => {
    expect(defineAbilityFor(actorFor(roles)).can('update', asSubject('BudgetThreshold', { regionId: REGION_DISTRICT }))).toBe(allowed);
  });

  it.each<[Role, RecordName, string]>([
    ['finance_admin', 'user: admin in jurisdiction', 'only a system administrator may manage administrators'],
    ['finance_admin', 'org: own', 'records are deactivated, never deleted'],
    ['department_staff', 'user: self', 'records are deactivated, never deleted'],
  ])('%s: the reason for refusing on %s is %j', (role, target, reason) => {
    const ability = defineAbilityFor(actorFor([role]));
    const action: Action = reason.startsWith('only') ? 'update' : 'delete';
    expect(ability.can(action, RECORDS[target])).toBe(false);
    expect(ability.relevantRuleFor(action, RECORDS[target])?.reason).toBe(reason);
  });
});

describe('reminder policies (提醒规则): finance staff of the jurisdiction; only the section head sets them', () => {
  const policy = (regionId: string) => asSubject('ReminderPolicy', { regionId });
  // [role, region, read, update]
  it.each<[Role, string, boolean, boolean]>([
    ['finance_admin', REGION_CITY, T, T],
    ['finance_admin', REGION_DISTRICT, T, T],
    ['finance_admin', REGION_OTHER, F, F],
    ['finance_officer', REGION_DISTRICT, T, F],
    ['finance_officer', REGION_OTHER, F, F],
    ['system_admin', REGION_OTHER, T, F],
    ['auditor', REGION_CITY, F, F],
    ['evaluation_lead', REGION_CITY, F, F],
    ['department_head', REGION_CITY, F, F],
    ['department_staff', REGION_CITY, F, F],
  ])('%s on %s: read %s, update %s', (role, regionId, read, update) => {
    const ability = defineAbilityFor(actorFor([role]));
    expect([ability.can('read', policy(regionId)), ability.can('update', policy(regionId))]).toEqual([read, update]);
  });
});

describe('asSubject', () => {
  it('tags the record with its subject type without copying it', () => {
    const record = { id: 'x', regionId: REGION_CITY, kind: 'department' as OrganisationKind };
    const tagged = asSubject('Organisation', record);
    expect(tagged).toBe(record);
    expect(defineAbilityFor(actorFor(['finance_admin'])).detectSubjectType(tagged)).toBe('Organisation');
  });
});
