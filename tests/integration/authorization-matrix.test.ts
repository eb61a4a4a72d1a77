import { randomBytes } from 'node:crypto';
import { ROLES, creditCodeCheckCharacter, type Role } from '@evalflow/domain';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Every route of the foundation × every role × own / other-in-jurisdiction / outside-jurisdiction records.
 * Expected: 2xx where the rules allow, 403 where the user may see the record (or the route is closed to the role),
 * 404 where the user may not even see it. Every refused mutation leaves the record unchanged.
 */
const USER_OF_ROLE: Record<Role, string> = {
  system_admin: 'admin',
  finance_admin: 'finance.admin',
  finance_officer: 'finance.officer',
  evaluation_lead: 'eval.lead',
  evaluator: 'evaluator',
  department_head: 'dept.head',
  department_staff: 'dept.staff',
  auditor: 'auditor',
};

/** Builds an expectation: `rest` for every role not named. */
const expect_ = (rest: number, overrides: Partial<Record<Role, number>> = {}) =>
  Object.fromEntries(ROLES.map((role) => [role, overrides[role] ?? rest])) as Record<Role, number>;
const JURISDICTION_READERS = { system_admin: 200, finance_admin: 200, finance_officer: 200, auditor: 200 } as const;

let t: TestApp;
const ids = {
  regionHunan: '',
  regionChangsha: '',
  orgOf: {} as Record<string, string>,
  userOf: {} as Record<string, string>,
  orgInJurisdiction: '',
  orgOutside: '',
  userInJurisdiction: '',
  userOutside: '',
};

const unique = () => randomBytes(3).toString('hex');
const creditCode = () => {
  const body = `1143000${Array.from(randomBytes(10), (b) => '0123456789ABCDEFGH'[b % 18]).join('')}`;
  return body + creditCodeCheckCharacter(body);
};

async function asAdmin(method: 'get' | 'post', path: string, body?: object) {
  const call = t.http[method](path).set('authorization', `Bearer ${await t.token('admin')}`);
  const response = await (body ? call.send(body) : call);
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

beforeAll(async () => {
  t = await createTestApp();
  const regions: { id: string; code: string }[] = await asAdmin('get', '/api/regions');
  ids.regionHunan = regions.find((r) => r.code === '430000')!.id;
  ids.regionChangsha = regions.find((r) => r.code === '430100')!.id;
  // A province-level bureau and user: outside the jurisdiction of every Changsha body.
  const outside = await asAdmin('post', '/api/organisations', { name: '湖南省财政厅', kind: 'finance_bureau', creditCode: creditCode(), regionId: ids.regionHunan });
  ids.orgOutside = outside.id;
  ids.userOutside = (await asAdmin('post', '/api/users', { username: 'province.officer', displayName: '省厅', password: 'a-long-password', organisationId: outside.id, roles: ['finance_officer'] })).id;
  const users: { items: { id: string; username: string; organisationId: string }[] } = await asAdmin('get', '/api/users?pageSize=100');
  for (const user of users.items) {
    ids.userOf[user.username] = user.id;
    ids.orgOf[user.username] = user.organisationId;
  }
  ids.orgInJurisdiction = ids.orgOf['liuyang.staff'];
  ids.userInJurisdiction = ids.userOf['liuyang.staff'];
}, 120_000);

afterAll(() => t?.close());

async function version(kind: 'organisations' | 'users', id: string): Promise<number> {
  return (await asAdmin('get', `/api/${kind}/${id}`)).version;
}

interface Case {
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  path: (username: string) => string;
  body?: (username: string) => Promise<object> | object;
  expected: Record<Role, number>;
  /** For refused mutations: the record that must not change. */
  unchanged?: (username: string) => { kind: 'organisations' | 'users'; id: string };
}

const CASES: Case[] = [
  { name: 'GET /api/auth/me', method: 'get', path: () => '/api/auth/me', expected: expect_(200) },
  { name: 'GET /api/regions', method: 'get', path: () => '/api/regions', expected: expect_(200) },
  {
    name: 'POST /api/regions',
    method: 'post',
    path: () => '/api/regions',
    body: () => ({ code: String(100000 + Math.floor(Math.random() * 800000)), name: `测试区${unique()}`, parentId: ids.regionChangsha }),
    expected: expect_(403, { system_admin: 201 }),
  },
  { name: 'GET /api/organisations', method: 'get', path: () => '/api/organisations', expected: expect_(200) },
  { name: 'GET /api/organisations/:own', method: 'get', path: (u) => `/api/organisations/${ids.orgOf[u]}`, expected: expect_(200) },
  { name: 'GET /api/organisations/:other-in-jurisdiction', method: 'get', path: () => `/api/organisations/${ids.orgInJurisdiction}`, expected: expect_(404, JURISDICTION_READERS) },
  { name: 'GET /api/organisations/:outside', method: 'get', path: () => `/api/organisations/${ids.orgOutside}`, expected: expect_(404, { system_admin: 200 }) },
  {
    name: 'POST /api/organisations (in jurisdiction)',
    method: 'post',
    path: () => '/api/organisations',
    body: () => ({ name: `测试单位${unique()}`, kind: 'department', creditCode: creditCode(), regionId: ids.regionChangsha }),
    expected: expect_(403, { system_admin: 201, finance_admin: 201 }),
  },
  {
    name: 'POST /api/organisations (outside jurisdiction)',
    method: 'post',
    path: () => '/api/organisations',
    body: () => ({ name: `测试单位${unique()}`, kind: 'department', creditCode: creditCode(), regionId: ids.regionHunan }),
    expected: expect_(403, { system_admin: 201 }),
  },
  ...(['own', 'other-in-jurisdiction', 'outside'] as const).map((target): Case => {
    const id = (u: string) => (target === 'own' ? ids.orgOf[u] : target === 'outside' ? ids.orgOutside : ids.orgInJurisdiction);
    return {
      name: `PATCH /api/organisations/:${target}`,
      method: 'patch',
      path: (u) => `/api/organisations/${id(u)}`,
      body: async (u) => ({ contactEmail: `office-${unique()}@example.org`, expectedVersion: await version('organisations', id(u)) }),
      expected: expect_(403, { system_admin: 200, finance_admin: target === 'outside' ? 404 : 200 }),
      unchanged: (u) => ({ kind: 'organisations', id: id(u) }),
    };
  }),
  { name: 'GET /api/users', method: 'get', path: () => '/api/users', expected: expect_(200) },
  { name: 'GET /api/users/:self', method: 'get', path: (u) => `/api/users/${ids.userOf[u]}`, expected: expect_(200) },
  { name: 'GET /api/users/:other-in-jurisdiction', method: 'get', path: () => `/api/users/${ids.userInJurisdiction}`, expected: expect_(404, JURISDICTION_READERS) },
  { name: 'GET /api/users/:outside', method: 'get', path: () => `/api/users/${ids.userOutside}`, expected: expect_(404, { system_admin: 200 }) },
  {
    name: 'POST /api/users (in jurisdiction)',
    method: 'post',
    path: () => '/api/users',
    body: () => ({ username: `u${unique()}`, displayName: '新用户', password: 'a-long-password', organisationId: ids.orgInJurisdiction, roles: ['department_staff'] }),
    expected: expect_(403, { system_admin: 201, finance_admin: 201 }),
  },
  {
    name: 'POST /api/users (granting system_admin)',
    method: 'post',
    path: () => '/api/users',
    body: (u) => ({ username: `u${unique()}`, displayName: '新管理员', password: 'a-long-password', organisationId: ids.orgOf[u === 'admin' ? 'admin' : 'finance.admin'], roles: ['system_admin'] }),
    expected: expect_(403, { system_admin: 201 }),
  },
  {
    name: 'PATCH /api/users/:self (display name)',
    method: 'patch',
    path: (u) => `/api/users/${ids.userOf[u]}`,
    body: async (u) => ({ displayName: `改名${unique()}`, expectedVersion: await version('users', ids.userOf[u]) }),
    expected: expect_(200),
  },
  {
    name: 'PATCH /api/users/:self (roles)',
    method: 'patch',
    path: (u) => `/api/users/${ids.userOf[u]}`,
    body: async (u) => ({ roles: (await asAdmin('get', `/api/users/${ids.userOf[u]}`)).roles, expectedVersion: await version('users', ids.userOf[u]) }),
    expected: expect_(403, { system_admin: 200, finance_admin: 200 }),
    unchanged: (u) => ({ kind: 'users', id: ids.userOf[u] }),
  },
  {
    name: 'PATCH /api/users/:other-in-jurisdiction',
    method: 'patch',
    path: () => `/api/users/${ids.userInJurisdiction}`,
    body: async () => ({ displayName: `改名${unique()}`, expectedVersion: await version('users', ids.userInJurisdiction) }),
    expected: expect_(404, { system_admin: 200, finance_admin: 200, finance_officer: 403, auditor: 403 }),
    unchanged: () => ({ kind: 'users', id: ids.userInJurisdiction }),
  },
  {
    name: 'PATCH /api/users/:outside',
    method: 'patch',
    path: () => `/api/users/${ids.userOutside}`,
    body: async () => ({ displayName: `改名${unique()}`, expectedVersion: await version('users', ids.userOutside) }),
    expected: expect_(404, { system_admin: 200 }),
    unchanged: () => ({ kind: 'users', id: ids.userOutside }),
  },
];

describe.each(CASES)('$name', (testCase) => {
  it.each(ROLES.map((role) => [role, testCase.expected[role]] as const))('as %s → %i', async (role, expectedStatus) => {
    const username = USER_OF_ROLE[role];
    const token = await t.token(username);
    const before = testCase.unchanged && expectedStatus >= 400 ? testCase.unchanged(username) : undefined;
    const versionBefore = before ? await version(before.kind, before.id) : undefined;
    let call = t.http[testCase.method](testCase.path(username)).set('authorization', `Bearer ${token}`);
    if (testCase.body) call = call.send(await testCase.body(username));
    const response = await call;
    expect({ status: response.status, body: response.status === expectedStatus ? undefined : response.body }).toEqual({ status: expectedStatus, body: undefined });
    if (expectedStatus >= 400) expect(response.body).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    if (before) expect(await version(before.kind, before.id)).toBe(versionBefore);
  });
});

describe('lists are filtered by the same rules', () => {
  it.each(ROLES)('organisations visible to %s', async (role) => {
    const username = USER_OF_ROLE[role];
    const response = await t.http.get('/api/organisations?pageSize=100').set('authorization', `Bearer ${await t.token(username)}`);
    const visible: string[] = response.body.items.map((o: { id: string }) => o.id);
    expect(visible).toContain(ids.orgOf[username]);
    expect(visible.includes(ids.orgOutside)).toBe(role === 'system_admin');
    expect(visible.includes(ids.orgInJurisdiction)).toBe(role in JURISDICTION_READERS);
    if (!(role in JURISDICTION_READERS)) expect(visible).toEqual([ids.orgOf[username]]);
    expect(response.body.total).toBe(visible.length);
  });

  it.each(ROLES)('users visible to %s', async (role) => {
    const username = USER_OF_ROLE[role];
    const response = await t.http.get('/api/users?pageSize=100').set('authorization', `Bearer ${await t.token(username)}`);
    const visible: { id: string; organisationId: string }[] = response.body.items;
    expect(visible.map((u) => u.id)).toContain(ids.userOf[username]);
    expect(visible.some((u) => u.id === ids.userOutside)).toBe(role === 'system_admin');
    expect(visible.some((u) => u.id === ids.userInJurisdiction)).toBe(role in JURISDICTION_READERS);
    if (!(role in JURISDICTION_READERS)) expect(new Set(visible.map((u) => u.organisationId))).toEqual(new Set([ids.orgOf[username]]));
  });
});

describe('without a valid token', () => {
  const PROTECTED: [string, string][] = [
    ['get', '/api/auth/me'],
    ['post', '/api/auth/logout'],
    ['get', '/api/regions'],
    ['post', '/api/regions'],
    ['get', '/api/organisations'],
    ['get', '/api/organisations/00000000-0000-4000-8000-000000000000'],
    ['post', '/api/organisations'],
    ['patch', '/api/organisations/00000000-0000-4000-8000-000000000000'],
    ['get', '/api/users'],
    ['get', '/api/users/00000000-0000-4000-8000-000000000000'],
    ['post', '/api/users'],
    ['patch', '/api/users/00000000-0000-4000-8000-000000000000'],
  ];
  const call = (method: string, path: string) => (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path);
  it.each(PROTECTED)('%s %s → 401 with no token and with a malformed one', async (method, path) => {
    const none = await call(method, path);
    expect([none.status, none.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const malformed = await call(method, path).set('authorization', 'Bearer not.a.real.token');
    expect([malformed.status, malformed.body.code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it.each([['post', '/api/auth/login'], ['post', '/api/auth/refresh'], ['get', '/api/health']])('%s %s needs no sign-in', async (method, path) => {
    const response = await call(method, path);
    expect(response.body.code).not.toBe('UNAUTHENTICATED');
  });
});
