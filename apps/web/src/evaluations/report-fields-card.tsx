import { App, Button, Card, Form, Input, Space } from 'antd';
import type { EvaluationDto } from '@evalflow/domain';
import { useCurrentUser } from '../auth/use-session';
import { useSetReportNumber, useSetReviewOpinion } from './evaluation-work-api';
import { workErrorMessage, workOf } from './evaluation-work-rules';

function ReportNumberForm({ evaluation }: { evaluation: EvaluationDto }) {
  const { message } = App.useApp();
  const save = useSetReportNumber(evaluation.id);
  const [form] = Form.useForm<{ reportNumber: string }>();

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await save.mutateAsync({ reportNumber: values.reportNumber.trim(), expectedVersion: evaluation.version });
      message.success('报告文号已保存');
    } catch (error) {
      message.error(workErrorMessage(error));
    }
  };

  return (
    <Form form={form} layout="inline" initialValues={{ reportNumber: evaluation.reportNumber ?? '' }} data-testid="report-number-form">
      <Form.Item
        label="报告文号"
        name="reportNumber"
        rules={[
          { required: true, whitespace: true, message: '请输入报告文号' },
          { min: 3, max: 100, message: '文号应为3–100个字符' },
        ]}
      >
        <Input style={{ width: 280 }} placeholder="如：湘浩元评字〔2026〕15号" data-testid="report-number-input" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="save-report-number">
          保存文号
        </Button>
      </Form.Item>
    </Form>
  );
}

function ReviewOpinionForm({ evaluation }: { evaluation: EvaluationDto }) {
  const { message } = App.useApp();
  const save = useSetReviewOpinion(evaluation.id);
  const [form] = Form.useForm<{ reviewOpinion: string }>();

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await save.mutateAsync({ reviewOpinion: values.reviewOpinion.trim(), expectedVersion: evaluation.version });
      message.success('审核意见已保存');
    } catch (error) {
      message.error(workErrorMessage(error));
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ reviewOpinion: evaluation.reviewOpinion ?? '' }} data-testid="review-opinion-form">
      <Form.Item
        label="审核意见"
        name="reviewOpinion"
        extra="评定审核等级前须填写审核意见"
        rules={[
          { required: true, whitespace: true, message: '请输入审核意见' },
          { min: 2, max: 5000, message: '审核意见应为2–5000个字符' },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} data-testid="review-opinion-input" />
      </Form.Item>
      <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="save-review-opinion">
        保存审核意见
      </Button>
    </Form>
  );
}

/** 文号 (final report number) and 审核意见 (review opinion): entered where the stage and the user's part call for them. */
export function ReportFieldsCard({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const work = workOf(me, evaluation);
  if (!work.reportNumber && !work.reviewOpinion) return null;
  return (
    <Card size="small" title={work.reviewOpinion ? '审核意见' : '正式报告'} data-testid="report-fields">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {/* Keyed by version: a save (or someone else's) shows the stored value again. */}
        {work.reportNumber && <ReportNumberForm key={evaluation.version} evaluation={evaluation} />}
        {work.reviewOpinion && <ReviewOpinionForm key={evaluation.version} evaluation={evaluation} />}
      </Space>
    </Card>
  );
}
