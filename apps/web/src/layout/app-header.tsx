import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Layout, Space, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { logout } from '../auth/auth-api';
import { useCurrentUser } from '../auth/use-session';
import { NotificationBell } from '../notifications/notification-bell';
import { RoleTags } from './role-tags';

export function AppHeader() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [leaving, setLeaving] = useState(false);

  const onLogout = async () => {
    setLeaving(true);
    try {
      await logout();
    } catch {
      // The local session is cleared regardless; the server forgets the token when it expires.
    } finally {
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  };

  return (
    <Layout.Header style={{ background: '#fff', padding: '0 24px', borderBottom: '1px solid #f0f0f0' }}>
      <Flex align="center" justify="space-between" style={{ height: '100%' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          预算绩效评价管理系统
        </Typography.Text>
        <Space size="middle" wrap={false}>
          <NotificationBell />
          <Space size="small">
            <UserOutlined />
            <Typography.Text strong data-testid="current-user">
              {me.displayName}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="current-organisation">
              {me.organisation.name}
            </Typography.Text>
          </Space>
          <span data-testid="current-roles">
            <RoleTags roles={me.roles} />
          </span>
          <Button icon={<LogoutOutlined />} loading={leaving} onClick={() => void onLogout()} data-testid="logout">
            退出登录
          </Button>
        </Space>
      </Flex>
    </Layout.Header>
  );
}
