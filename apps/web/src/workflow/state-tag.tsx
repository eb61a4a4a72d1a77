import { Tag } from 'antd';

/**
 * Tag colours by state, for every lifecycle (their state names do not clash): drafts grey, running stages blue,
 * waiting on the department orange, sent back red, done green, cancelled or carried over grey/red.
 */
const STATE_COLORS: Record<string, string> = {
  // Evaluations
  draft: 'default',
  commissioned: 'cyan',
  self_evaluation: 'orange',
  draft_for_comment: 'orange',
  rectification: 'gold',
  published: 'green',
  closed: 'success',
  cancelled: 'red',
  // Rectification items
  open: 'orange',
  plan_submitted: 'cyan',
  partly_rectified: 'gold',
  in_progress: 'processing',
  submitted_for_verification: 'blue',
  verified: 'success',
  carried_over: 'default',
  // Document requests
  requested: 'orange',
  provided: 'blue',
  partly_provided: 'gold',
  not_provided: 'volcano',
  accepted: 'success',
  // Both item lifecycles
  returned: 'red',
  // Working papers (submitted: also a self-evaluation's 已报送)
  submitted: 'blue',
  signed_off: 'success',
};
export const stateColor = (state: string): string => STATE_COLORS[state] ?? 'processing';

interface StateTagProps {
  state: string;
  label: { zh: string };
  testId?: string;
}

/** The state of a record of any lifecycle (evaluation, rectification item, document request) as a coloured tag. */
export function StateTag({ state, label, testId }: StateTagProps) {
  return (
    <Tag color={stateColor(state)} data-testid={testId}>
      {label.zh}
    </Tag>
  );
}
