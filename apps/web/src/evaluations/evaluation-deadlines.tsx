import type { HTMLAttributes } from 'react';
import { Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import type { DeadlineDto } from '@evalflow/domain';
import { DueDate } from './due-date';
import { DEADLINE_STATUS_LABELS } from './evaluation-labels';

const columns: TableProps<DeadlineDto>['columns'] = [
  { title: '期限', key: 'label', render: (_: unknown, deadline) => deadline.label.zh },
  { title: '日期', key: 'dueOn', render: (_: unknown, deadline) => <DueDate dueOn={deadline.dueOn} overdue={deadline.overdue} /> },
  {
    title: '状态',
    key: 'status',
    width: 100,
    render: (_: unknown, deadline) => <Tag color={DEADLINE_STATUS_LABELS[deadline.status].color}>{DEADLINE_STATUS_LABELS[deadline.status].text}</Tag>,
  },
];

/** 各阶段期限: set by the commission; the running one may be overdue (red). */
export function EvaluationDeadlines({ deadlines }: { deadlines: DeadlineDto[] }) {
  return (
    <Table<DeadlineDto>
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={deadlines}
      pagination={false}
      locale={{ emptyText: '尚未设定期限' }}
      onRow={(deadline) => ({ 'data-testid': `deadline-row-${deadline.key}` }) as HTMLAttributes<HTMLElement>}
      data-testid="evaluation-deadlines"
    />
  );
}
