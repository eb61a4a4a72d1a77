import { Button, Table, Tag, Typography } from 'antd';
import { serverPagination } from '../layout/server-pagination';
import type { TableProps } from 'antd';
import type { OrganisationDto, OrganisationKind } from '@evalflow/domain';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { organisationKindLabel } from '../labels';

interface OrganisationTableProps {
  items: OrganisationDto[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPageChange: (page: number, pageSize: number) => void;
  onEdit: (organisation: OrganisationDto) => void;
}

export function OrganisationTable({ items, total, page, pageSize, loading, onPageChange, onEdit }: OrganisationTableProps) {
  const ability = useAppAbility();

  const columns: TableProps<OrganisationDto>['columns'] = [
    {
      title: '名称',
      dataIndex: 'name',
      key: 'name',
      render: (name: string, record) => (
        <>
          <Typography.Text>{name}</Typography.Text>
          {record.shortName && <Typography.Text type="secondary">（{record.shortName}）</Typography.Text>}
        </>
      ),
    },
    { title: '类型', dataIndex: 'kind', key: 'kind', render: (kind: OrganisationKind) => organisationKindLabel(kind) },
    { title: '统一社会信用代码', dataIndex: 'creditCode', key: 'creditCode', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: '所属区划', dataIndex: 'regionName', key: 'regionName' },
    {
      title: '状态',
      dataIndex: 'active',
      key: 'active',
      render: (active: boolean) => (active ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, record) =>
        ability.can('update', subjectOf('Organisation', record)) ? (
          <Button type="link" size="small" onClick={() => onEdit(record)} data-testid={`edit-organisation-${record.id}`}>
            编辑
          </Button>
        ) : null,
    },
  ];

  return (
    <div data-testid="organisations-table">
      <Table<OrganisationDto>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={serverPagination(page, pageSize, total, onPageChange)}
      />
    </div>
  );
}
