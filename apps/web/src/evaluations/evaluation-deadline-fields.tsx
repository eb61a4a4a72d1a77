import { Col, DatePicker, Form, Row, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { DEADLINE_LABELS, STAGE_DEADLINES, type DeadlineKey, type EvaluationKind } from '@evalflow/domain';
import { DATE_FORMAT } from '../labels';
import type { EvaluationFormValues } from './evaluation-fields';

/**
 * One date per stage deadline of the kind, in stage order. Each may not fall before the one of the stage before it
 * (checked here as the user picks, and again by the shared schema and the API).
 */
export function EvaluationDeadlineFields({ kind, form }: { kind: EvaluationKind; form: FormInstance<EvaluationFormValues> }) {
  const keys = STAGE_DEADLINES[kind];

  const notBeforeEarlierStage = (key: DeadlineKey) => ({
    validator: async (_rule: unknown, value: Dayjs | null | undefined) => {
      if (!value) return;
      const earlier = keys.slice(0, keys.indexOf(key)).reverse();
      for (const previous of earlier) {
        const date = form.getFieldValue(['deadlines', previous]) as Dayjs | null | undefined;
        if (!date) continue;
        if (value.isBefore(date, 'day')) throw new Error(`不能早于${DEADLINE_LABELS[previous].zh}（${date.format(DATE_FORMAT)}）`);
        return;
      }
    },
  });

  return (
    <Row gutter={16}>
      {keys.map((key, index) => (
        <Col span={12} key={key}>
          <Form.Item
            label={DEADLINE_LABELS[key].zh}
            name={['deadlines', key]}
            dependencies={index > 0 ? [['deadlines', keys[index - 1]]] : undefined}
            rules={[notBeforeEarlierStage(key)]}
          >
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder="请选择日期" data-testid={`deadline-${key}`} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}
