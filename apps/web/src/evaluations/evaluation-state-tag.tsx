import { Tag } from 'antd';
import { stateColor } from './evaluation-labels';

interface EvaluationStateTagProps {
  state: string;
  label: { zh: string };
  testId?: string;
}

export function EvaluationStateTag({ state, label, testId }: EvaluationStateTagProps) {
  return (
    <Tag color={stateColor(state)} data-testid={testId}>
      {label.zh}
    </Tag>
  );
}
