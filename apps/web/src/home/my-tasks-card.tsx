import { useState, type HTMLAttributes } from 'react';
import { Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router-dom';
import type { TaskDto } from '@evalflow/domain';
import { QueryError } from '../errors/query-error';
import { DueDate } from '../evaluations/due-date';
import { StateTag } from '../workflow/state-tag';
import { serverPagination } from '../layout/server-pagination';
import { useMyTasks, type TaskListParams } from './tasks-api';

/**
 * A task of any lifecycle: the API adds the record it is about (an evaluation, a rectification item, a document
 * request) and its web path. Until it does, every task is its evaluation's and leads to the evaluation page.
 */
type TaskRow = TaskDto & Partial<{ subjectType: string; subjectId: string; subjectTitle: string | null; link: string | null }>;

const isItemTask = (task: TaskRow) => Boolean(task.subjectType && task.subjectType !== 'evaluation' && task.subjectId);
const taskKey = (task: TaskRow) => (isItemTask(task) ? `${task.subjectType}-${task.subjectId}` : task.reference);

/** The deadline, or for work without one how long it has waited (such work sorts after this week's deadlines). */
function TaskDue({ task }: { task: TaskRow }) {
  if (task.dueOn) return <DueDate dueOn={task.dueOn} overdue={task.overdue} />;
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text type="secondary">无截止日期</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {task.waitingSince} 起待办
      </Typography.Text>
    </Space>
  );
}

const columns: TableProps<TaskRow>['columns'] = [
  {
    title: '事项',
    key: 'title',
    render: (_: unknown, task) => (
      <>
        <Link to={task.link || `/evaluations/${task.evaluationId}`} data-testid={`task-link-${taskKey(task)}`}>
          {task.title}
        </Link>
        {task.subjectTitle && task.subjectType !== 'evaluation' && (
          <div data-testid={`task-subject-${taskKey(task)}`}>
            <Typography.Text>{task.subjectTitle}</Typography.Text>
          </div>
        )}
        <div>
          <Typography.Text type="secondary">{task.reference}</Typography.Text>
        </div>
      </>
    ),
  },
  // Wide enough for a full department name (长沙市人民政府办公厅); longer ones wrap instead of shrinking the column.
  { title: '被评价部门', key: 'department', width: 190, render: (_: unknown, task) => <span style={{ wordBreak: 'break-word' }}>{task.department.name}</span> },
  { title: '当前状态', key: 'state', width: 140, render: (_: unknown, task) => <StateTag state={task.state} label={task.stateLabel} /> },
  {
    title: '待办事项',
    key: 'todo',
    render: (_: unknown, task) => (
      <Space orientation="vertical" size={2}>
        {task.actions.length > 0 && (
          <Space size={[0, 4]} wrap>
            {task.actions.map((action) => (
              <Tag color="blue" key={action.action}>
                {action.label.zh}
              </Tag>
            ))}
          </Space>
        )}
        {task.work.map((work) => (
          <Typography.Text key={work.en}>{work.zh}</Typography.Text>
        ))}
      </Space>
    ),
  },
  { title: '截止日期', key: 'dueOn', width: 170, render: (_: unknown, task) => <TaskDue task={task} /> },
];

/** 我的待办: what waits on the signed-in user, most urgent first (overdue, this week, no deadline, later), each row leading to the evaluation. */
export function MyTasksCard() {
  const [params, setParams] = useState<TaskListParams>({ page: 1, pageSize: 10 });
  const { data, error, isPending, isFetching, refetch } = useMyTasks(params);

  const body = () => {
    if (isPending) return <Spin />;
    if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
    if (data.total === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办" />;
    return (
      <Table<TaskRow>
        size="small"
        rowKey={taskKey}
        columns={columns}
        dataSource={data.items}
        loading={isFetching}
        onRow={(task) => ({ 'data-testid': `task-${taskKey(task)}` }) as HTMLAttributes<HTMLElement>}
        pagination={serverPagination(params.page, params.pageSize, data.total, (page, pageSize) => setParams({ page, pageSize }))}
      />
    );
  };

  return (
    <Card title="我的待办" data-testid="my-tasks">
      {body()}
    </Card>
  );
}
