import { Badge, Button, Empty, Flex, Tag, Typography } from 'antd';
import { NOTIFICATION_KIND_LABELS, type NotificationDto, type NotificationKind } from '@evalflow/domain';

const KIND_COLORS: Record<NotificationKind, string> = { workflow: 'blue', reminder: 'gold', escalation: 'red', digest: 'purple' };

const formatTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** Notifications as rows: kind, title, body, time; unread ones marked. Clicking a row opens its deep link. */
export function NotificationList({
  items,
  onOpen,
  onMarkRead,
  compact = false,
}: {
  items: NotificationDto[];
  onOpen: (notification: NotificationDto) => void;
  onMarkRead?: (notification: NotificationDto) => void;
  compact?: boolean;
}) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />;
  return (
    <Flex vertical gap={0} data-testid="notification-list">
      {items.map((item) => (
        <Flex
          key={item.id}
          gap={8}
          align="flex-start"
          style={{ padding: '8px 4px', borderBottom: '1px solid #f0f0f0', cursor: 'pointer', background: item.readAt ? undefined : '#f6faff' }}
          onClick={() => onOpen(item)}
          data-testid="notification-item"
          data-unread={item.readAt ? 'false' : 'true'}
        >
          <Badge status={item.readAt ? 'default' : 'processing'} style={{ marginTop: 6 }} />
          <Flex vertical style={{ flex: 1, minWidth: 0 }}>
            <Flex gap={6} align="center">
              <Tag color={KIND_COLORS[item.kind]} style={{ marginInlineEnd: 0 }}>
                {NOTIFICATION_KIND_LABELS[item.kind].zh}
              </Tag>
              <Typography.Text strong={!item.readAt} ellipsis style={{ flex: 1 }}>
                {item.title}
              </Typography.Text>
            </Flex>
            <Typography.Paragraph type="secondary" ellipsis={compact ? { rows: 2 } : false} style={{ margin: '4px 0 0' }}>
              {item.body}
            </Typography.Paragraph>
            <Flex justify="space-between" align="center">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(item.createdAt)}
              </Typography.Text>
              {!item.readAt && onMarkRead && (
                <Button
                  size="small"
                  type="link"
                  onClick={(event) => {
                    event.stopPropagation();
                    onMarkRead(item);
                  }}
                >
                  标为已读
                </Button>
              )}
            </Flex>
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
}
