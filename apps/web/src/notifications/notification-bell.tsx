import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Badge, Button, Flex, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type { NotificationDto } from '@evalflow/domain';
import { NotificationList } from './notification-list';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './notifications-api';

const RECENT = { page: 1, pageSize: 8 };

/** 通知铃铛: the unread count (polled every 30 s) and, when opened, the latest notifications with deep links. */
export function NotificationBell() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const recent = useNotifications(RECENT, open);
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();

  const openNotification = (notification: NotificationDto) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    setOpen(false);
    navigate(notification.link);
  };

  const content = (
    <Flex vertical style={{ width: 360 }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>通知</Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={!unread.data?.unread}
          loading={markAllRead.isPending}
          onClick={() => markAllRead.mutate(undefined, { onError: (error) => void message.error(error.message) })}
          data-testid="notifications-read-all"
        >
          全部标为已读
        </Button>
      </Flex>
      <div style={{ maxHeight: 420, overflowY: 'auto' }}>
        <NotificationList items={recent.data?.items ?? []} onOpen={openNotification} onMarkRead={(n) => markRead.mutate(n.id)} compact />
      </div>
      <Button
        type="link"
        onClick={() => {
          setOpen(false);
          navigate('/notifications');
        }}
        data-testid="notifications-all"
      >
        查看全部通知与通知设置
      </Button>
    </Flex>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={unread.data?.unread ?? 0} overflowCount={99} size="small">
        <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label="通知" data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
