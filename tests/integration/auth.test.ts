import { DEMO_PASSWORD } from '../../apps/api/src/modules/demo/demo-data';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' } });
}, 120_000);
afterAll(() => t?.close());

const login = (username: string, password = DEMO_PASSWORD) => t.http.post('/api/auth/login').send({ username, password });

describe('POST /api/auth/login', () => {
  it('returns a Bearer token, a refresh token, the user and the packed rules, and sets an httpOnly cookie', async () => {
    const response = await login('dept.staff');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username: 'dept.staff', roles: ['department_staff'], organisation: { name: '长沙市人民政府办公厅' } } });
    expect(response.body.accessToken.split('.')).toHaveLength(3);
    expect(response.body.rules.length).toBeGreaterThan(0);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/evalflow_refresh=[^;]+; Max-Age=\d+; Path=\/api\/auth; Expires=[^;]+; HttpOnly; SameSite=Strict/);
    const me = await t.http.get('/api/auth/me').set('authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('dept.staff');
  });

  it('accepts the username in any case and with spaces around it', async () => {
    expect((await login('  Dept.Head ')).status).toBe(200);
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await login('evaluator', 'not-the-password');
    const unknown = await login('nobody.here', 'not-the-password');
    expect([wrong.status, wrong.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect([unknown.status, unknown.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('rejects a malformed body with the fields at fault', async () => {
    const response = await t.http.post('/api/auth/login').send({ username: '', extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((d: { path: string }) => d.path).sort()).toEqual(expect.arrayContaining(['password', 'username']));
  });

  it('locks the account after repeated failures, even for the right password, then lets an admin reset it', async () => {
    for (let i = 0; i < 2; i++) expect((await login('auditor', 'wrong-password')).status).toBe(401);
    const third = await login('auditor', 'wrong-password');
    expect([third.status, third.body.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(800);
    const right = await login('auditor');
    expect([right.status, right.body.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    // A new password set by an administrator clears the lock.
    const admin = await t.token('admin');
    const users = await t.http.get('/api/users?q=auditor').set('authorization', `Bearer ${admin}`);
    const auditor = users.body.items.find((u: { username: string }) => u.username === 'auditor');
    expect(auditor.lockedUntil).not.toBeNull();
    const reset = await t.http.patch(`/api/users/${auditor.id}`).set('authorization', `Bearer ${admin}`).send({ password: 'a-brand-new-password', expectedVersion: auditor.version });
    expect(reset.status).toBe(200);
    expect((await login('auditor', 'a-brand-new-password')).status).toBe(200);
  });
});

describe('refresh and logout', () => {
  it('rotates the refresh token; reusing the old one ends the session', async () => {
    const first = await login('eval.lead');
    const second = await t.http.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    const replay = await t.http.post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect([replay.status, replay.body.code]).toEqual([401, 'TOKEN_INVALID']);
    // The replay revoked the session: the new tokens stop working too.
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(401);
    expect((await t.http.get('/api/auth/me').set('authorization', `Bearer ${second.body.accessToken}`)).status).toBe(401);
  });

  it('refreshes from the httpOnly cookie when the body has no token (the browser path)', async () => {
    const first = await login('dept.head');
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const refreshed = await t.http.post('/api/auth/refresh').set('cookie', cookie).send({});
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.username).toBe('dept.head');
  });

  it('logout ends the session: its access and refresh tokens stop working at once', async () => {
    const session = await login('finance.officer');
    const bearer = `Bearer ${session.body.accessToken}`;
    expect((await t.http.post('/api/auth/logout').set('authorization', bearer)).status).toBe(204);
    expect((await t.http.get('/api/auth/me').set('authorization', bearer)).status).toBe(401);
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
  });

  it('a deactivated user is signed out at once and cannot sign in', async () => {
    const session = await login('liuyang.staff');
    const admin = await t.token('admin');
    const users = await t.http.get('/api/users?q=liuyang.staff').set('authorization', `Bearer ${admin}`);
    const user = users.body.items[0];
    expect((await t.http.patch(`/api/users/${user.id}`).set('authorization', `Bearer ${admin}`).send({ active: false, expectedVersion: user.version })).status).toBe(200);
    expect((await t.http.get('/api/auth/me').set('authorization', `Bearer ${session.body.accessToken}`)).status).toBe(401);
    expect((await login('liuyang.staff')).status).toBe(401);
  });

  it('rejects a token signed with another secret and a token with a tampered payload', async () => {
    const session = await login('evaluator');
    const [header, payload, signature] = session.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url'), signature].join('.');
    expect((await t.http.get('/api/auth/me').set('authorization', `Bearer ${tampered}`)).status).toBe(401);
    const unsigned = [Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'), payload, ''].join('.');
    expect((await t.http.get('/api/auth/me').set('authorization', `Bearer ${unsigned}`)).status).toBe(401);
  });
});

describe('rate limiting on the auth routes', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
  }, 120_000);
  afterAll(() => limited?.close());

  it('answers 429 RATE_LIMITED past the limit per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await limited.http.post('/api/auth/login').send({ username: 'dept.staff', password: 'wrong-password' })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const last = await limited.http.post('/api/auth/login').send({ username: 'dept.staff', password: DEMO_PASSWORD });
    expect([last.status, last.body.code]).toEqual([429, 'RATE_LIMITED']);
    // The user is told why and when to try again, in words and in Retry-After.
    const wait = last.body.details.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(last.headers['retry-after']).toBe(String(wait));
    expect(last.body.message).toBe(`本网络地址的登录尝试过于频繁，请在 ${wait} 秒后重试`);
  });

  // Offices sit behind one address; the proxy in front of the app (trusted on loopback) names the client's.
  const fromAddress = (address: string) => ({
    login: (password = DEMO_PASSWORD) => limited.http.post('/api/auth/login').set('x-forwarded-for', address).send({ username: 'dept.staff', password }),
    refresh: (refreshToken: string) => limited.http.post('/api/auth/refresh').set('x-forwarded-for', address).send({ refreshToken }),
  });

  it('reloading the page (a refresh) is not a sign-in attempt: twelve reloads leave the sign-in budget untouched', async () => {
    const office = fromAddress('10.16.0.1');
    const first = await office.login();
    expect(first.status).toBe(200);
    let token = first.body.refreshToken as string;
    for (let reload = 0; reload < 12; reload++) {
      const refreshed = await office.refresh(token);
      expect(refreshed.status).toBe(200);
      token = refreshed.body.refreshToken;
    }
    // Sign-ins 2 and 3 of the limit of 3 still go through; the 4th is refused.
    expect((await office.login()).status).toBe(200);
    expect((await office.login()).status).toBe(200);
    expect((await office.login()).status).toBe(429);
  });

  it('refreshes have their own, ten times wider budget per address, with its own message', async () => {
    const office = fromAddress('10.16.0.2');
    let token = (await office.login()).body.refreshToken as string;
    for (let reload = 0; reload < 30; reload++) {
      const refreshed = await office.refresh(token);
      expect(refreshed.status).toBe(200);
      token = refreshed.body.refreshToken;
    }
    const limitedRefresh = await office.refresh(token);
    expect([limitedRefresh.status, limitedRefresh.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(limitedRefresh.body.message).toContain('恢复登录状态的请求过于频繁');
  });
});
