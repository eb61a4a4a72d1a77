import { useState } from 'react';
import { Alert, Button, Space, Spin, Tooltip, Typography } from 'antd';
import type { AvailableActionDto, EvaluationDto } from '@evalflow/domain';
import { describeError } from '../api/api-error';
import { useEvaluationActions } from './evaluations-api';
import { TransitionModal } from './transition-modal';

/** Refusals that mean "not yours at all": such actions are not shown. A blocked guard is shown, disabled, with the reason. */
const HIDDEN_REFUSALS = new Set(['wrong_role', 'not_assigned']);

const isDangerous = (action: string) => action === 'cancel' || action.startsWith('return') || action.startsWith('reject');

function blockedReason(action: AvailableActionDto) {
  if (action.blockedBy.length > 0) {
    return (
      <>
        尚未满足：
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {action.blockedBy.map((guard) => (
            <li key={guard.id}>{guard.zh}</li>
          ))}
        </ul>
      </>
    );
  }
  return action.refusal?.message.zh;
}

function ActionButton({ action, onClick }: { action: AvailableActionDto; onClick: () => void }) {
  const button = (
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
  return action.allowed ? button : <Tooltip title={blockedReason(action)}>{button}</Tooltip>;
}

/** 可执行操作: one button per lifecycle action of the current state that is the user's to fire. */
export function EvaluationActionsBar({ evaluation }: { evaluation: EvaluationDto }) {
  const { data, error, isPending } = useEvaluationActions(evaluation.id);
  const [chosen, setChosen] = useState<AvailableActionDto | null>(null);

  if (isPending) return <Spin size="small" />;
  if (error) return <Alert type="error" showIcon title={`无法加载可执行的操作：${describeError(error)}`} />;
  const shown = data.actions.filter((action) => !HIDDEN_REFUSALS.has(action.refusal?.kind ?? ''));

  return (
    <div data-testid="actions-bar">
      {shown.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-actions">
          {evaluation.terminal ? '流程已结束' : '当前阶段没有需要您执行的流转操作'}
        </Typography.Text>
      ) : (
        <Space wrap>
          {shown.map((action) => (
            <ActionButton key={action.action} action={action} onClick={() => setChosen(action)} />
          ))}
        </Space>
      )}
      {chosen && <TransitionModal key={chosen.action} evaluation={evaluation} action={chosen} onClose={() => setChosen(null)} />}
    </div>
  );
}
