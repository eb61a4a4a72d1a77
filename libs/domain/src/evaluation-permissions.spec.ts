/*
 * The evaluation read/create/update rules, against a table written by hand: every role × every kind of evaluation
 * record × action. Who may fire transitions is libs/workflow's business; these rules decide who sees an evaluation
 * at all and who edits the terms of a draft.
 */
import { ROLES, type Role } from './roles';
import { ROLES_BY_ORGANISATION_KIND, type OrganisationKind } from './organisations';
import { asSubject, defineAbilityFor, type Action, type Actor, type EvaluationSubject } from './permissions';

const SELF = 'user-self';
const OWN_ORG = 'org-own';
const IN = 'region-district';
const OUT = 'region-other-city';

const kindFor = (role: Role): OrganisationKind =>
  (Object.keys(ROLES_BY_ORGANISATION_KIND) as OrganisationKind[]).find((kind) => ROLES_BY_ORGANISATION_KIND[kind].includes(role)) ?? 'finance_bureau';

const actorFor = (role: Role): Actor => ({
  id: SELF,
  organisationId: OWN_ORG,
  organisationKind: kindFor(role),
  roles: [role],
  jurisdictionRegionIds: ['region-city', IN],
});

const evaluation = (overrides: Partial<EvaluationSubject>): EvaluationSubject => ({
  id: 'evaluation',
  commissioningOrganisationId: 'org-bureau',
  departmentId: 'org-department',
  departmentRegionId: IN,
  teamUserIds: ['user-other'],
  commissioned: true,
  ...overrides,
});

const RECORDS = {
  'own bureau, draft': evaluation({ commissioningOrganisationId: OWN_ORG, commissioned: false }),
  'own bureau, commissioned': evaluation({ commissioningOrganisationId: OWN_ORG }),
  'other bureau, in jurisdiction': evaluation({}),
  'other bureau, in jurisdiction, draft': evaluation({ commissioned: false }),
  'outside jurisdiction': evaluation({ departmentRegionId: OUT }),
  'assigned to me': evaluation({ departmentRegionId: OUT, teamUserIds: [SELF] }),
  'assigned to me, draft': evaluation({ departmentRegionId: OUT, teamUserIds: [SELF], commissioned: false }),
  'my department': evaluation({ departmentId: OWN_ORG, departmentRegionId: OUT }),
  'my department, draft': evaluation({ departmentId: OWN_ORG, departmentRegionId: OUT, commissioned: false }),
} as const;
type RecordName = keyof typeof RECORDS;

/** [read, create, update] per record, by role; written out, not derived from permissions.ts. */
type Row = Record<RecordName, [boolean, boolean, boolean]>;
const FINANCE: Row = {
  'own bureau, draft': [true, true, true],
  'own bureau, commissioned': [true, true, true],
  'other bureau, in jurisdiction': [true, false, false],
  'other bureau, in jurisdiction, draft': [true, false, false],
  'outside jurisdiction': [false, false, false],
  'assigned to me': [false, false, false],
  'assigned to me, draft': [false, false, false],
  'my department': [false, false, false],
  'my department, draft': [false, false, false],
};
const READ: [boolean, boolean, boolean] = [true, false, false];
const nothing = (overrides: Partial<Row> = {}): Row =>
  Object.fromEntries((Object.keys(RECORDS) as RecordName[]).map((name) => [name, overrides[name] ?? [false, false, false]])) as Row;

const EXPECTED: Record<Role, Row> = {
  // Reads everything; no commissioning or editing of terms (it administers the system, not evaluations).
  system_admin: Object.fromEntries((Object.keys(RECORDS) as RecordName[]).map((name) => [name, READ])) as Row,
  finance_admin: FINANCE,
  finance_officer: FINANCE,
  auditor: nothing({ 'own bureau, commissioned': READ, 'other bureau, in jurisdiction': READ }),
  evaluation_lead: nothing({ 'assigned to me': READ }),
  evaluator: nothing({ 'assigned to me': READ }),
  department_head: nothing({ 'my department': READ }),
  department_staff: nothing({ 'my department': READ }),
};

const ACTIONS: Action[] = ['read', 'create', 'update'];
const cases = ROLES.flatMap((role) =>
  (Object.keys(RECORDS) as RecordName[]).flatMap((record) => ACTIONS.map((action, index) => [role, record, action, EXPECTED[role][record][index]] as const)),
);

describe('evaluation rules: role × record × action', () => {
  it.each(cases)('%s on "%s": %s → %s', (role, record, action, expected) => {
    expect(defineAbilityFor(actorFor(role)).can(action, asSubject('Evaluation', { ...RECORDS[record] }))).toBe(expected);
  });

  it.each(ROLES)('%s may never delete an evaluation unless system admin', (role) => {
    expect(defineAbilityFor(actorFor(role)).can('delete', asSubject('Evaluation', { ...RECORDS['own bureau, draft'] }))).toBe(role === 'system_admin');
  });

  it.each(ROLES)('%s reads indicator frameworks', (role) => {
    expect(defineAbilityFor(actorFor(role)).can('read', 'Framework')).toBe(true);
  });
});
