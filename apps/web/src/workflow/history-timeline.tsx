import { useState } from 'react';
import { Button, Empty, Modal, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ROLES, type HistoryEntryDto, type Role } from '@evalflow/domain';
import { ALL_WORKFLOWS } from '@evalflow/workflow';
import { QueryError } from '../errors/query-error';
import { DATE_TIME_FORMAT } from '../labels';
import { RoleTags } from '../layout/role-tags';
import { useWorkflowHistory, type WorkflowSubject } from './workflow-api';
import { HistoryFiles } from '../attachments/history-files';

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/** A transition parameter in words, e.g. rating=good → 审核等级：良 (labels from the lifecycle definitions). */
function parameterText(name: string, value: string): string {
  for (const transition of ALL_WORKFLOWS.flatMap((workflow) => workflow.transitions)) {
    const parameter = transition.parameters?.[name];
    if (parameter) return `${parameter.label.zh}：${parameter.options.find((option) => option.value === value)?.zh ?? value}`;
  }
  return `${name}：${value}`;
}

function HistoryEntry({ entry, onSnapshot }: { entry: HistoryEntryDto; onSnapshot: () => void }) {
  const parameters = Object.entries(entry.parameters);
  return (
    <div data-testid={`history-entry-${entry.seq}`}>
      <Space wrap size={[8, 4]}>
        <Typography.Text strong>{entry.actionLabel.zh}</Typography.Text>
        <span>
          <Tag>{entry.fromLabel.zh}</Tag>→ <Tag color="blue">{entry.toLabel.zh}</Tag>
        </span>
      </Space>
      <div>
        <Typography.Text type="secondary">
          {entry.actor.displayName} · {entry.organisation.name}
        </Typography.Text>{' '}
        <RoleTags roles={entry.actor.roles.filter(isRole)} />
      </div>
      {entry.comment && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>意见：{entry.comment}</Typography.Paragraph>}
      {parameters.length > 0 && (
        <div>
          {parameters.map(([name, value]) => (
            <Tag key={name} color="purple">
              {parameterText(name, value)}
            </Tag>
          ))}
        </div>
      )}
      <HistoryFiles files={entry.attachments ?? []} />
      {entry.snapshot !== null && entry.snapshot !== undefined && (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={onSnapshot} data-testid={`history-snapshot-${entry.seq}`}>
          查看快照
        </Button>
      )}
    </div>
  );
}

interface HistoryTimelineProps {
  subject: Pick<WorkflowSubject, 'path' | 'queryKey'>;
  /** In a narrow column: the time above each entry instead of in a column of its own. */
  compact?: boolean;
}

/** 流转记录 of any record on a lifecycle: the append-only history, oldest first; approvals carry a snapshot of what was approved. */
export function HistoryTimeline({ subject, compact = false }: HistoryTimelineProps) {
  const { data, error, isPending, refetch } = useWorkflowHistory(subject);
  const [snapshotOf, setSnapshotOf] = useState<HistoryEntryDto | null>(null);

  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (data.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无流转记录" data-testid="history-empty" />;

  return (
    <div data-testid="history-list">
      <Timeline
        items={data.items.map((entry) => {
          const time = dayjs(entry.createdAt).format(DATE_TIME_FORMAT);
          const content = <HistoryEntry entry={entry} onSnapshot={() => setSnapshotOf(entry)} />;
          if (!compact) return { key: entry.seq, title: time, content };
          return {
            key: entry.seq,
            content: (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {time}
                </Typography.Text>
                {content}
              </>
            ),
          };
        })}
      />
      {snapshotOf && (
        <Modal open title={`快照：${snapshotOf.actionLabel.zh}（${dayjs(snapshotOf.createdAt).format(DATE_TIME_FORMAT)}）`} footer={null} width={720} onCancel={() => setSnapshotOf(null)}>
          <pre style={{ maxHeight: 480, overflow: 'auto', background: '#fafafa', padding: 12, fontSize: 12 }} data-testid="snapshot-json">
            {JSON.stringify(snapshotOf.snapshot, null, 2)}
          </pre>
        </Modal>
      )}
    </div>
  );
}
