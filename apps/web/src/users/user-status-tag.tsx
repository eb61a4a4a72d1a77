import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { UserDto } from '@evalflow/domain';
import { DATE_TIME_FORMAT } from '../labels';

export function UserStatusTag({ user }: { user: UserDto }) {
  if (!user.active) return <Tag>停用</Tag>;
  if (user.lockedUntil && dayjs(user.lockedUntil).isAfter(dayjs())) {
    return <Tag color="warning" title={`锁定至 ${dayjs(user.lockedUntil).format(DATE_TIME_FORMAT)}`}>已锁定</Tag>;
  }
  return <Tag color="success">启用</Tag>;
}
