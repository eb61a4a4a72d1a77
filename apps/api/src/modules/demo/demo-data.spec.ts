import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { creditCodeProblem, isValidCreditCode, ROLES, rolesNotAllowedIn, usernameSchema, passwordSchema, createUserSchema } from '@evalflow/domain';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_REGIONS, DEMO_USERS, demoCreditCode } from './demo-data';

const ORGANISATION_BY_KEY = new Map(DEMO_ORGANISATIONS.map((organisation) => [organisation.key, organisation]));
const organisationOf = (key: string) => {
  const organisation = ORGANISATION_BY_KEY.get(key);
  if (!organisation) throw new Error(`no demo organisation "${key}"`);
  return organisation;
};

interface DemoAccountEntry {
  username: string;
  password: string;
  roles: string[];
  organisation: string;
  displayName?: string;
}
const ACCOUNTS_FILE = resolve(__dirname, '../../../../..', 'docs', 'demo-accounts.json');
const ACCOUNTS = JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')) as DemoAccountEntry[];

describe('demo organisations', () => {
  it.each(DEMO_ORGANISATIONS.map((organisation) => [organisation.key, organisation]))('%s has a valid credit code', (_key, organisation) => {
    expect(organisation.codeBody).toHaveLength(17);
    const code = demoCreditCode(organisation);
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each(DEMO_ORGANISATIONS.map((organisation) => [organisation.key, organisation.region]))('%s sits in a demo region (%s)', (_key, region) => {
    expect(DEMO_REGIONS.map((r) => r.code)).toContain(region);
  });

  it('keys, names and credit codes are unique', () => {
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(unique(DEMO_ORGANISATIONS.map((o) => o.key))).toBe(true);
    expect(unique(DEMO_ORGANISATIONS.map((o) => o.name))).toBe(true);
    expect(unique(DEMO_ORGANISATIONS.map(demoCreditCode))).toBe(true);
  });

  it.each(DEMO_REGIONS.filter((region) => region.parent !== null).map((region) => [region.code, region.parent]))(
    'region %s has a parent (%s) that is a demo region',
    (_code, parent) => {
      expect(DEMO_REGIONS.map((r) => r.code)).toContain(parent);
    },
  );
});

describe('demo users', () => {
  it.each(DEMO_USERS.map((user) => [user.username, user]))('%s: username, roles and organisation fit', (username, user) => {
    expect(usernameSchema.parse(username)).toBe(username);
    expect(ORGANISATION_BY_KEY.has(user.organisation)).toBe(true);
    expect(user.roles.length).toBeGreaterThan(0);
    expect(rolesNotAllowedIn(organisationOf(user.organisation).kind, user.roles)).toEqual([]);
    expect(
      createUserSchema.safeParse({
        username,
        displayName: user.displayName,
        email: user.email,
        password: DEMO_PASSWORD,
        organisationId: '4d3c1a52-8f3b-4c3e-9d1a-2b7c5e6f7a8b',
        roles: user.roles,
      }).success,
    ).toBe(true);
  });

  it.each([...ROLES])('at least one demo user holds %s', (role) => {
    expect(DEMO_USERS.filter((user) => user.roles.includes(role)).length).toBeGreaterThan(0);
  });

  // What each kind of organisation needs to do its part, start to end: a bureau commissions (officer) and publishes
  // its own frameworks (admin); a department fills its self-evaluation (staff) and submits it (head); a firm leads
  // and scores; an audit office verifies. A demo body without one of these would be stuck at that step.
  const ROLES_EACH_KIND_NEEDS: Record<string, string[]> = {
    finance_bureau: ['finance_admin', 'finance_officer'],
    department: ['department_head', 'department_staff'],
    evaluation_firm: ['evaluation_lead', 'evaluator'],
    audit_office: ['auditor'],
  };
  it.each(DEMO_ORGANISATIONS.flatMap((organisation) => (ROLES_EACH_KIND_NEEDS[organisation.kind] ?? []).map((role) => [organisation.name, role, organisation.key])))(
    '%s has a user with the role %s',
    (_name, role, key) => {
      expect(DEMO_USERS.filter((user) => user.organisation === key && user.roles.includes(role as never))).not.toEqual([]);
    },
  );

  it('usernames and e-mail addresses are unique', () => {
    expect(new Set(DEMO_USERS.map((user) => user.username)).size).toBe(DEMO_USERS.length);
    expect(new Set(DEMO_USERS.map((user) => user.email)).size).toBe(DEMO_USERS.length);
  });

  it('the demo password satisfies the password rules', () => {
    expect(passwordSchema.safeParse(DEMO_PASSWORD).success).toBe(true);
  });
});

describe('docs/demo-accounts.json lists the same accounts', () => {
  it('lists exactly the demo usernames, in the same order', () => {
    expect(ACCOUNTS.map((account) => account.username)).toEqual(DEMO_USERS.map((user) => user.username));
  });

  it.each(DEMO_USERS.map((user) => [user.username, user]))('%s: same roles, organisation name and password', (username, user) => {
    const entries = ACCOUNTS.filter((account) => account.username === username);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry.password).toBe(DEMO_PASSWORD);
    expect(entry.roles).toEqual(user.roles);
    expect(entry.organisation).toBe(organisationOf(user.organisation).name);
    if (entry.displayName !== undefined) expect(entry.displayName).toBe(user.displayName);
  });

  it.each(ACCOUNTS.map((account, index) => [index, account]))('entry %i has the expected shape', (_index, account) => {
    expect(Object.keys(account).sort()).toEqual(expect.arrayContaining(['organisation', 'password', 'roles', 'username']));
    expect(Object.keys(account).every((key) => ['username', 'password', 'roles', 'organisation', 'displayName'].includes(key))).toBe(true);
  });
});
