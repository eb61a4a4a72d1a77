import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Pagination, Segmented, Space, Switch, Typography } from 'antd';
import type { NotificationDto, NotificationPreferences } from '@evalflow/domain';
import { QueryError } from '../errors/query-error';
import { NotificationList } from './notification-list';
import { useMarkAllRead, useMarkRead, useNotificationPreferences, useNotifications, useSaveNotificationPreferences } from './notifications-api';

const PAGE_SIZE = 20;

/** 我的通知: every notification (all or unread), paged, and the mail preferences of the signed-in user. */
export function NotificationsPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useNotifications({ page, pageSize: PAGE_SIZE, unread: filter === 'unread' });
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();

  const open = (notification: NotificationDto) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    navigate(notification.link);
  };

  return (
    <Flex vertical gap={16}>
      <Card
        title="我的通知"
        extra={
          <Space>
            <Segmented
              value={filter}
              onChange={(value) => {
                setFilter(value as 'all' | 'unread');
                setPage(1);
              }}
              options={[
                { label: '全部', value: 'all' },
                { label: `未读${list.data ? `（${list.data.unread}）` : ''}`, value: 'unread' },
              ]}
            />
            <Button
              disabled={!list.data?.unread}
              loading={markAllRead.isPending}
              onClick={() => markAllRead.mutate(undefined, { onError: (error) => void message.error(error.message) })}
            >
              全部标为已读
            </Button>
          </Space>
        }
        data-testid="notifications-page"
      >
        {list.error ? (
          <QueryError error={list.error} />
        ) : (
          <>
            <NotificationList items={list.data?.items ?? []} onOpen={open} onMarkRead={(n) => markRead.mutate(n.id)} />
            <Flex justify="flex-end" style={{ marginTop: 12 }}>
              <Pagination current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onChange={setPage} showSizeChanger={false} hideOnSinglePage />
            </Flex>
          </>
        )}
      </Card>
      <PreferencesCard />
    </Flex>
  );
}

/** 通知设置: which mails the user wants. In-app notifications are always kept. */
function PreferencesCard() {
  const { message } = App.useApp();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();

  const change = (patch: Partial<NotificationPreferences>) => {
    if (!preferences.data) return;
    save.mutate(
      { ...preferences.data, ...patch },
      { onSuccess: () => void message.success('通知设置已保存'), onError: (error) => void message.error(error.message) },
    );
  };

  return (
    <Card title="通知设置" data-testid="notification-preferences">
      {preferences.error ? (
        <QueryError error={preferences.error} />
      ) : (
        <Flex vertical gap={12}>
          <Space>
            <Switch
              checked={preferences.data?.reminderMail ?? true}
              loading={preferences.isLoading || save.isPending}
              onChange={(checked) => change({ reminderMail: checked })}
              data-testid="preference-reminder-mail"
            />
            <Typography.Text>期限提醒与逾期督办邮件</Typography.Text>
          </Space>
          <Space>
            <Switch
              checked={preferences.data?.digestMail ?? true}
              loading={preferences.isLoading || save.isPending}
              onChange={(checked) => change({ digestMail: checked })}
              data-testid="preference-digest-mail"
            />
            <Typography.Text>每日逾期事项汇总邮件（财政部门）</Typography.Text>
          </Space>
          <Typography.Text type="secondary">站内通知始终保留；流程通知邮件（如下达、退回、发布）总会发送。</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}
