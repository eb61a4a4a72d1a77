import { Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';

interface DueDateProps {
  /** YYYY-MM-DD (deadlines are days, not instants: shown as they are, never shifted by a timezone). */
  dueOn: string | null | undefined;
  overdue: boolean;
  /** Shown before the date, e.g. the deadline's name. */
  prefix?: string;
}

/**
 * A deadline; red with a warning mark once overdue. A date in a year whose holidays are not published yet carries no
 * mark of its own: the page says that once (HolidayCalendarNote), not on every date.
 */
export function DueDate({ dueOn, overdue, prefix }: DueDateProps) {
  if (!dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = prefix ? `${prefix} ${dueOn}` : dueOn;
  if (!overdue) return <Typography.Text>{text}</Typography.Text>;
  return (
    <Typography.Text type="danger" data-overdue="true">
      <WarningOutlined /> {text}（已超期）
    </Typography.Text>
  );
}
