import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ORGANISATION_KINDS, type OrganisationDto, type OrganisationKind } from '@evalflow/domain';
import { useAppAbility } from '../auth/use-app-ability';
import { QueryError } from '../errors/query-error';
import { organisationKindLabel } from '../labels';
import { OrganisationFormModal } from './organisation-form-modal';
import { OrganisationTable } from './organisation-table';
import { useOrganisations, type OrganisationListParams } from './organisations-api';

const KIND_FILTER_OPTIONS = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: organisationKindLabel(kind) }));

type ModalState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; organisation: OrganisationDto };

export function OrganisationsPage() {
  const ability = useAppAbility();
  const [params, setParams] = useState<OrganisationListParams>({ page: 1, pageSize: 20 });
  const [modal, setModal] = useState<ModalState>({ mode: 'closed' });
  const { data, error, isFetching, refetch } = useOrganisations(params);

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={16} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          机构管理
        </Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="搜索机构名称或信用代码"
            onSearch={(q) => setParams((current) => ({ ...current, q: q.trim() || undefined, page: 1 }))}
            style={{ width: 260 }}
            data-testid="organisations-search"
          />
          <Select<OrganisationKind>
            allowClear
            placeholder="机构类型"
            options={KIND_FILTER_OPTIONS}
            value={params.kind}
            onChange={(kind) => setParams((current) => ({ ...current, kind, page: 1 }))}
            style={{ width: 180 }}
            data-testid="organisations-kind-filter"
          />
          {ability.can('create', 'Organisation') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })} data-testid="new-organisation">
              新建机构
            </Button>
          )}
        </Space>
      </Flex>
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <OrganisationTable
          items={data?.items ?? []}
          total={data?.total ?? 0}
          page={params.page}
          pageSize={params.pageSize}
          loading={isFetching}
          onPageChange={(page, pageSize) => setParams((current) => ({ ...current, page, pageSize }))}
          onEdit={(organisation) => setModal({ mode: 'edit', organisation })}
        />
      )}
      {modal.mode !== 'closed' && (
        <OrganisationFormModal
          key={modal.mode === 'edit' ? modal.organisation.id : 'new'}
          organisation={modal.mode === 'edit' ? modal.organisation : undefined}
          onClose={() => setModal({ mode: 'closed' })}
        />
      )}
    </Card>
  );
}
