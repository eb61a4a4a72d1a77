import { randomBytes } from 'node:crypto';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';
import { NotificationsService } from '../../apps/api/src/modules/notifications/notifications.service';
import { QUEUE_NAMES } from '../../apps/api/src/infrastructure/queue/jobs';

/*
 * In-app notifications (the bell), mail preferences and the queue dashboard's access control, through the HTTP API
 * against real PostgreSQL, Redis and the SMTP sink. A transition's `notify` effect goes outbox → relay → notify job,
 * which records one notification per recipient next to the mails.
 */
let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(() => t.close());

const userId = async (username: string) => (await t.db.query(`SELECT id FROM users WHERE username = $1`, [username]))[0].id as string;
const unread = async (username: string) => (await api(t, username, 'get', '/me/notifications/unread-count')).body.unread as number;

describe('a transition notifies its recipients in-app', () => {
  let evaluationId: string;
  let title: string;

  beforeAll(async () => {
    title = `通知测试评价 ${randomBytes(3).toString('hex')}`;
    const evaluation = await createKeyEvaluation(t, ids, { title });
    evaluationId = evaluation.id;
    expect((await fire(t, 'finance.officer', evaluationId, 'commission')).status).toBe(200);
    // Commissioning a key evaluation tells the department (head, staff) and the team (lead, evaluator).
    await eventually(async () => {
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM notifications WHERE link = $1 AND kind = 'workflow'`, [`/evaluations/${evaluationId}`]);
      return count === 4;
    });
  });

  it('records one notification per recipient with a deep link, and none for the actor', async () => {
    const rows = await t.db.query(
      `SELECT u.username, n.kind, n.title, n.link FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.link = $1 AND n.kind = 'workflow' ORDER BY u.username`,
      [`/evaluations/${evaluationId}`],
    );
    expect(rows.map((row: { username: string }) => row.username)).toEqual(['dept.head', 'dept.staff', 'eval.lead', 'evaluator']);
    for (const row of rows) {
      expect(row.kind).toBe('workflow');
      expect(row.title).toContain(title);
    }
    const list = await api(t, 'dept.staff', 'get', '/me/notifications?unread=true');
    expect(list.status).toBe(200);
    const mine = list.body.items.find((item: { link: string; kind: string }) => item.link === `/evaluations/${evaluationId}` && item.kind === 'workflow');
    expect(mine).toMatchObject({ kind: 'workflow', readAt: null, link: `/evaluations/${evaluationId}` });
    expect(list.body.unread).toBeGreaterThanOrEqual(1);
    const officer = (await api(t, 'finance.officer', 'get', '/me/notifications')).body.items;
    expect(officer.some((item: { link: string; kind: string }) => item.link === `/evaluations/${evaluationId}` && item.kind === 'workflow')).toBe(false);
  });

  it('records nothing twice when the same notice is recorded again (a retried job)', async () => {
    const notifications = t.app.get(NotificationsService);
    const [row] = await t.db.query(`SELECT user_id AS "userId", key FROM notifications WHERE link = $1 AND kind = 'workflow' LIMIT 1`, [`/evaluations/${evaluationId}`]);
    const again = await notifications.record(null, [{ userId: row.userId, kind: 'workflow', title: 'x', body: 'y', link: '/evaluations/x', key: row.key }]);
    expect(again).toBe(0);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND key = $2`, [row.userId, row.key]);
    expect(count).toBe(1);
  });

  it('counts unread, marks one read and then all read; each user sees and marks only their own', async () => {
    const before = await unread('dept.head');
    expect(before).toBeGreaterThanOrEqual(1);
    const list = await api(t, 'dept.head', 'get', '/me/notifications?pageSize=5');
    expect(list.body).toMatchObject({ page: 1, pageSize: 5, unread: before });
    const target = list.body.items[0];

    // Someone else's notification is missing to them, and stays unread.
    expect((await api(t, 'dept.staff', 'post', `/me/notifications/${target.id}/read`)).status).toBe(404);
    expect((await api(t, 'dept.head', 'get', '/me/notifications?unread=true')).body.items.map((i: { id: string }) => i.id)).toContain(target.id);
    // A malformed id is a 400, an unknown one 404.
    expect((await api(t, 'dept.head', 'post', `/me/notifications/not-a-uuid/read`)).status).toBe(400);
    expect((await api(t, 'dept.head', 'post', `/me/notifications/00000000-0000-4000-8000-000000000000/read`)).status).toBe(404);

    const marked = await api(t, 'dept.head', 'post', `/me/notifications/${target.id}/read`);
    expect(marked.status).toBe(200);
    expect(marked.body.id).toBe(target.id);
    expect(marked.body.readAt).not.toBeNull();
    expect(await unread('dept.head')).toBe(before - 1);
    // Marking it again keeps the first reading time.
    expect((await api(t, 'dept.head', 'post', `/me/notifications/${target.id}/read`)).body.readAt).toBe(marked.body.readAt);

    const staffBefore = await unread('dept.staff');
    const all = await api(t, 'dept.head', 'post', '/me/notifications/read-all');
    expect(all.status).toBe(200);
    expect(all.body.marked).toBe(before - 1);
    expect(await unread('dept.head')).toBe(0);
    expect((await api(t, 'dept.head', 'get', '/me/notifications?unread=true')).body.items).toEqual([]);
    // Another user's count is untouched.
    expect(await unread('dept.staff')).toBe(staffBefore);
  });

  it('pages newest first and validates the query', async () => {
    const notifications = t.app.get(NotificationsService);
    const evaluator = await userId('evaluator');
    const before = (await api(t, 'evaluator', 'get', '/me/notifications')).body.total as number;
    await notifications.record(
      null,
      [1, 2, 3].map((n) => ({ userId: evaluator, kind: 'reminder' as const, title: `提醒 ${n}`, body: '期限将至', link: `/evaluations/${evaluationId}`, key: `paging-test|${n}` })),
    );
    const first = await api(t, 'evaluator', 'get', '/me/notifications?page=1&pageSize=2');
    const second = await api(t, 'evaluator', 'get', '/me/notifications?page=2&pageSize=2');
    expect(first.body.total).toBe(before + 3);
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(2);
    const all = [...first.body.items, ...second.body.items].map((item: { createdAt: string }) => item.createdAt);
    expect([...all].sort().reverse()).toEqual(all);
    const bad = await api(t, 'evaluator', 'get', '/me/notifications?pageSize=1000&unread=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['pageSize', 'unread']);
  });

  it('needs a signed-in user', async () => {
    expect((await t.http.get('/api/me/notifications')).status).toBe(401);
    expect((await t.http.get('/api/me/notifications/unread-count')).status).toBe(401);
    expect((await t.http.post('/api/me/notifications/read-all')).status).toBe(401);
  });
});

describe('mail preferences', () => {
  it('default to everything on, are saved per user and read back by the service', async () => {
    expect((await api(t, 'finance.officer', 'get', '/me/notification-preferences')).body).toEqual({ digestMail: true, reminderMail: true });
    const saved = await api(t, 'finance.officer', 'put', '/me/notification-preferences', { digestMail: false, reminderMail: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ digestMail: false, reminderMail: true });
    expect((await api(t, 'finance.officer', 'get', '/me/notification-preferences')).body).toEqual({ digestMail: false, reminderMail: true });
    // Someone else's stay at the defaults.
    expect((await api(t, 'liuyang.officer', 'get', '/me/notification-preferences')).body).toEqual({ digestMail: true, reminderMail: true });

    const [officer, other] = [await userId('finance.officer'), await userId('liuyang.officer')];
    const map = await t.app.get(NotificationsService).preferencesOf([officer, other]);
    expect(map.get(officer)).toEqual({ digestMail: false, reminderMail: true });
    expect(map.get(other)).toEqual({ digestMail: true, reminderMail: true });
  });

  it('refuses bad input with the field and the reason, and changes nothing', async () => {
    const before = (await api(t, 'dept.staff', 'get', '/me/notification-preferences')).body;
    for (const body of [{ digestMail: 'no', reminderMail: true }, { digestMail: true }, { digestMail: true, reminderMail: true, userId: ids.lead }]) {
      const response = await api(t, 'dept.staff', 'put', '/me/notification-preferences', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.length).toBeGreaterThan(0);
    }
    const wrongType = await api(t, 'dept.staff', 'put', '/me/notification-preferences', { digestMail: 'no', reminderMail: true });
    expect(wrongType.body.details).toEqual([{ path: 'digestMail', message: 'must be true or false' }]);
    expect((await api(t, 'dept.staff', 'get', '/me/notification-preferences')).body).toEqual(before);
  });
});

describe('queue dashboard (Bull Board) access', () => {
  const BOARD = '/api/admin/queues';

  it('is closed without a ticket, and to non-admins even with their own token', async () => {
    expect((await t.http.get(`${BOARD}/`)).status).toBe(401);
    expect((await t.http.get(`${BOARD}/api/queues`)).status).toBe(401);
    for (const username of ['finance.admin', 'finance.officer', 'dept.head']) {
      const token = await t.token(username);
      expect((await t.http.get(`${BOARD}/api/queues`).set('Authorization', `Bearer ${token}`)).status).toBe(403);
      expect((await t.http.post('/api/admin/queue-board/session').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    }
    // A forged or foreign cookie does not open it, nor does an access token passed off as the ticket.
    expect((await t.http.get(`${BOARD}/api/queues`).set('Cookie', `evalflow_queue_board=${await t.token('admin')}`)).status).toBe(401);
    expect((await t.http.get(`${BOARD}/api/queues`).set('Cookie', 'evalflow_queue_board=garbage.garbage.garbage')).status).toBe(401);
  });

  it('opens for a system admin through the ticket cookie and lists every queue', async () => {
    const token = await t.token('admin');
    const session = await t.http.post('/api/admin/queue-board/session').set('Authorization', `Bearer ${token}`);
    expect(session.status).toBe(200);
    expect(session.body.url).toBe(`${BOARD}/`);
    const cookie = (session.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('evalflow_queue_board=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/admin\/queues/);
    const ticket = cookie.split(';')[0];

    // The ticket is not an access token anywhere else.
    expect((await t.http.get('/api/auth/me').set('Authorization', `Bearer ${ticket.split('=')[1]}`)).status).toBe(401);

    const page = await t.http.get(`${BOARD}/`).set('Cookie', ticket);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Evalflow 队列');
    const queues = await t.http.get(`${BOARD}/api/queues`).set('Cookie', ticket);
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    // The Bearer token works too, for API clients.
    expect((await t.http.get(`${BOARD}/api/queues`).set('Authorization', `Bearer ${token}`)).status).toBe(200);

    // Signing out ends the ticket with the session.
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`);
    expect((await t.http.get(`${BOARD}/api/queues`).set('Cookie', ticket)).status).toBe(401);
  });
});
