import type { Page } from 'playwright-core';
import { ROLE_LABELS } from '@evalflow/domain';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import path from 'node:path';
import { useBrowserSuite } from './browser';

/**
 * The whole product on one port, in a real browser: the API serves the built web app; every demo user signs in
 * through the login page, sees their name, and a menu that follows their permissions.
 */

const suite = useBrowserSuite();

async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${suite.baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

const ADMIN_MENUS = new Set(['system_admin', 'finance_admin', 'finance_officer', 'auditor']);
const FIRST_USER_OF_EACH_ROLE = DEMO_USERS.filter((user, index) => DEMO_USERS.findIndex((u) => u.roles[0] === user.roles[0]) === index);

describe('signing in through the browser', () => {
  it.each(FIRST_USER_OF_EACH_ROLE.map((u) => [u.roles[0], u] as const))('as %s', async (role, user) => {
    const context = await suite.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await signIn(page, user.username);
      await page.getByTestId('current-user').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('current-user').textContent()).toContain(user.displayName);
      expect(await page.locator('body').textContent()).toContain(ROLE_LABELS[role].zh);
      expect(await page.getByTestId('menu-home').count()).toBe(1);
      expect((await page.getByTestId('menu-organisations').count()) > 0).toBe(ADMIN_MENUS.has(role));
      expect((await page.getByTestId('menu-users').count()) > 0).toBe(ADMIN_MENUS.has(role));
      await page.getByTestId('logout').click();
      await page.getByTestId('login-username').waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  });

  it('shows an error for a wrong password and stays on the login page', async () => {
    const page = await suite.browser.newPage();
    try {
      await signIn(page, 'dept.staff', 'wrong-password-here');
      await page.getByTestId('login-error').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
      expect(page.url()).toContain('/login');
    } finally {
      await page.close();
    }
  });

  it('a finance admin sees the organisations of the jurisdiction, and a reload keeps the session (refresh cookie)', async () => {
    const page = await suite.browser.newPage();
    try {
      await signIn(page, 'finance.admin');
      await page.getByTestId('menu-organisations').click();
      await page.getByTestId('organisations-table').waitFor({ timeout: 15_000 });
      await page.getByText('浏阳市人民政府办公室').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('new-organisation').count()).toBe(1);
      // The create form opens, validates the credit code in the browser with the shared schema, and cancels.
      await page.getByTestId('new-organisation').click();
      await page.getByTestId('organisation-form-submit').waitFor({ timeout: 15_000 });
      expect(await page.locator('.ant-modal-title').textContent()).toBe('新建机构');
      await page.getByTestId('organisation-form-submit').click();
      await page.getByText('请输入机构名称').waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: /取\s*消/ }).click();
      await page.reload();
      await page.getByTestId('organisations-table').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('current-user').textContent()).toContain('周科长');
      await page.screenshot({ path: path.join(__dirname, '../../tmp/e2e-organisations.png') }).catch(() => undefined);
    } finally {
      await page.close();
    }
  });
});
