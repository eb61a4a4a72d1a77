import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';

/*
 * Inputs are bounded everywhere (issue 16): control characters in any query string answer 400 naming the
 * parameter, search text is matched literally, amounts have a cap and no negative zero, and the API prefix is
 * matched without regard to case. Each case failed before the fix (500, everything matched, stored, HTML).
 */
jest.setTimeout(120_000);

let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(async () => t?.close());

describe('control characters in query strings', () => {
  it.each([
    ['finance.officer', '/evaluations?q=a%00b', 'query.q'],
    ['admin', '/users?q=a%00b', 'query.q'],
    ['admin', '/organisations?q=%00', 'query.q'],
    ['finance.officer', '/evaluations?q=a%07b', 'query.q'],
    ['finance.officer', '/me/tasks?page=1%00', 'query.page'],
    ['dept.staff', '/notifications?unread=%00true', 'query.unread'],
    // A parameter no route declares is refused too: the rule is the app's, not each route's.
    ['finance.officer', '/evaluations?undeclared=%1f', 'query.undeclared'],
  ])('%s GET %s → 400 naming %s', async (username, path, field) => {
    const response = await api(t, username, 'get', path);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([{ path: field, message: 'contains control characters' }]);
  });

  it('a NUL byte in a body text field is a 400 too, never a 500', async () => {
    const response = await api(t, 'finance.admin', 'post', '/frameworks', { name: 'a\u0000b', scope: 'project' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('search text is matched literally', () => {
  it.each(['%', '_', '\\', '%%', '_%_'])('q=%s matches no evaluation, user or organisation (none has it in its name)', async (q) => {
    const encoded = encodeURIComponent(q);
    for (const [username, path] of [
      ['finance.officer', `/evaluations?q=${encoded}`],
      ['admin', `/users?q=${encoded}`],
      ['admin', `/organisations?q=${encoded}`],
    ] as const) {
      const response = await api(t, username, 'get', path);
      expect([path, response.status, response.body.total]).toEqual([path, 200, 0]);
    }
  });

  it('ordinary search still finds by part of the name', async () => {
    const users = await api(t, 'admin', 'get', `/users?q=${encodeURIComponent('staff')}`);
    expect(users.body.total).toBeGreaterThan(0);
    const organisations = await api(t, 'admin', 'get', `/organisations?q=${encodeURIComponent('办公')}`);
    expect(organisations.body.total).toBeGreaterThan(0);
  });
});

describe('amounts are bounded', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await createKeyEvaluation(t, ids));
    expect((await fire(t, 'finance.officer', id, 'commission')).status).toBe(200);
    expect((await fire(t, 'dept.staff', id, 'start_self_evaluation')).status).toBe(200);
  });

  async function put(data: unknown) {
    const current = await api(t, 'dept.staff', 'get', `/evaluations/${id}/budget-data`);
    return { before: current.body, response: await api(t, 'dept.staff', 'put', `/evaluations/${id}/budget-data`, { expectedVersion: current.body.version, data }) };
  }

  it.each([
    ['20 integer digits', '99999999999999999999.99', '整数部分最多 13 位'],
    ['1,000 digits', '9'.repeat(1000), '整数部分最多 13 位'],
    ['over 10 万亿元 in 万元', '1000000000.5', '超出上限'],
  ])('%s: 422 naming the field, nothing stored', async (_label, amount, message) => {
    const { before, response } = await put({ unit: 'wan_yuan', total: { allotted: amount } });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'data.total.allotted', message: expect.stringContaining(message) })]));
    const after = await api(t, 'dept.staff', 'get', `/evaluations/${id}/budget-data`);
    expect(after.body.version).toBe(before.version);
  });

  it('a trillion yuan is stored; "-0" is stored as 0', async () => {
    const { response } = await put({ unit: 'yuan', total: { allotted: '1,000,000,000,000.00', adjustments: '-0', recovered: '-0.00' } });
    expect(response.status).toBe(200);
    const stored = await api(t, 'dept.staff', 'get', `/evaluations/${id}/budget-data`);
    expect(stored.body.data.total).toEqual(expect.objectContaining({ allotted: '1,000,000,000,000.00', adjustments: '0', recovered: '0.00' }));
  });
});

describe('the API prefix regardless of case', () => {
  it.each(['/API/health', '/Api/health', '/api/HEALTH'])('%s answers JSON, not the web page', async (path) => {
    const response = await t.http.get(path);
    expect(response.headers['content-type']).toContain('application/json');
  });

  it.each(['/API/no-such-route', '/API/evaluations/../../etc'])('%s is a JSON 404 or 401, never index.html', async (path) => {
    const response = await t.http.get(path);
    expect(response.headers['content-type']).toContain('application/json');
    expect([401, 404]).toContain(response.status);
  });
});
