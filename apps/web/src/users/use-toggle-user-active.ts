import { App } from 'antd';
import type { UserDto } from '@evalflow/domain';
import { describeError } from '../api/api-error';
import { useSaveUser } from './users-api';

/** 停用/启用 with a confirmation dialog; deactivated users cannot sign in (records are never deleted). */
export function useToggleUserActive() {
  const { modal, message } = App.useApp();
  const save = useSaveUser();

  return (user: UserDto) => {
    const activate = !user.active;
    modal.confirm({
      title: activate ? '启用用户' : '停用用户',
      content: activate
        ? `确定启用用户“${user.displayName}”（${user.username}）吗？启用后该用户可以重新登录。`
        : `确定停用用户“${user.displayName}”（${user.username}）吗？停用后该用户将无法登录，其历史记录保留。`,
      okText: activate ? '启用' : '停用',
      okButtonProps: { danger: !activate },
      cancelText: '取消',
      onOk: async () => {
        try {
          await save.mutateAsync({ id: user.id, changes: { active: activate, expectedVersion: user.version } });
          message.success(activate ? '用户已启用' : '用户已停用');
        } catch (error) {
          message.error(describeError(error));
        }
      },
    });
  };
}
