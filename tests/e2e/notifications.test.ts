import type { Page } from 'playwright-core';
import { NotificationsService } from '../../apps/api/src/modules/notifications/notifications.service';
import { signIn as signInAs, useBrowserSuite } from './browser';

/**
 * The bell in a real browser: the unread count, the panel with its deep links, marking read; and the queue
 * dashboard opening in a new tab for the system admin through its ticket cookie.
 */
const suite = useBrowserSuite();

const signIn = (page: Page, username: string) => signInAs(page, suite.baseUrl, username);

it('shows the unread count, opens a notification by its deep link and marks it read', async () => {
  const t = suite.t;
  const [{ id: userId }] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
  await t.app.get(NotificationsService).record(null, [
    { userId, kind: 'reminder', title: '自评期限提醒：浏览器测试', body: '请于期限前提交自评材料', link: '/notifications', key: 'e2e|1' },
    { userId, kind: 'workflow', title: '流程通知：浏览器测试', body: '评价已下达', link: '/', key: 'e2e|2' },
  ]);
  const context = await suite.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await signIn(page, 'dept.staff');
    const badge = page.locator('.ant-badge').filter({ has: page.getByTestId('notification-bell') });
    // antd titles the count bubble with the count itself (no text to read mid-animation, no script evaluation under the CSP).
    await badge.locator('.ant-scroll-number[title="2"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-panel').waitFor();
    await page.getByTestId('notification-panel').getByText('自评期限提醒：浏览器测试').click();
    await page.waitForURL(`${suite.baseUrl}/notifications`);
    await page.getByTestId('notifications-page').waitFor();
    await badge.locator('.ant-scroll-number[title="1"]').waitFor({ timeout: 15_000 });
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    expect(count).toBe(1);
  } finally {
    await context.close();
  }
});

it('opens the queue dashboard in a new tab for the system admin only', async () => {
  const context = await suite.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await signIn(page, 'admin');
    const [board] = await Promise.all([context.waitForEvent('page'), page.getByTestId('menu-queue-board').click()]);
    await board.waitForURL(`${suite.baseUrl}/api/admin/queues/`, { timeout: 15_000 });
    await board.waitForLoadState('load');
    expect(await board.title()).toContain('Evalflow 队列');
    // The board's own scripts run under our CSP, fetch its API with the ticket cookie and list the queues.
    await board.getByText('notifications', { exact: false }).first().waitFor({ timeout: 15_000 });
    expect(await board.locator('body').textContent()).toContain('mail');
  } finally {
    await context.close();
  }
  const other = await suite.browser.newContext({ locale: 'zh-CN' });
  const staff = await other.newPage();
  try {
    await signIn(staff, 'dept.staff');
    expect(await staff.getByTestId('menu-queue-board').count()).toBe(0);
    const direct = await staff.goto(`${suite.baseUrl}/api/admin/queues/`);
    expect(direct?.status()).toBe(401);
  } finally {
    await other.close();
  }
});
