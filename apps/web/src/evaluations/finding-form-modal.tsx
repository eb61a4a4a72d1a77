import { useState } from 'react';
import { App, Form, Input, Select } from 'antd';
import { createFindingSchema, updateFindingSchema, type FindingDto } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { applyServerErrors, blankToNull, saveErrorBanner, validateWithSchema } from '../forms/form-errors';
import { RecordFormModal } from '../forms/record-form-modal';
import type { FieldMessages } from '../forms/zod-messages';
import { useIndicators, useSaveFinding } from './evaluation-work-api';
import { workErrorMessage } from './evaluation-work-rules';
import { EVIDENCE_FIELD, FindingEvidenceFormItem, evidenceRequest } from '../working-papers/finding-evidence-field';
import { useSaveFindingEvidence } from '../working-papers/working-papers-api';

interface FindingFormValues {
  category?: string;
  title: string;
  description: string;
  causeAnalysis?: string;
  recommendation?: string;
  indicatorCode?: string | null;
  /** 依据: `kind:id` of what the finding cites. */
  evidence?: string[];
}

const FINDING_FORM_FIELDS = ['category', 'title', 'description', 'causeAnalysis', 'recommendation', 'indicatorCode'] as const;
const FINDING_FIELD_MESSAGES: FieldMessages = {
  'title.required': '请输入问题',
  title: '问题应为2–200个字符',
  'description.required': '请描述问题',
  description: '问题描述至少2个字符',
  category: '类别不能超过50个字符',
  indicatorCode: '请选择本指标体系中的指标',
};

interface FindingFormModalProps {
  evaluationId: string;
  /** The finding to edit; undefined to record a new one. */
  finding?: FindingDto;
  onClose: () => void;
}

/** 存在的问题: what the team found (or, in a self-evaluation, the bureau's review opinion), with cause and recommendation. */
export function FindingFormModal({ evaluationId, finding, onClose }: FindingFormModalProps) {
  const [form] = Form.useForm<FindingFormValues>();
  const { message } = App.useApp();
  const save = useSaveFinding(evaluationId);
  const saveEvidence = useSaveFindingEvidence();
  const indicators = useIndicators(evaluationId);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const indicatorOptions = (indicators.data?.rows ?? []).map((row) => ({ value: row.code, label: `${row.code} ${row.name}` }));

  const submit = async () => {
    setFormError(null);
    setConflict(false);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const fields = {
      category: blankToNull(values.category?.trim()),
      title: values.title,
      description: values.description,
      causeAnalysis: blankToNull(values.causeAnalysis?.trim()),
      recommendation: blankToNull(values.recommendation?.trim()),
      indicatorCode: values.indicatorCode ?? null,
    };
    try {
      let saved: FindingDto;
      if (finding) {
        const parsed = validateWithSchema(form, updateFindingSchema, { ...fields, expectedVersion: finding.version }, FINDING_FIELD_MESSAGES);
        if (!parsed.ok) return;
        saved = await save.mutateAsync({ findingId: finding.id, changes: parsed.data });
      } else {
        const parsed = validateWithSchema(form, createFindingSchema, fields, FINDING_FIELD_MESSAGES);
        if (!parsed.ok) return;
        saved = await save.mutateAsync({ changes: parsed.data });
      }
      // 依据 after the finding itself (a new finding needs its id first); only when the field was touched.
      if (form.isFieldTouched(EVIDENCE_FIELD)) {
        try {
          await saveEvidence.mutateAsync({ findingId: saved.id, input: evidenceRequest(form.getFieldValue(EVIDENCE_FIELD)) });
        } catch (error) {
          // The finding is saved: saying so (and closing) keeps a retry from recording it twice.
          message.error(`问题已保存，但依据未能保存：${describeError(error)}`);
          onClose();
          return;
        }
      }
      message.success(finding ? '问题已保存' : '问题已记录');
      onClose();
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'VERSION_CONFLICT') setConflict(true);
      else if (isApiError(error, 403) || isApiError(error, 409)) setFormError(workErrorMessage(error));
      else setFormError(saveErrorBanner(error, applyServerErrors(form, error, FINDING_FORM_FIELDS)));
    }
  };

  return (
    <RecordFormModal
      title={finding ? `编辑问题 ${finding.seq}` : '记录问题'}
      submitTestId="finding-form-submit"
      saving={save.isPending || saveEvidence.isPending}
      conflict={conflict}
      formError={formError}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="finding-form"
        initialValues={
          finding
            ? {
                category: finding.category ?? '',
                title: finding.title,
                description: finding.description,
                causeAnalysis: finding.causeAnalysis ?? '',
                recommendation: finding.recommendation ?? '',
                indicatorCode: finding.indicatorCode,
              }
            : {}
        }
      >
        <Form.Item label="类别" name="category">
          <Input maxLength={50} placeholder="如：预算管理、资产管理" data-testid="finding-category" />
        </Form.Item>
        <Form.Item label="问题" name="title" rules={[{ required: true, whitespace: true, message: '请输入问题' }]}>
          <Input maxLength={200} placeholder="如：预算调整率偏高" data-testid="finding-title" />
        </Form.Item>
        <Form.Item label="问题描述" name="description" rules={[{ required: true, whitespace: true, message: '请描述问题' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="finding-description" />
        </Form.Item>
        <Form.Item label="问题剖析" name="causeAnalysis" extra="提交初稿前，每个问题均须有问题剖析和建议">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="finding-cause" />
        </Form.Item>
        <Form.Item label="建议" name="recommendation">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="finding-recommendation" />
        </Form.Item>
        <Form.Item label="关联指标" name="indicatorCode">
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="可选"
            loading={indicators.isPending}
            options={indicatorOptions}
            data-testid="finding-indicator"
          />
        </Form.Item>
        <FindingEvidenceFormItem form={form} evaluationId={evaluationId} findingId={finding?.id} />
      </Form>
    </RecordFormModal>
  );
}
