import { Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router-dom';
import type { EvaluationDto, EvaluationKind } from '@evalflow/domain';
import { serverPagination } from '../layout/server-pagination';
import { DueDate } from './due-date';
import { EVALUATION_KIND_SHORT } from './evaluation-labels';
import { StateTag } from '../workflow/state-tag';

interface EvaluationTableProps {
  items: EvaluationDto[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPageChange: (page: number, pageSize: number) => void;
}

const columns: TableProps<EvaluationDto>['columns'] = [
  {
    title: '编号',
    dataIndex: 'reference',
    key: 'reference',
    width: 150,
    render: (reference: string, record) => (
      <Link to={`/evaluations/${record.id}`} data-testid={`evaluation-link-${reference}`}>
        {reference}
      </Link>
    ),
  },
  {
    title: '名称',
    dataIndex: 'title',
    key: 'title',
    render: (title: string, record) => (
      <>
        <Link to={`/evaluations/${record.id}`}>{title}</Link>
        {record.projectName && (
          <div>
            <Typography.Text type="secondary">项目：{record.projectName}</Typography.Text>
          </div>
        )}
      </>
    ),
  },
  { title: '被评价部门', key: 'department', render: (_: unknown, record) => record.department.name },
  { title: '类型', dataIndex: 'kind', key: 'kind', width: 100, render: (kind: EvaluationKind) => EVALUATION_KIND_SHORT[kind] },
  { title: '年度', dataIndex: 'fiscalYear', key: 'fiscalYear', width: 80 },
  {
    title: '状态',
    dataIndex: 'state',
    key: 'state',
    width: 150,
    render: (state: string, record) => <StateTag state={state} label={record.stateLabel} />,
  },
  {
    title: '当前期限',
    key: 'currentDeadline',
    width: 220,
    render: (_: unknown, record) =>
      record.currentDeadline ? (
        <DueDate dueOn={record.currentDeadline.dueOn} overdue={record.currentDeadline.overdue} prefix={record.currentDeadline.label.zh} />
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
];

export function EvaluationTable({ items, total, page, pageSize, loading, onPageChange }: EvaluationTableProps) {
  return (
    <div data-testid="evaluations-table">
      <Table<EvaluationDto>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={serverPagination(page, pageSize, total, onPageChange)}
      />
    </div>
  );
}
