import { Empty, Flex, Spin, Table, Typography } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import type { TableProps } from 'antd';
import { Link } from 'react-router-dom';
import type { HTMLAttributes } from 'react';
import type { RectificationItemDto } from '@evalflow/domain';
import { QueryError } from '../errors/query-error';
import { itemTitle, useRectificationItems } from './rectification-api';
import { StateTag } from '../workflow/state-tag';
import { ledgerLink } from './ledger/ledger-api';

const orNone = (value: string | null | undefined) => value || <Typography.Text type="secondary">未填写</Typography.Text>;

const columns: TableProps<RectificationItemDto>['columns'] = [
  {
    title: '问题',
    key: 'finding',
    width: 240,
    render: (_: unknown, item) => (
      <Link to={`/rectification-items/${item.id}`} data-testid={`rectification-link-${item.finding.seq}`}>
        {itemTitle(item)}
      </Link>
    ),
  },
  {
    title: '整改措施',
    key: 'measures',
    render: (_: unknown, item) => (
      <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: item.measures }}>
        {orNone(item.measures)}
      </Typography.Paragraph>
    ),
  },
  { title: '责任单位', key: 'responsibleUnit', width: 120, render: (_: unknown, item) => orNone(item.responsibleUnit) },
  { title: '责任人', key: 'owner', width: 90, render: (_: unknown, item) => orNone(item.owner?.displayName) },
  { title: '整改时限', key: 'dueOn', width: 110, render: (_: unknown, item) => orNone(item.dueOn) },
  { title: '状态', key: 'state', width: 130, render: (_: unknown, item) => <StateTag state={item.state} label={item.stateLabel} /> },
  {
    title: '操作',
    key: 'open',
    width: 80,
    render: (_: unknown, item) => <Link to={`/rectification-items/${item.id}`}>{item.terminal ? '查看' : '办理'}</Link>,
  },
];

/** 整改事项: one row per standing finding, what the department plans for it and where it stands; each opens its own page. */
export function RectificationTab({ evaluationId }: { evaluationId: string }) {
  const { data, error, isPending, refetch } = useRectificationItems(evaluationId);
  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (data.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无整改事项" />;
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Link to={ledgerLink({ evaluationId })} data-testid="rectification-ledger-link">
          <BarChartOutlined /> 在整改台账中查看本项目（整改完成率、逾期、核查意见，可导出 Excel）
        </Link>
      </Flex>
      <Table<RectificationItemDto>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data.items}
        pagination={false}
        onRow={(item) => ({ 'data-testid': `rectification-row-${item.finding.seq}` }) as HTMLAttributes<HTMLElement>}
        data-testid="rectification-table"
      />
    </>
  );
}
