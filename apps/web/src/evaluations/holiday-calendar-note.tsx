import type { CSSProperties } from 'react';
import { Alert } from 'antd';
import { holidayCalendarNote } from '@evalflow/domain';

/**
 * Said once per page or form, in a clerk's words, when some of its dates fall in a year whose statutory holidays are
 * not published yet ("2027年法定节假日安排尚未公布，暂按周一至周五计算工作日"); nothing otherwise.
 */
export function HolidayCalendarNote({ dates, style }: { dates: readonly (string | null | undefined)[]; style?: CSSProperties }) {
  const note = holidayCalendarNote(dates);
  if (!note) return null;
  return <Alert type="info" showIcon title={`${note}，公布后如有调整请以调整后的期限为准。`} style={style} data-testid="holiday-calendar-note" />;
}
