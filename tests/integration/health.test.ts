import { createTestApp, type QueueBackend, type TestApp } from '../support/test-app';

/** Health reports database, queue backend and SMTP separately, on both queue backends. */
describe.each<QueueBackend>(['redis', 'postgres'])('GET /api/health with the %s queue backend', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: backend });
  }, 120_000);
  afterAll(() => t?.close());

  it('answers 200 with every service up', async () => {
    const response = await t.http.get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, queue: { status: 'up', backend }, smtp: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document with the foundation routes', async () => {
    const response = await t.http.get('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/me', '/api/health', '/api/regions', '/api/organisations', '/api/organisations/{id}', '/api/users', '/api/users/{id}']),
    );
    expect(response.body.paths['/api/users'].post.requestBody).toBeDefined();
  });
});

describe('GET /api/health when SMTP is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
  }, 120_000);
  afterAll(() => t?.close());

  it('answers 503 naming SMTP as down and the others up', async () => {
    const response = await t.http.get('/api/health');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ status: 'degraded', checks: { database: { status: 'up' }, queue: { status: 'up' }, smtp: { status: 'down', error: expect.any(String) } } });
  });
});
