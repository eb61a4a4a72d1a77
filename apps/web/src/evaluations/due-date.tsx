import { Tag, Tooltip, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';

interface DueDateProps {
  /** YYYY-MM-DD (deadlines are days, not instants: shown as they are, never shifted by a timezone). */
  dueOn: string | null | undefined;
  overdue: boolean;
  /** Shown before the date, e.g. the deadline's name. */
  prefix?: string;
  /** The date lies beyond the years the holiday calendar covers: it was computed without that year's holidays. */
  beyondCalendar?: boolean;
}

/** A deadline; red with a warning mark once overdue; flagged when the holiday calendar does not cover it. */
export function DueDate({ dueOn, overdue, prefix, beyondCalendar }: DueDateProps) {
  if (!dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = prefix ? `${prefix} ${dueOn}` : dueOn;
  const flag = beyondCalendar ? (
    <Tooltip title="该日期所在年份的法定节假日和调休安排尚未发布，工作日按周一至周五计算，请人工核对">
      <Tag color="warning" data-testid="beyond-calendar" style={{ marginInlineStart: 8 }}>
        超出节假日历
      </Tag>
    </Tooltip>
  ) : null;
  if (!overdue) return <Typography.Text>{text}{flag}</Typography.Text>;
  return (
    <Typography.Text type="danger" data-overdue="true">
      <WarningOutlined /> {text}（已超期）{flag}
    </Typography.Text>
  );
}
