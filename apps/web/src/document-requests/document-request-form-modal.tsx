import { useState } from 'react';
import { App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { createDocumentRequestSchema } from '@evalflow/domain';
import { applyServerErrors, blankToNull, saveErrorBanner, validateWithSchema } from '../forms/form-errors';
import { RecordFormModal } from '../forms/record-form-modal';
import type { FieldMessages } from '../forms/zod-messages';
import { DATE_FORMAT } from '../labels';
import { useCreateDocumentRequest, useDocumentRequestOwners } from './document-requests-api';

interface RequestFormValues {
  title?: string;
  description?: string;
  dueOn?: Dayjs | null;
  ownerUserId?: string | null;
}

const REQUEST_FIELDS = ['title', 'description', 'dueOn', 'ownerUserId'] as const;
const REQUEST_FIELD_MESSAGES: FieldMessages = {
  'title.required': '请输入资料名称',
  title: '资料名称应为2–200个字符',
  description: '说明不能超过2000个字符',
};

/** 提出资料需求: the team asks the department for one piece of material, with what it is, by when and who answers it. */
export function DocumentRequestFormModal({ evaluationId, onClose }: { evaluationId: string; onClose: () => void }) {
  const [form] = Form.useForm<RequestFormValues>();
  const { message } = App.useApp();
  const create = useCreateDocumentRequest(evaluationId);
  const owners = useDocumentRequestOwners(evaluationId, true);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    setFormError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const parsed = validateWithSchema(
      form,
      createDocumentRequestSchema,
      {
        title: values.title?.trim() || undefined,
        description: blankToNull(values.description?.trim()),
        dueOn: values.dueOn ? values.dueOn.format(DATE_FORMAT) : null,
        ownerUserId: values.ownerUserId ?? null,
      },
      REQUEST_FIELD_MESSAGES,
    );
    if (!parsed.ok) return;
    try {
      await create.mutateAsync(parsed.data);
      message.success('已加入资料清单');
      onClose();
    } catch (error) {
      setFormError(saveErrorBanner(error, applyServerErrors(form, error, REQUEST_FIELDS)));
    }
  };

  return (
    <RecordFormModal title="提出资料需求" submitTestId="document-request-submit" saving={create.isPending} conflict={false} formError={formError} onSubmit={() => void submit()} onClose={onClose}>
      <Form form={form} layout="vertical" data-testid="document-request-form">
        <Form.Item
          label="资料名称"
          name="title"
          rules={[
            { required: true, whitespace: true, message: '请输入资料名称' },
            { min: 2, message: '资料名称至少2个字符' },
          ]}
        >
          <Input maxLength={200} placeholder="如：2025年度会计凭证" data-testid="document-request-title" />
        </Form.Item>
        <Form.Item label="说明" name="description">
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="需要哪些内容、份数或格式" data-testid="document-request-description" />
        </Form.Item>
        <Form.Item label="提供期限" name="dueOn">
          <DatePicker format={DATE_FORMAT} placeholder="请选择日期" disabledDate={(date) => date.isBefore(dayjs(), 'day')} data-testid="document-request-due" />
        </Form.Item>
        <Form.Item label="责任人" name="ownerUserId" extra="被评价部门中负责提供该资料的人；未指定时由部门负责人办理。">
          <Select
            allowClear
            placeholder="请选择部门人员"
            loading={owners.isPending}
            options={(owners.data?.items ?? []).map((user) => ({ value: user.id, label: user.displayName }))}
            data-testid="document-request-owner"
          />
        </Form.Item>
      </Form>
    </RecordFormModal>
  );
}
