import { useMemo, useState } from 'react';
import { Button, Card, Flex, Input, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role, type UserDto } from '@evalflow/domain';
import { useAppAbility } from '../auth/use-app-ability';
import { QueryError } from '../errors/query-error';
import { roleLabel } from '../labels';
import { useOrganisationOptions } from '../organisations/organisations-api';
import { OrganisationSelect } from './organisation-select';
import { UserFormModal } from './user-form-modal';
import { UserTable } from './user-table';
import { useToggleUserActive } from './use-toggle-user-active';
import { useUsers, type UserListParams } from './users-api';

const ROLE_FILTER_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

type ModalState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; user: UserDto };

export function UsersPage() {
  const ability = useAppAbility();
  const [params, setParams] = useState<UserListParams>({ page: 1, pageSize: 20 });
  const [modal, setModal] = useState<ModalState>({ mode: 'closed' });
  const { data, error, isFetching, refetch } = useUsers(params);
  const organisations = useOrganisationOptions();
  const organisationItems = useMemo(() => organisations.data?.items ?? [], [organisations.data]);
  const organisationsById = useMemo(() => new Map(organisationItems.map((organisation) => [organisation.id, organisation])), [organisationItems]);
  const toggleActive = useToggleUserActive();

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={16} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          用户管理
        </Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="搜索用户名或姓名"
            onSearch={(q) => setParams((current) => ({ ...current, q: q.trim() || undefined, page: 1 }))}
            style={{ width: 220 }}
            data-testid="users-search"
          />
          <OrganisationSelect
            allowClear
            placeholder="所属机构"
            organisations={organisationItems}
            loading={organisations.isPending}
            value={params.organisationId}
            onChange={(organisationId) => setParams((current) => ({ ...current, organisationId, page: 1 }))}
            style={{ width: 220 }}
            testId="users-organisation-filter"
          />
          <Select<Role>
            allowClear
            placeholder="角色"
            options={ROLE_FILTER_OPTIONS}
            value={params.role}
            onChange={(role) => setParams((current) => ({ ...current, role, page: 1 }))}
            style={{ width: 180 }}
            data-testid="users-role-filter"
          />
          {ability.can('create', 'User') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })} data-testid="new-user">
              新建用户
            </Button>
          )}
        </Space>
      </Flex>
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <UserTable
          items={data?.items ?? []}
          total={data?.total ?? 0}
          page={params.page}
          pageSize={params.pageSize}
          loading={isFetching}
          organisationsById={organisationsById}
          onPageChange={(page, pageSize) => setParams((current) => ({ ...current, page, pageSize }))}
          onEdit={(user) => setModal({ mode: 'edit', user })}
          onToggleActive={toggleActive}
        />
      )}
      {modal.mode !== 'closed' && (
        <UserFormModal
          key={modal.mode === 'edit' ? modal.user.id : 'new'}
          user={modal.mode === 'edit' ? modal.user : undefined}
          organisations={organisationItems}
          onClose={() => setModal({ mode: 'closed' })}
        />
      )}
    </Card>
  );
}
