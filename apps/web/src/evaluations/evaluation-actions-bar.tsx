import { useState } from 'react';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import type { AvailableActionDto, EvaluationDto } from '@evalflow/domain';
import { describeError } from '../api/api-error';
import { useEvaluationActions } from './evaluations-api';
import { useFindings } from './evaluation-work-api';
import { FINDINGS_COMPLETE_GUARD, findingsTabLabel, lacksAnalysis } from './finding-completeness';
import { TransitionModal } from './transition-modal';

/** Refusals that mean "not yours at all": such actions are not shown. A blocked guard is shown, disabled, with the reason. */
const HIDDEN_REFUSALS = new Set(['wrong_role', 'not_assigned']);

const isDangerous = (action: string) => action === 'cancel' || action.startsWith('return') || action.startsWith('reject');

/** How many findings still lack 问题剖析/建议: the guard says what must hold, this says how far off it is. */
function FindingsGap({ evaluation }: { evaluation: EvaluationDto }) {
  const { data } = useFindings(evaluation.id);
  const open = data?.items.filter(lacksAnalysis).length ?? 0;
  if (open === 0) return null;
  return <>：还有 {open} 个问题缺少问题剖析/建议，请在下方“{findingsTabLabel(evaluation.kind)}”中补充</>;
}

/**
 * One box per action that is the user's but cannot be fired yet, with every reason (no hovering needed). A warning
 * when nothing can be done yet; a quieter note when another action is open (e.g. 下达整改要求 beside 办结（无需整改）).
 */
function BlockedReasons({ evaluation, actions }: { evaluation: EvaluationDto; actions: AvailableActionDto[] }) {
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
                    {guard.id === FINDINGS_COMPLETE_GUARD && <FindingsGap evaluation={evaluation} />}
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

/** 可执行操作: one button per lifecycle action of the current state that is the user's to fire, and why one is blocked. */
export function EvaluationActionsBar({ evaluation }: { evaluation: EvaluationDto }) {
  const { data, error, isPending } = useEvaluationActions(evaluation.id);
  const [chosen, setChosen] = useState<AvailableActionDto | null>(null);

  if (isPending) return <Spin size="small" />;
  if (error) return <Alert type="error" showIcon title={`无法加载可执行的操作：${describeError(error)}`} />;
  const shown = data.actions.filter((action) => !HIDDEN_REFUSALS.has(action.refusal?.kind ?? ''));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="actions-bar">
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
      <BlockedReasons evaluation={evaluation} actions={shown} />
      {chosen && <TransitionModal key={chosen.action} evaluation={evaluation} action={chosen} onClose={() => setChosen(null)} />}
    </Space>
  );
}
