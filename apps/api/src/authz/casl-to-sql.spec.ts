/*
 * permittedFilter turns CASL rules into SQL. Besides pinning the SQL for a few actors, the spec evaluates the
 * generated SQL with a tiny interpreter (just the grammar permittedFilter emits) against fixture rows and checks it
 * agrees with ability.can on the same records, for every role, action and subject: the list filter and the
 * single-record check must never disagree.
 */
import { asSubject, createAbility, defineRulesFor, ROLES, type Action, type Actor, type AppAbility, type AppRule, type Role } from '@evalflow/domain';
import { permittedFilter, type ColumnMap, type SqlFilter } from './casl-to-sql';

const ORG_COLUMNS: ColumnMap = { id: { sql: 'o.id' }, regionId: { sql: 'o.region_id' }, kind: { sql: 'o.kind' } };
const USER_COLUMNS: ColumnMap = {
  id: { sql: 'u.id' },
  organisationId: { sql: 'u.organisation_id' },
  organisationRegionId: { sql: 'o.region_id' },
  roles: { sql: 'u.roles', array: true },
};

const CITY = 'r-city';
const DISTRICT = 'r-district';
const OTHER = 'r-other';
const OWN_ORG = 'org-own';
const SELF = 'u-self';
const JURISDICTION = [CITY, DISTRICT];

const actor = (roles: Role[], jurisdictionRegionIds: string[] = JURISDICTION): Actor => ({
  id: SELF,
  organisationId: OWN_ORG,
  organisationKind: 'finance_bureau',
  roles,
  jurisdictionRegionIds,
});
const abilityOf = (roles: Role[], jurisdiction?: string[]) => createAbility(defineRulesFor(actor(roles, jurisdiction)));

// ---------------------------------------------------------------------------------------------------------------
// A minimal evaluator for the SQL permittedFilter produces.
type Row = Record<string, unknown>;
function evaluateSql(sql: string, params: unknown[], row: Row): boolean {
  const tokens = sql.match(/\(|\)|&&|=|\$\d+|[A-Za-z_][A-Za-z0-9_.]*/g) ?? [];
  expect(tokens.join('')).toBe(sql.replace(/\s+/g, ''));
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected) throw new Error(`expected ${expected}, got ${token} in ${sql}`);
    return token;
  };
  type Operand = { kind: 'value'; value: unknown } | { kind: 'any'; values: unknown[] };
  const atom = (token: string): unknown => {
    if (token.startsWith('$')) {
      const index = Number(token.slice(1));
      expect(index).toBeGreaterThanOrEqual(1);
      expect(index).toBeLessThanOrEqual(params.length);
      return params[index - 1];
    }
    expect(Object.keys(row)).toContain(token);
    return row[token];
  };
  const operand = (): Operand => {
    if (peek() === 'ANY') {
      take('ANY');
      take('(');
      const values = atom(take());
      take(')');
      expect(Array.isArray(values)).toBe(true);
      return { kind: 'any', values: values as unknown[] };
    }
    return { kind: 'value', value: atom(take()) };
  };
  const comparison = (): boolean => {
    const left = operand();
    const op = take();
    const right = operand();
    if (op === '=' && left.kind === 'value' && right.kind === 'value') return left.value === right.value;
    if (op === '=' && left.kind === 'value' && right.kind === 'any') return right.values.includes(left.value);
    if (op === '&&' && left.kind === 'value' && right.kind === 'value') {
      const [a, b] = [left.value, right.value] as unknown[][];
      return a.some((item) => b.includes(item));
    }
    throw new Error(`unexpected comparison in ${sql}`);
  };
  const primary = (): boolean => {
    if (peek() === '(') {
      take('(');
      const value = or();
      take(')');
      return value;
    }
    if (peek() === 'TRUE') return take('TRUE') === 'TRUE';
    return comparison();
  };
  const unary = (): boolean => (peek() === 'NOT' ? (take('NOT'), !unary()) : primary());
  const and = (): boolean => {
    let value = unary();
    while (peek() === 'AND') {
      take('AND');
      value = unary() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (peek() === 'OR') {
      take('OR');
      value = and() || value;
    }
    return value;
  };
  const result = or();
  expect(at).toBe(tokens.length);
  return result;
}

function filterMatches(filter: SqlFilter, columns: ColumnMap, record: Record<string, unknown>): boolean {
  if (filter.kind === 'all') return true;
  if (filter.kind === 'none') return false;
  const row: Row = {};
  for (const [field, column] of Object.entries(columns)) row[column.sql] = record[field];
  // every parameter is used, numbered $1..$n
  const used = new Set((filter.sql.match(/\$\d+/g) ?? []).map((p) => Number(p.slice(1))));
  expect([...used].sort((a, b) => a - b)).toEqual(filter.params.map((_, i) => i + 1));
  return evaluateSql(filter.sql, filter.params, row);
}

// ---------------------------------------------------------------------------------------------------------------
const ORGS = [
  { id: OWN_ORG, regionId: CITY, kind: 'finance_bureau' },
  { id: 'org-district', regionId: DISTRICT, kind: 'department' },
  { id: 'org-city', regionId: CITY, kind: 'audit_office' },
  { id: 'org-other', regionId: OTHER, kind: 'department' },
];
const USERS = [
  { id: SELF, organisationId: OWN_ORG, organisationRegionId: CITY, roles: ['finance_officer'] },
  { id: 'u-colleague', organisationId: OWN_ORG, organisationRegionId: CITY, roles: ['evaluator'] },
  { id: 'u-district', organisationId: 'org-district', organisationRegionId: DISTRICT, roles: ['department_head'] },
  { id: 'u-other', organisationId: 'org-other', organisationRegionId: OTHER, roles: ['department_staff'] },
  { id: 'u-admin', organisationId: OWN_ORG, organisationRegionId: CITY, roles: ['system_admin'] },
  { id: 'u-admin-district', organisationId: 'org-district', organisationRegionId: DISTRICT, roles: ['finance_officer', 'system_admin'] },
  { id: 'u-admin-other', organisationId: 'org-other', organisationRegionId: OTHER, roles: ['system_admin'] },
];
const ACTIONS: Action[] = ['read', 'create', 'update', 'delete'];
const ACTOR_ROLE_SETS: Role[][] = [...ROLES.map((role) => [role]), ['finance_officer', 'evaluation_lead'], ['finance_admin', 'auditor'], ['evaluator', 'system_admin']];
const JURISDICTIONS = [JURISDICTION, [], [OTHER]];

const AGREEMENT = ACTOR_ROLE_SETS.flatMap((roles) =>
  JURISDICTIONS.flatMap((jurisdiction) =>
    ACTIONS.flatMap((action) => [
      { roles: roles.join('+'), jurisdiction: jurisdiction.join(',') || '(none)', action, subject: 'Organisation' as const },
      { roles: roles.join('+'), jurisdiction: jurisdiction.join(',') || '(none)', action, subject: 'User' as const },
    ]),
  ),
);

describe('permittedFilter agrees with ability.can on every record', () => {
  it.each(AGREEMENT)('$roles [$jurisdiction]: $action $subject', ({ roles, jurisdiction, action, subject }) => {
    const ability = abilityOf(roles.split('+') as Role[], jurisdiction === '(none)' ? [] : jurisdiction.split(','));
    const columns = subject === 'Organisation' ? ORG_COLUMNS : USER_COLUMNS;
    const records: Array<Record<string, unknown>> = subject === 'Organisation' ? ORGS : USERS;
    const filter = permittedFilter(ability, action, subject, columns);
    const fromSql = records.map((record) => filterMatches(filter, columns, record));
    const fromCasl = records.map((record) => ability.can(action, asSubject(subject, { ...record }) as never));
    expect(fromSql).toEqual(fromCasl);
  });
});

describe('permittedFilter: exact results', () => {
  it.each<[string, Role[], Action, 'Organisation' | 'User', SqlFilter]>([
    ['system_admin reads every organisation', ['system_admin'], 'read', 'Organisation', { kind: 'all' }],
    ['system_admin deletes any user', ['system_admin'], 'delete', 'User', { kind: 'all' }],
    ['department_staff may not create organisations', ['department_staff'], 'create', 'Organisation', { kind: 'none' }],
    ['auditor may not update organisations', ['auditor'], 'update', 'Organisation', { kind: 'none' }],
    ['finance_admin may not delete users', ['finance_admin'], 'delete', 'User', { kind: 'none' }],
    ['department_staff may not create users', ['department_staff'], 'create', 'User', { kind: 'none' }],
    [
      'department_staff reads the own organisation only',
      ['department_staff'],
      'read',
      'Organisation',
      { kind: 'where', sql: '((o.id = $1))', params: [OWN_ORG] },
    ],
    [
      'finance_officer reads the own organisation or any in the jurisdiction',
      ['finance_officer'],
      'read',
      'Organisation',
      { kind: 'where', sql: '((o.region_id = ANY($1)) OR (o.id = $2))', params: [JURISDICTION, OWN_ORG] },
    ],
    [
      'auditor reads colleagues or users in the jurisdiction',
      ['auditor'],
      'read',
      'User',
      { kind: 'where', sql: '((o.region_id = ANY($1)) OR (u.organisation_id = $2))', params: [JURISDICTION, OWN_ORG] },
    ],
    [
      'evaluator updates only the own account, never an administrator',
      ['evaluator'],
      'update',
      'User',
      { kind: 'where', sql: '(((u.id = $2) AND NOT ($1 = ANY(u.roles))))', params: ['system_admin', SELF] },
    ],
    [
      'finance_admin creates users in the jurisdiction, never administrators',
      ['finance_admin'],
      'create',
      'User',
      { kind: 'where', sql: '(((o.region_id = ANY($2)) AND NOT ($1 = ANY(u.roles))))', params: ['system_admin', JURISDICTION] },
    ],
    [
      'finance_admin updates users in the jurisdiction or the own account, never administrators',
      ['finance_admin'],
      'update',
      'User',
      {
        kind: 'where',
        sql: '(((o.region_id = ANY($2)) AND NOT ($1 = ANY(u.roles))) OR ((u.id = $3) AND NOT ($1 = ANY(u.roles))))',
        params: ['system_admin', JURISDICTION, SELF],
      },
    ],
  ])('%s', (_label, roles, action, subject, expected) => {
    expect(permittedFilter(abilityOf(roles), action, subject, subject === 'Organisation' ? ORG_COLUMNS : USER_COLUMNS)).toEqual(expected);
  });

  it.each(ROLES.filter((role) => role !== 'system_admin'))('%s: the jurisdiction is passed as one array parameter, not spliced into SQL', (role) => {
    const hostile = ["x'); DROP TABLE users; --"];
    const filter = permittedFilter(abilityOf([role], hostile), 'read', 'Organisation', ORG_COLUMNS);
    expect(filter.kind).toBe('where');
    if (filter.kind === 'where') expect(filter.sql).not.toContain('DROP');
  });
});

describe('permittedFilter on hand-made rules', () => {
  const rules = (...list: object[]) => createAbility(list as AppRule[]);

  it.each<[string, AppAbility, 'Organisation' | 'User', SqlFilter]>([
    ['no rules at all', rules(), 'Organisation', { kind: 'none' }],
    ['rules for another subject only', rules({ action: 'read', subject: 'Region' }), 'Organisation', { kind: 'none' }],
    ['rules for another action only', rules({ action: 'update', subject: 'Organisation' }), 'Organisation', { kind: 'none' }],
    ['manage all', rules({ action: 'manage', subject: 'all' }), 'User', { kind: 'all' }],
    [
      'unconditional can below a conditional cannot',
      rules({ action: 'read', subject: 'Organisation' }, { action: 'read', subject: 'Organisation', inverted: true, conditions: { kind: 'audit_office' } }),
      'Organisation',
      { kind: 'where', sql: '(NOT (o.kind = $1))', params: ['audit_office'] },
    ],
    [
      'unconditional cannot above a conditional can',
      rules({ action: 'read', subject: 'Organisation', conditions: { kind: 'department' } }, { action: 'read', subject: 'Organisation', inverted: true }),
      'Organisation',
      { kind: 'none' },
    ],
    [
      'several fields in one rule are ANDed',
      rules({ action: 'read', subject: 'Organisation', conditions: { kind: 'department', regionId: { $in: [CITY] } } }),
      'Organisation',
      { kind: 'where', sql: '((o.kind = $1 AND o.region_id = ANY($2)))', params: ['department', [CITY]] },
    ],
    [
      '$in on an array column means overlap',
      rules({ action: 'read', subject: 'User', conditions: { roles: { $in: ['auditor', 'evaluator'] } } }),
      'User',
      { kind: 'where', sql: '((u.roles && $1))', params: [['auditor', 'evaluator']] },
    ],
    [
      'equality on an array column means contains',
      rules({ action: 'read', subject: 'User', conditions: { roles: 'auditor' } }),
      'User',
      { kind: 'where', sql: '(($1 = ANY(u.roles)))', params: ['auditor'] },
    ],
  ])('%s', (_label, ability, subject, expected) => {
    expect(permittedFilter(ability, 'read', subject, subject === 'Organisation' ? ORG_COLUMNS : USER_COLUMNS)).toEqual(expected);
  });

  it.each<[string, object, string]>([
    ['an unmapped field', { name: '长沙市财政局' }, 'no column mapped for permission field "name"'],
    ['a nested field', { 'region.code': '430100' }, 'no column mapped for permission field "region.code"'],
    ['a top-level $or', { $or: [{ id: 'a' }, { id: 'b' }] }, 'no column mapped for permission field "$or"'],
    ['a field named like an Object.prototype member (constructor)', { constructor: 'x' }, 'no column mapped for permission field "constructor"'],
    ['a field named like an Object.prototype member (toString)', { toString: 'x' }, 'no column mapped for permission field "toString"'],
    ['$nin', { regionId: { $nin: [OTHER] } }, 'unsupported permission operator on "regionId"'],
    ['$ne', { id: { $ne: 'x' } }, 'unsupported permission operator on "id"'],
    ['$eq (not used by our rules)', { id: { $eq: 'x' } }, 'unsupported permission operator on "id"'],
    ['$gt', { id: { $gt: 'a' } }, 'unsupported permission operator on "id"'],
    ['$in combined with another operator', { regionId: { $in: [CITY], $ne: OTHER } }, 'unsupported permission operator on "regionId"'],
    ['$exists', { kind: { $exists: true } }, 'unsupported permission operator on "kind"'],
  ])('fails closed on %s', (_label, conditions, message) => {
    for (const inverted of [false, true]) {
      const ability = rules(
        { action: 'read', subject: 'Organisation', conditions: { id: OWN_ORG } },
        { action: 'read', subject: 'Organisation', conditions, inverted },
      );
      expect(() => permittedFilter(ability, 'read', 'Organisation', ORG_COLUMNS)).toThrow(message);
    }
  });

  it('an array field of member rows is tested with EXISTS over those rows (equality: one of them; $in: any of them)', () => {
    const columns: ColumnMap = {
      id: { sql: 'u.id' },
      roles: { sql: 'ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = u.id)', array: true, members: { from: 'user_roles r WHERE r.user_id = u.id', element: 'r.role' } },
    };
    expect(permittedFilter(rules({ action: 'read', subject: 'User', conditions: { roles: 'auditor' } }), 'read', 'User', columns)).toEqual({
      kind: 'where',
      sql: '((EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $1)))',
      params: ['auditor'],
    });
    expect(permittedFilter(rules({ action: 'read', subject: 'User', conditions: { roles: { $in: ['auditor', 'evaluator'] }, id: SELF } }), 'read', 'User', columns)).toEqual({
      kind: 'where',
      sql: '((EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ANY($1)) AND u.id = $2))',
      params: [['auditor', 'evaluator'], SELF],
    });
    expect(permittedFilter(rules({ action: 'read', subject: 'User' }, { action: 'read', subject: 'User', inverted: true, conditions: { roles: 'system_admin' } }), 'read', 'User', columns)).toEqual({
      kind: 'where',
      sql: '(NOT (EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $1)))',
      params: ['system_admin'],
    });
  });

  it('an unmapped field in a rule that does not apply to the action is irrelevant', () => {
    const ability = rules({ action: 'read', subject: 'Organisation', conditions: { id: OWN_ORG } }, { action: 'update', subject: 'Organisation', conditions: { name: 'x' } });
    expect(permittedFilter(ability, 'read', 'Organisation', ORG_COLUMNS)).toEqual({ kind: 'where', sql: '((o.id = $1))', params: [OWN_ORG] });
  });
});
