import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Typography, type ButtonProps } from 'antd';
import { FINDING_ADJUDICATIONS, FINDING_ANSWERS, type FindingAdjudication, type FindingAnswer, type FindingDto } from '@evalflow/domain';
import { useAdjudicateFinding, useAnswerFinding } from './evaluation-work-api';
import { FINDING_ADJUDICATION_LABELS, FINDING_ANSWER_LABELS } from './evaluation-labels';
import { workErrorMessage } from './evaluation-work-rules';
import { AttachmentPanel } from '../attachments/attachment-panel';

/** answer: the department accepts or disputes a finding of the draft; adjudicate: the team decides on the answer. */
export type FindingResponseKind = 'answer' | 'adjudicate';

interface FindingResponseModalProps {
  evaluationId: string;
  finding: FindingDto;
  kind: FindingResponseKind;
  /** The answer preselected by the button the user clicked. */
  initialAnswer?: FindingAnswer;
  onClose: () => void;
}

interface ResponseFormValues {
  choice: FindingAnswer | FindingAdjudication;
  text?: string;
}

const ANSWER_OPTIONS = FINDING_ANSWERS.map((value) => ({ value, label: FINDING_ANSWER_LABELS[value].text }));
const ADJUDICATION_OPTIONS = FINDING_ADJUDICATIONS.map((value) => ({ value, label: FINDING_ADJUDICATION_LABELS[value].text }));

export function FindingResponseModal({ evaluationId, finding, kind, initialAnswer, onClose }: FindingResponseModalProps) {
  const [form] = Form.useForm<ResponseFormValues>();
  const { message } = App.useApp();
  const answer = useAnswerFinding(evaluationId);
  const adjudicate = useAdjudicateFinding(evaluationId);
  const [formError, setFormError] = useState<string | null>(null);
  const choice = Form.useWatch('choice', form);
  const answering = kind === 'answer';
  // A dispute explains itself; an adjudication always gives its reason.
  const textRequired = answering ? choice === 'disputed' : true;

  const submit = async () => {
    setFormError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const text = values.text?.trim() ? values.text.trim() : null;
    try {
      if (answering) {
        await answer.mutateAsync({ findingId: finding.id, answer: values.choice as FindingAnswer, text, expectedVersion: finding.version });
        message.success('反馈意见已提交');
      } else {
        await adjudicate.mutateAsync({ findingId: finding.id, adjudication: values.choice as FindingAdjudication, reason: text ?? '', expectedVersion: finding.version });
        message.success('处理意见已保存');
      }
      onClose();
    } catch (error) {
      setFormError(workErrorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={`${answering ? '反馈意见' : '处理反馈意见'}：问题 ${finding.seq}`}
      okText="提交"
      cancelText="取消"
      confirmLoading={answer.isPending || adjudicate.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'finding-response-submit' } as ButtonProps}
    >
      <Typography.Paragraph strong>{finding.title}</Typography.Paragraph>
      {!answering && finding.answer && (
        <Typography.Paragraph type="secondary">
          部门意见：{FINDING_ANSWER_LABELS[finding.answer].text}
          {finding.answerText ? `——${finding.answerText}` : ''}
        </Typography.Paragraph>
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ choice: answering ? initialAnswer : finding.adjudication ?? undefined, text: answering ? finding.answerText ?? '' : finding.adjudicationReason ?? '' }}>
        <Form.Item label={answering ? '意见' : '处理结果'} name="choice" rules={[{ required: true, message: '请选择' }]}>
          <Radio.Group options={answering ? ANSWER_OPTIONS : ADJUDICATION_OPTIONS} data-testid="finding-response-choice" />
        </Form.Item>
        <Form.Item
          label={answering ? '说明' : '理由'}
          name="text"
          rules={textRequired ? [{ required: true, whitespace: true, message: answering ? '有异议的请说明理由' : '请说明理由' }, { min: answering ? 1 : 2, message: '至少2个字符' }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="finding-response-text" />
        </Form.Item>
      </Form>
      {/* The department's files with its answer: uploaded at once (not with 提交); the team reads them when deciding. */}
      <Typography.Text strong>{answering ? '附件（可选，选择后即上传）' : '部门附件'}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <AttachmentPanel subjectType="finding_answer" subjectId={finding.id} canUpload={answering} emptyText={answering ? '可上传说明材料、整改依据等' : '部门未附文件'} />
      </div>
    </Modal>
  );
}
