import { Button, Space, Table } from 'antd';
import { serverPagination } from '../layout/server-pagination';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import type { OrganisationDto, Role, UserDto } from '@evalflow/domain';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { DATE_TIME_FORMAT } from '../labels';
import { RoleTags } from '../layout/role-tags';
import { userSubject } from './user-access';
import { UserStatusTag } from './user-status-tag';

interface UserTableProps {
  items: UserDto[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  organisationsById: ReadonlyMap<string, OrganisationDto>;
  onPageChange: (page: number, pageSize: number) => void;
  onEdit: (user: UserDto) => void;
  onToggleActive: (user: UserDto) => void;
}

export function UserTable({ items, total, page, pageSize, loading, organisationsById, onPageChange, onEdit, onToggleActive }: UserTableProps) {
  const ability = useAppAbility();
  const me = useCurrentUser();

  const actions = (user: UserDto) => {
    const subject = userSubject(user, organisationsById.get(user.organisationId));
    const canEdit = ability.can('update', subject);
    const canToggle = user.id !== me.id && ability.can('update', subject, 'active');
    return (
      <Space size={0}>
        {canEdit && (
          <Button type="link" size="small" onClick={() => onEdit(user)} data-testid={`edit-user-${user.username}`}>
            编辑
          </Button>
        )}
        {canToggle && (
          <Button type="link" size="small" danger={user.active} onClick={() => onToggleActive(user)} data-testid={`toggle-user-${user.username}`}>
            {user.active ? '停用' : '启用'}
          </Button>
        )}
      </Space>
    );
  };

  const columns: TableProps<UserDto>['columns'] = [
    { title: '用户名', dataIndex: 'username', key: 'username' },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName' },
    { title: '所属机构', dataIndex: 'organisationName', key: 'organisationName' },
    { title: '角色', dataIndex: 'roles', key: 'roles', render: (roles: Role[]) => <RoleTags roles={roles} /> },
    { title: '状态', key: 'status', render: (_: unknown, user) => <UserStatusTag user={user} /> },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      render: (at: string | null) => (at ? dayjs(at).format(DATE_TIME_FORMAT) : '从未登录'),
    },
    { title: '操作', key: 'actions', render: (_: unknown, user) => actions(user) },
  ];

  return (
    <div data-testid="users-table">
      <Table<UserDto>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={serverPagination(page, pageSize, total, onPageChange)}
      />
    </div>
  );
}
