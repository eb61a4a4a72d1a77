import { creditCodeCheckCharacter } from '@evalflow/domain';
import { createTestApp, eventually, sentMails, type TestApp } from '../support/test-app';

/** Administration through the API: bad input answers 400/409/413/422 with the reason, and writes nothing. */
let t: TestApp;
let admin: string;
let changshaRegion: string;
let deptOrg: string;

const counts = async () => {
  const [row] = await t.db.query('SELECT (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM users)::int AS users');
  return row as { organisations: number; users: number };
};
const validCode = (body: string) => body + creditCodeCheckCharacter(body);

beforeAll(async () => {
  t = await createTestApp();
  admin = `Bearer ${await t.token('admin')}`;
  changshaRegion = (await t.http.get('/api/regions').set('authorization', admin)).body.find((r: { code: string }) => r.code === '430100').id;
  deptOrg = (await t.http.get('/api/organisations?q=长沙市人民政府办公厅').set('authorization', admin)).body.items[0].id;
}, 120_000);
afterAll(() => t?.close());

describe('organisations', () => {
  it('creates an organisation with a valid credit code (lower case accepted and normalised)', async () => {
    const response = await t.http
      .post('/api/organisations')
      .set('authorization', admin)
      .send({ name: '长沙市教育局', kind: 'department', creditCode: '91350100m000100y43', regionId: changshaRegion });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: '长沙市教育局', creditCode: '91350100M000100Y43', regionName: '长沙市', version: 1, active: true });
  });

  it.each([
    ['a wrong check character', { creditCode: '91350100M000100Y44' }, 'creditCode', 'the check character does not match'],
    ['a forbidden letter', { creditCode: '91350100M000100I43' }, 'creditCode', 'only digits and capital letters other than I, O, S, V, Z are allowed'],
    ['a short code', { creditCode: '9135010' }, 'creditCode', 'a unified social credit code has 18 characters'],
    ['an unknown kind', { kind: 'ministry' }, 'kind', expect.any(String)],
    ['a one-character name', { name: 'x' }, 'name', 'at least 2 characters'],
    ['a region that is not a UUID', { regionId: 'changsha' }, 'regionId', 'must be a UUID'],
    ['an unexpected field', { secret: true }, '(body)', expect.stringContaining('secret')],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_, change, path, message) => {
    const before = await counts();
    const response = await t.http
      .post('/api/organisations')
      .set('authorization', admin)
      .send({ name: '测试机构', kind: 'department', creditCode: validCode('11430100MB9999990'), regionId: changshaRegion, ...change });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual(expect.arrayContaining([{ path, message }]));
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate credit code with 409 and an unknown region with 422', async () => {
    const existing = (await t.http.get(`/api/organisations/${deptOrg}`).set('authorization', admin)).body.creditCode;
    const duplicate = await t.http.post('/api/organisations').set('authorization', admin).send({ name: '重复机构', kind: 'department', creditCode: existing, regionId: changshaRegion });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'DUPLICATE']);
    const unknownRegion = await t.http
      .post('/api/organisations')
      .set('authorization', admin)
      .send({ name: '无区划机构', kind: 'department', creditCode: validCode('11430100MB8888880'), regionId: '00000000-0000-4000-8000-000000000000' });
    expect([unknownRegion.status, unknownRegion.body.code]).toEqual([422, 'RULE_VIOLATION']);
  });

  it('refuses a stale version with 409 and keeps the newer change', async () => {
    const current = (await t.http.get(`/api/organisations/${deptOrg}`).set('authorization', admin)).body;
    const first = await t.http.patch(`/api/organisations/${deptOrg}`).set('authorization', admin).send({ shortName: '办公厅', expectedVersion: current.version });
    expect(first.status).toBe(200);
    const stale = await t.http.patch(`/api/organisations/${deptOrg}`).set('authorization', admin).send({ shortName: '旧名称', expectedVersion: current.version });
    expect([stale.status, stale.body.code, stale.body.details.currentVersion]).toEqual([409, 'VERSION_CONFLICT', current.version + 1]);
    expect((await t.http.get(`/api/organisations/${deptOrg}`).set('authorization', admin)).body.shortName).toBe('办公厅');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await t.http.get('/api/organisations/not-a-uuid').set('authorization', admin)).status).toBe(400);
    const missing = await t.http.get('/api/organisations/00000000-0000-4000-8000-000000000000').set('authorization', admin);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('users', () => {
  const newUser = (change: object = {}) => ({ username: 'new.staff', displayName: '新同事', email: 'new.staff@example.org', password: 'a-long-password', organisationId: deptOrg, roles: ['department_staff'], ...change });

  it('creates a user (password hashed with argon2id, never returned) and mails the account notice through the queue', async () => {
    const response = await t.http.post('/api/users').set('authorization', admin).send(newUser());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ username: 'new.staff', roles: ['department_staff'], organisationName: '长沙市人民政府办公厅' });
    expect(JSON.stringify(response.body)).not.toContain('password');
    const [{ password_hash: hash }] = await t.db.query(`SELECT password_hash FROM users WHERE username = 'new.staff'`);
    expect(hash).toMatch(/^\$argon2id\$/);
    const mail = await eventually(async () => (await sentMails()).find((m) => m.to.includes('new.staff@example.org')));
    expect(mail.subject).toBe('【预算绩效评价】账户开通通知');
    expect(mail.text).toContain('用户名：new.staff');
    expect(mail.text).not.toContain('a-long-password');
    expect((await t.http.post('/api/auth/login').send({ username: 'new.staff', password: 'a-long-password' })).status).toBe(200);
  });

  it.each([
    ['an unknown role', { username: 'x.role', roles: ['president'] }, 'roles.0'],
    ['no role', { username: 'x.none', roles: [] }, 'roles'],
    ['a role twice', { username: 'x.twice', roles: ['department_staff', 'department_staff'] }, 'roles'],
    ['a short password', { username: 'x.short', password: 'short' }, 'password'],
    ['a bad username', { username: '1 bad name' }, 'username'],
    ['a bad email', { username: 'x.mail', email: 'not-an-email' }, 'email'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_, change, path) => {
    const before = await counts();
    const response = await t.http.post('/api/users').set('authorization', admin).send(newUser(change));
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(response.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate username with 409 and a role foreign to the organisation kind with 422', async () => {
    const before = await counts();
    const duplicate = await t.http.post('/api/users').set('authorization', admin).send(newUser({ username: 'dept.staff' }));
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'DUPLICATE']);
    expect(duplicate.body.details).toEqual([{ path: 'username', message: 'already exists' }]);
    const misfit = await t.http.post('/api/users').set('authorization', admin).send(newUser({ username: 'misfit', roles: ['auditor'] }));
    expect([misfit.status, misfit.body.code]).toEqual([422, 'RULE_VIOLATION']);
    expect(misfit.body.details).toEqual([{ path: 'roles', message: 'auditor is not allowed for department' }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an oversized body with 413 and invalid JSON with 400', async () => {
    const before = await counts();
    const huge = await t.http.post('/api/users').set('authorization', admin).send(newUser({ displayName: 'x'.repeat(2 * 1024 * 1024) }));
    expect([huge.status, huge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const broken = await t.http.post('/api/users').set('authorization', admin).set('content-type', 'application/json').send('{"username": ');
    expect([broken.status, broken.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await counts()).toEqual(before);
  });

  it('lets a user change their own name and password but not their roles', async () => {
    const staff = `Bearer ${await t.token('dept.staff')}`;
    const me = (await t.http.get('/api/auth/me').set('authorization', staff)).body.user;
    const record = (await t.http.get(`/api/users/${me.id}`).set('authorization', staff)).body;
    const renamed = await t.http.patch(`/api/users/${me.id}`).set('authorization', staff).send({ displayName: '张敏（经办）', expectedVersion: record.version });
    expect([renamed.status, renamed.body.displayName]).toEqual([200, '张敏（经办）']);
    const promote = await t.http.patch(`/api/users/${me.id}`).set('authorization', staff).send({ roles: ['department_head'], expectedVersion: renamed.body.version });
    expect([promote.status, promote.body.code]).toEqual([403, 'FORBIDDEN']);
    const empty = await t.http.patch(`/api/users/${me.id}`).set('authorization', staff).send({ expectedVersion: renamed.body.version });
    expect(empty.status).toBe(400);
  });
});
