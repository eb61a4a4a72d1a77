import { Card, Empty, Spin, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { QueryError } from '../errors/query-error';
import { DATE_FORMAT } from '../labels';
import { useMyTasks, type TaskItem } from './tasks-api';

const columns = [
  { title: '事项', dataIndex: 'title', key: 'title' },
  { title: '当前状态', dataIndex: 'state', key: 'state', render: (state: string) => <Tag>{state}</Tag> },
  { title: '待办操作', dataIndex: 'action', key: 'action' },
  {
    title: '截止日期',
    dataIndex: 'dueDate',
    key: 'dueDate',
    render: (dueDate: string | null) => (dueDate ? dayjs(dueDate).format(DATE_FORMAT) : '—'),
  },
];

export function MyTasksCard() {
  const { data, error, isPending, refetch } = useMyTasks();

  const body = () => {
    if (isPending) return <Spin />;
    if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
    if (data.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办" />;
    return (
      <Table<TaskItem>
        size="small"
        rowKey={(task) => `${task.evaluationId}:${task.action}`}
        columns={columns}
        dataSource={data.items}
        pagination={false}
      />
    );
  };

  return (
    <Card title="我的待办" data-testid="my-tasks">
      {body()}
    </Card>
  );
}
