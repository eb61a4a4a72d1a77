import { Col, DatePicker, Form, InputNumber, Row, Select, Space, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DEADLINE_LABELS, STAGE_DEADLINES, type DeadlineDto, type DeadlineKey, type DeadlineSetting, type EvaluationKind } from '@evalflow/domain';
import { DATE_FORMAT } from '../labels';
import type { EvaluationFormValues } from './evaluation-fields';
import { HolidayCalendarNote } from './holiday-calendar-note';

/** How a deadline is set in the form: a fixed date, or N working / calendar days from the stage start. */
export type DeadlineMode = 'date' | 'working_days' | 'calendar';
export const DEADLINE_MODE_OPTIONS: { value: DeadlineMode; label: string }[] = [
  { value: 'date', label: '指定日期' },
  { value: 'working_days', label: '工作日' },
  { value: 'calendar', label: '自然日' },
];

/**
 * One setting per stage deadline of the kind, in stage order: a date, or N working/calendar days counted from the day
 * the stage starts (the API computes the date with the holiday calendar). Dates may not fall before the one of the
 * stage before it (checked here as the user picks, and again by the shared schema and the API).
 */
export function EvaluationDeadlineFields({ kind, form }: { kind: EvaluationKind; form: FormInstance<EvaluationFormValues> }) {
  const keys = STAGE_DEADLINES[kind];
  const modes = (Form.useWatch('deadlineModes', form) ?? {}) as Partial<Record<DeadlineKey, DeadlineMode>>;
  const dates = (Form.useWatch('deadlines', form) ?? {}) as Partial<Record<DeadlineKey, Dayjs | null>>;
  const chosenDates = keys.filter((key) => (modes[key] ?? 'date') === 'date').map((key) => dates[key]?.format(DATE_FORMAT));

  const notBeforeEarlierStage = (key: DeadlineKey) => ({
    validator: async (_rule: unknown, value: Dayjs | null | undefined) => {
      if (!value) return;
      const earlier = keys.slice(0, keys.indexOf(key)).reverse();
      for (const previous of earlier) {
        const date = form.getFieldValue(['deadlines', previous]) as Dayjs | null | undefined;
        if (!date || (modes[previous] ?? 'date') !== 'date') continue;
        if (value.isBefore(date, 'day')) throw new Error(`不能早于${DEADLINE_LABELS[previous].zh}（${date.format(DATE_FORMAT)}）`);
        return;
      }
    },
  });

  return (
    <>
      <HolidayCalendarNote dates={chosenDates} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        {keys.map((key, index) => {
          const mode = modes[key] ?? 'date';
          return (
            <Col span={12} key={key}>
              <Form.Item label={DEADLINE_LABELS[key].zh} required={false} style={{ marginBottom: 0 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name={['deadlineModes', key]} noStyle initialValue="date">
                    <Select options={DEADLINE_MODE_OPTIONS} style={{ width: 110 }} data-testid={`deadline-mode-${key}`} />
                  </Form.Item>
                  {mode === 'date' ? (
                    <Form.Item
                      name={['deadlines', key]}
                      noStyle
                      dependencies={index > 0 ? [['deadlines', keys[index - 1]]] : undefined}
                      rules={[notBeforeEarlierStage(key)]}
                    >
                      <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder="请选择日期" data-testid={`deadline-${key}`} />
                    </Form.Item>
                  ) : (
                    <Form.Item name={['deadlineDays', key]} noStyle rules={[{ type: 'integer', min: 1, max: 365, message: '1–365 天' }]}>
                      <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} addonAfter="天（自阶段开始）" placeholder="天数" data-testid={`deadline-days-${key}`} />
                    </Form.Item>
                  )}
                </Space.Compact>
              </Form.Item>
              <div style={{ height: 24 }} />
            </Col>
          );
        })}
      </Row>
    </>
  );
}

/** The settings the API takes, from the form: a date stays a plain date (calendar), days become {kind, days}. */
export function deadlineSettingsOf(kind: EvaluationKind, values: EvaluationFormValues): Partial<Record<DeadlineKey, DeadlineSetting>> {
  return Object.fromEntries(
    STAGE_DEADLINES[kind].flatMap((key): [DeadlineKey, DeadlineSetting][] => {
      const mode = values.deadlineModes?.[key] ?? 'date';
      if (mode === 'date') {
        const date = values.deadlines?.[key];
        return date ? [[key, date.format(DATE_FORMAT)]] : [];
      }
      const days = values.deadlineDays?.[key];
      return days ? [[key, { kind: mode, days }]] : [];
    }),
  );
}

/** The form's values for deadlines already set (a deadline counted in days shows its days again). */
export function deadlineFormValuesOf(deadlines: readonly DeadlineDto[]): Pick<EvaluationFormValues, 'deadlines' | 'deadlineModes' | 'deadlineDays'> {
  const counted = deadlines.filter((deadline) => deadline.days !== null && deadline.from === null);
  return {
    deadlines: Object.fromEntries(deadlines.filter((d) => !counted.includes(d)).map((deadline) => [deadline.key, dayjs(deadline.dueOn, DATE_FORMAT)])),
    deadlineModes: Object.fromEntries(deadlines.map((deadline) => [deadline.key, counted.includes(deadline) ? deadline.kind : 'date'])),
    deadlineDays: Object.fromEntries(counted.map((deadline) => [deadline.key, deadline.days!])),
  };
}
