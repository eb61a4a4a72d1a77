import { useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Space, Spin, Typography } from 'antd';
import type { AvailableActionDto } from '@evalflow/domain';
import { describeError } from '../api/api-error';
import { TransitionModal } from './transition-modal';
import { useWorkflowActions, type WorkflowSubject } from './workflow-api';

/**
 * Refusals that mean "not yours": such actions are not shown. A blocked guard is shown, disabled, with the reason.
 * Of these, `not_assigned` (the role fits, the relation does not: e.g. a department user who is not the item's owner)
 * is said in words below, so the user knows who does it instead of finding no button.
 */
const HIDDEN_REFUSALS = new Set(['wrong_role', 'not_assigned']);

/** The API's reasons for actions this user's role could do but that are somebody else's here, each said once. */
function notYoursReasons(actions: readonly AvailableActionDto[]): string[] {
  return [...new Set(actions.flatMap((action) => (action.refusal?.kind === 'not_assigned' ? [action.refusal.message.zh] : [])))];
}

const isDangerous = (action: string) => action === 'cancel' || action.startsWith('return') || action.startsWith('reject');

/** Says more about one failing guard where the page knows how far off it is (e.g. how many findings still lack 建议). */
export type GuardHint = (guardId: string) => ReactNode;

/**
 * One box per action that is the user's but cannot be fired yet, with every reason (no hovering needed). A warning
 * when nothing can be done yet; a quieter note when another action is open (e.g. 下达整改要求 beside 办结（无需整改）).
 */
function BlockedReasons({ actions, guardHint }: { actions: AvailableActionDto[]; guardHint?: GuardHint }) {
  const blocked = actions.filter((action) => !action.allowed);
  if (blocked.length === 0) return null;
  const type = actions.some((action) => action.allowed) ? 'info' : 'warning';
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="blocked-reasons">
      {blocked.map((action) => (
        <Alert
          key={action.action}
          type={type}
          showIcon
          title={`尚不能执行“${action.label.zh}”${action.blockedBy.length > 0 ? '，还需满足以下条件：' : ''}`}
          description={
            action.blockedBy.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {action.blockedBy.map((guard) => (
                  <li key={guard.id} data-testid={`blocked-${action.action}-${guard.id}`}>
                    {guard.zh}
                    {guardHint?.(guard.id)}
                  </li>
                ))}
              </ul>
            ) : (
              action.refusal?.message.zh
            )
          }
          data-testid={`blocked-${action.action}`}
        />
      ))}
    </Space>
  );
}

function ActionButton({ action, onClick }: { action: AvailableActionDto; onClick: () => void }) {
  return (
    <Button
      type={isDangerous(action.action) ? 'default' : 'primary'}
      danger={isDangerous(action.action)}
      disabled={!action.allowed}
      onClick={onClick}
      data-testid={`action-${action.action}`}
    >
      {action.label.zh}
    </Button>
  );
}

interface ActionsBarProps {
  subject: WorkflowSubject;
  guardHint?: GuardHint;
}

/**
 * 可执行操作 of any record on a lifecycle (evaluation, rectification item, document request): one button per action
 * of the current state that is the user's to fire, and below them why an action is blocked, on the page.
 */
export function ActionsBar({ subject, guardHint }: ActionsBarProps) {
  const { data, error, isPending } = useWorkflowActions(subject);
  const [chosen, setChosen] = useState<AvailableActionDto | null>(null);

  const body = () => {
    if (isPending) return <Spin size="small" />;
    if (error) return <Alert type="error" showIcon title={`无法加载可执行的操作：${describeError(error)}`} />;
    const shown = data.actions.filter((action) => !HIDDEN_REFUSALS.has(action.refusal?.kind ?? ''));
    const notYours = notYoursReasons(data.actions);
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="actions-bar">
        {shown.length === 0 ? (
          <Typography.Text type="secondary" style={{ lineHeight: '32px' }} data-testid="no-actions">
            {subject.terminal ? '流程已结束' : '当前阶段没有需要您执行的流转操作'}
          </Typography.Text>
        ) : (
          <Space wrap>
            {shown.map((action) => (
              <ActionButton key={action.action} action={action} onClick={() => setChosen(action)} />
            ))}
          </Space>
        )}
        {notYours.length > 0 && (
          <Typography.Text type="secondary" data-testid="actions-not-yours">
            {notYours.join('；')}
          </Typography.Text>
        )}
        <BlockedReasons actions={shown} guardHint={guardHint} />
        {chosen && <TransitionModal key={chosen.action} subject={subject} action={chosen} onClose={() => setChosen(null)} />}
      </Space>
    );
  };

  return (
    <Flex align="start" gap={12}>
      <Typography.Text strong style={{ lineHeight: '32px', whiteSpace: 'nowrap' }}>
        可执行操作：
      </Typography.Text>
      <div style={{ flex: 1, minWidth: 0 }}>{body()}</div>
    </Flex>
  );
}
