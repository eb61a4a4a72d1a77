import { Outlet, useLocation } from 'react-router-dom';
import { Layout, Menu, Typography } from 'antd';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { AppHeader } from './app-header';
import { buildNavItems, navKeyForPath } from './nav-items';

export function AppShell() {
  const ability = useAppAbility();
  const me = useCurrentUser();
  const { pathname } = useLocation();
  // One mutable ability instance; useAppAbility re-renders this component whenever its rules change.
  const items = buildNavItems(ability, me);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" data-testid="app-sider">
        <div style={{ padding: '16px 24px' }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            Evalflow
          </Typography.Title>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', fontSize: 12 }}>预算绩效评价</Typography.Text>
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[navKeyForPath(pathname)]} items={items} />
      </Layout.Sider>
      <Layout>
        <AppHeader />
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
