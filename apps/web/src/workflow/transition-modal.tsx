import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select, Typography, type ButtonProps, type FormInstance } from 'antd';
import type { AvailableActionDto } from '@evalflow/domain';
import { ApiError, describeError, isApiError } from '../api/api-error';
import { useFireTransition, useRefreshSubject, type CommentLabel, type WorkflowSubject } from './workflow-api';

interface TransitionModalProps {
  subject: WorkflowSubject;
  action: AvailableActionDto;
  onClose: () => void;
}

interface TransitionFormValues {
  comment?: string;
  parameters?: Record<string, string>;
}

interface GuardMessage {
  id: string;
  zh: string;
}

interface RefusalDetails {
  message?: { zh?: string };
  failedGuards?: GuardMessage[];
  fields?: { path: string; message: string }[];
}

const commentLabelOf = (subject: WorkflowSubject, action: AvailableActionDto): CommentLabel & { required: boolean } => {
  const own = subject.commentLabels?.[action.action];
  if (own) return { ...own, required: action.requiresComment };
  return action.requiresComment
    ? { label: '理由', placeholder: '请说明理由，将记入流转记录', required: true }
    : { label: '意见（可选）', placeholder: '可填写意见，将记入流转记录', required: false };
};

const refusalOf = (error: ApiError): RefusalDetails => (typeof error.details === 'object' && error.details !== null ? (error.details as RefusalDetails) : {});

/**
 * Confirms one lifecycle action of any record: a comment (required where the action needs a reason) and a choice per
 * parameter (e.g. 审核等级), then fires it against the version the page shows. A conflict refreshes the page; failed
 * guards are listed here; success or failure refreshes the record, its actions, its history and what it invalidates.
 */
export function TransitionModal({ subject, action, onClose }: TransitionModalProps) {
  const [form] = Form.useForm<TransitionFormValues>();
  const { message } = App.useApp();
  const fire = useFireTransition(subject);
  const refresh = useRefreshSubject(subject);
  const [failedGuards, setFailedGuards] = useState<GuardMessage[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const comment = commentLabelOf(subject, action);

  const fail = (error: unknown) => {
    if (isApiError(error, 409)) {
      message.warning('记录已被他人修改，已刷新');
      onClose();
      return;
    }
    if (isApiError(error, 403)) {
      message.error(refusalOf(error).message?.zh ?? describeError(error));
      onClose();
      return;
    }
    if (error instanceof ApiError && error.code === 'GUARD_FAILED') {
      setFailedGuards(refusalOf(error).failedGuards ?? []);
      return;
    }
    const refusal = error instanceof ApiError ? refusalOf(error) : {};
    const zh = refusal.message?.zh;
    const onFields = (refusal.fields ?? []).map((field) => ({ name: field.path.split('.'), errors: [zh ?? field.message] }));
    // Paths such as 'parameters.rating' name nested fields: set them through the untyped instance.
    if (onFields.length > 0) (form as FormInstance).setFields(onFields);
    else setFormError(zh ? `${describeError(error)}：${zh}` : describeError(error));
  };

  const submit = async () => {
    setFailedGuards([]);
    setFormError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await fire.mutateAsync({
        action: action.action,
        comment: values.comment?.trim() ? values.comment.trim() : undefined,
        parameters: action.parameters.length > 0 ? values.parameters : undefined,
        expectedVersion: subject.version,
      });
      message.success(`已完成：${action.label.zh}`);
      onClose();
    } catch (error) {
      fail(error);
    } finally {
      void refresh();
    }
  };

  return (
    <Modal
      open
      title={action.label.zh}
      okText="确定"
      cancelText="取消"
      confirmLoading={fire.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'transition-submit' } as ButtonProps}
    >
      <Typography.Paragraph>
        {subject.name}：将由“{subject.stateLabel.zh}”变为“{action.toLabel.zh}”。
      </Typography.Paragraph>
      {failedGuards.length > 0 && (
        <Alert
          type="error"
          showIcon
          title="尚不满足以下条件，不能执行此操作"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {failedGuards.map((guard) => (
                <li key={guard.id}>{guard.zh}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
          data-testid="transition-guards"
        />
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="transition-error" />}
      <Form form={form} layout="vertical" data-testid="transition-form">
        {action.parameters.map((parameter) => (
          <Form.Item
            key={parameter.name}
            label={parameter.label.zh}
            name={['parameters', parameter.name]}
            rules={[{ required: true, message: `请选择${parameter.label.zh}` }]}
          >
            <Select<string>
              placeholder={`请选择${parameter.label.zh}`}
              options={parameter.options.map((option) => ({ value: option.value, label: option.zh }))}
              data-testid={`transition-param-${parameter.name}`}
            />
          </Form.Item>
        ))}
        <Form.Item
          label={comment.label}
          name="comment"
          rules={comment.required ? [{ required: true, whitespace: true, message: `请填写${comment.label}` }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={comment.placeholder} data-testid="transition-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
