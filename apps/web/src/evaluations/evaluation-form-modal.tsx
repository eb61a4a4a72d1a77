import { useState } from 'react';
import { App, Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import {
  createEvaluationSchema,
  EVALUATION_KINDS,
  EVALUATION_SCOPES,
  updateEvaluationSchema,
  type EvaluationDto,
} from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { blankToNull, saveErrorBanner } from '../forms/form-errors';
import { RecordFormModal } from '../forms/record-form-modal';
import { useOrganisations } from '../organisations/organisations-api';
import { OrganisationSelect } from '../users/organisation-select';
import { EvaluationDeadlineFields, deadlineFormValuesOf, deadlineSettingsOf } from './evaluation-deadline-fields';
import { applyEvaluationServerErrors, validateEvaluation, type EvaluationFormValues } from './evaluation-fields';
import { evaluationKindLabel, evaluationScopeLabel } from './evaluation-labels';
import { EvaluationTeamFields } from './evaluation-team-fields';
import { useSaveEvaluation } from './evaluations-api';
import { useFrameworks } from './frameworks-api';

interface EvaluationFormModalProps {
  /** The draft to edit; undefined to create. */
  evaluation?: EvaluationDto;
  onClose: () => void;
  onSaved: (evaluation: EvaluationDto) => void;
}

const KIND_OPTIONS = EVALUATION_KINDS.map((kind) => ({ value: kind, label: evaluationKindLabel(kind) }));
const SCOPE_OPTIONS = EVALUATION_SCOPES.map((scope) => ({ value: scope, label: evaluationScopeLabel(scope) }));

function initialValues(evaluation?: EvaluationDto): EvaluationFormValues {
  if (!evaluation) return { kind: 'key', scope: 'department_whole', title: '', fiscalYear: new Date().getFullYear() - 1, memberUserIds: [], deadlines: {} };
  return {
    kind: evaluation.kind,
    scope: evaluation.scope,
    title: evaluation.title,
    projectName: evaluation.projectName ?? '',
    fiscalYear: evaluation.fiscalYear,
    departmentId: evaluation.department.id,
    frameworkVersionId: evaluation.frameworkVersion?.id ?? null,
    legalBasis: evaluation.legalBasis ?? '',
    evaluatorOrganisationId: evaluation.evaluatorOrganisation?.id ?? null,
    leadUserId: evaluation.team.find((member) => member.role === 'lead')?.userId ?? null,
    memberUserIds: evaluation.team.filter((member) => member.role === 'member').map((member) => member.userId),
    ...deadlineFormValuesOf(evaluation.deadlines),
  };
}

/** 新建评价 / 编辑草稿: the terms of an evaluation, validated with the shared schema; the API's objections go on their fields. */
export function EvaluationFormModal({ evaluation, onClose, onSaved }: EvaluationFormModalProps) {
  const [form] = Form.useForm<EvaluationFormValues>();
  const { message } = App.useApp();
  const save = useSaveEvaluation();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const kind = Form.useWatch('kind', form) ?? evaluation?.kind ?? 'key';
  const scope = Form.useWatch('scope', form) ?? evaluation?.scope ?? 'department_whole';
  const departments = useOrganisations({ page: 1, pageSize: 100, kind: 'department' });
  const frameworks = useFrameworks();
  const frameworkOptions = (frameworks.data?.items ?? [])
    .filter((framework) => framework.scope === scope)
    .map((framework) => ({ value: framework.id, label: `${framework.name}（第${framework.version}版，${framework.indicatorCount}项三级指标）` }));

  const onScopeChange = () => {
    const chosen = frameworks.data?.items.find((framework) => framework.id === form.getFieldValue('frameworkVersionId'));
    if (chosen && chosen.scope !== form.getFieldValue('scope')) form.setFieldValue('frameworkVersionId', null);
  };

  const submit = async () => {
    setFormError(null);
    setConflict(false);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const key = values.kind === 'key';
    const deadlines = deadlineSettingsOf(values.kind, values);
    const terms = {
      title: values.title,
      scope: values.scope,
      projectName: values.scope === 'project' ? blankToNull(values.projectName ?? undefined) : null,
      fiscalYear: values.fiscalYear,
      departmentId: values.departmentId,
      frameworkVersionId: values.frameworkVersionId ?? null,
      legalBasis: blankToNull(values.legalBasis ?? undefined),
      evaluatorOrganisationId: key ? (values.evaluatorOrganisationId ?? null) : null,
      leadUserId: key ? (values.leadUserId ?? null) : null,
      memberUserIds: key ? (values.memberUserIds ?? []) : [],
      deadlines,
    };
    try {
      if (evaluation) {
        const changes = validateEvaluation(form, updateEvaluationSchema, { ...terms, expectedVersion: evaluation.version });
        if (!changes) return;
        const saved = await save.mutateAsync({ id: evaluation.id, changes });
        message.success('评价项目已保存');
        onSaved(saved);
      } else {
        const changes = validateEvaluation(form, createEvaluationSchema, { kind: values.kind, ...terms });
        if (!changes) return;
        const saved = await save.mutateAsync({ changes });
        message.success(`评价项目已创建：${saved.reference}`);
        onSaved(saved);
      }
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'VERSION_CONFLICT') setConflict(true);
      else setFormError(saveErrorBanner(error, applyEvaluationServerErrors(form, error)));
    }
  };

  return (
    <RecordFormModal
      title={evaluation ? '编辑评价项目' : '新建评价'}
      submitTestId="evaluation-form-submit"
      saving={save.isPending}
      conflict={conflict}
      formError={formError}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" initialValues={initialValues(evaluation)} data-testid="evaluation-form">
        <Form.Item label="评价类型" name="kind" rules={[{ required: true, message: '请选择评价类型' }]} extra={evaluation ? '评价类型决定流程，创建后不能更改' : undefined}>
          <Radio.Group options={KIND_OPTIONS} disabled={Boolean(evaluation)} data-testid="evaluation-kind" />
        </Form.Item>
        <Form.Item label="评价范围" name="scope" rules={[{ required: true, message: '请选择评价范围' }]}>
          <Radio.Group options={SCOPE_OPTIONS} onChange={onScopeChange} data-testid="evaluation-scope" />
        </Form.Item>
        <Form.Item label="评价名称" name="title" rules={[{ required: true, whitespace: true, message: '请输入评价名称' }]}>
          <Input maxLength={200} placeholder="如：2025年度××部门整体支出绩效评价" data-testid="evaluation-title" />
        </Form.Item>
        {scope === 'project' && (
          <Form.Item label="项目名称" name="projectName" rules={[{ required: true, whitespace: true, message: '项目支出评价须填写项目名称' }]}>
            <Input maxLength={200} data-testid="evaluation-project-name" />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label="评价年度" name="fiscalYear" rules={[{ required: true, message: '请输入评价年度' }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="evaluation-fiscal-year" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="被评价部门" name="departmentId" rules={[{ required: true, message: '请选择被评价部门' }]}>
              <OrganisationSelect
                organisations={departments.data?.items.filter((organisation) => organisation.active) ?? []}
                loading={departments.isPending}
                placeholder="请选择被评价部门"
                testId="evaluation-department"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="指标体系" name="frameworkVersionId" extra="下达评价通知前须选定；只列出适用于所选评价范围的已发布版本">
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="请选择指标体系"
            loading={frameworks.isPending}
            options={frameworkOptions}
            data-testid="evaluation-framework"
          />
        </Form.Item>
        <Form.Item label="文件依据" name="legalBasis">
          <Input maxLength={500} placeholder="如：长财绩〔2026〕2号" data-testid="evaluation-legal-basis" />
        </Form.Item>
        {kind === 'key' && <EvaluationTeamFields form={form} />}
        <EvaluationDeadlineFields kind={kind} form={form} />
      </Form>
    </RecordFormModal>
  );
}
