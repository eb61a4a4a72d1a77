import { useState } from 'react';
import { App, Form, Input, Select, Switch } from 'antd';
import {
  createOrganisationSchema,
  creditCodeSchema,
  ORGANISATION_KINDS,
  updateOrganisationSchema,
  type OrganisationDto,
} from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { RecordFormModal } from '../forms/record-form-modal';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { applyServerErrors, blankToNull, saveErrorBanner, validateWithSchema, zodFieldRule } from '../forms/form-errors';
import { organisationKindLabel } from '../labels';
import { RegionTreeSelect } from '../regions/region-tree-select';
import {
  ORGANISATION_DUPLICATES,
  ORGANISATION_FIELD_MESSAGES,
  ORGANISATION_FORM_FIELDS,
  type OrganisationFormValues,
} from './organisation-fields';
import { useSaveOrganisation, type SaveOrganisationInput } from './organisations-api';

interface OrganisationFormModalProps {
  /** The record to edit; undefined to create. */
  organisation?: OrganisationDto;
  onClose: () => void;
}

const KIND_OPTIONS = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: organisationKindLabel(kind) }));

function initialValues(organisation?: OrganisationDto): OrganisationFormValues {
  if (!organisation) return { name: '', creditCode: '', shortName: '', contactEmail: '' };
  return {
    name: organisation.name,
    shortName: organisation.shortName ?? '',
    kind: organisation.kind,
    creditCode: organisation.creditCode,
    regionId: organisation.regionId,
    contactEmail: organisation.contactEmail ?? '',
    active: organisation.active,
  };
}

export function OrganisationFormModal({ organisation, onClose }: OrganisationFormModalProps) {
  const [form] = Form.useForm<OrganisationFormValues>();
  const { message } = App.useApp();
  const ability = useAppAbility();
  const save = useSaveOrganisation();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const editing = Boolean(organisation);

  const persist = async (input: SaveOrganisationInput) => {
    try {
      await save.mutateAsync(input);
      message.success(editing ? '机构信息已保存' : '机构已创建');
      onClose();
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'VERSION_CONFLICT') setConflict(true);
      else setFormError(saveErrorBanner(error, applyServerErrors(form, error, ORGANISATION_FORM_FIELDS, ORGANISATION_DUPLICATES)));
    }
  };

  const submit = async () => {
    setFormError(null);
    setConflict(false);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const common = {
      name: values.name,
      shortName: blankToNull(values.shortName),
      creditCode: values.creditCode,
      contactEmail: blankToNull(values.contactEmail),
    };
    if (organisation) {
      const input = { ...common, active: values.active, expectedVersion: organisation.version };
      const parsed = validateWithSchema(form, updateOrganisationSchema, input, ORGANISATION_FIELD_MESSAGES);
      if (parsed.ok) await persist({ id: organisation.id, changes: parsed.data });
    } else {
      const input = { ...common, kind: values.kind, regionId: values.regionId };
      const parsed = validateWithSchema(form, createOrganisationSchema, input, ORGANISATION_FIELD_MESSAGES);
      if (parsed.ok) await persist({ changes: parsed.data });
    }
  };

  return (
    <RecordFormModal
      title={editing ? '编辑机构' : '新建机构'}
      submitTestId="organisation-form-submit"
      saving={save.isPending}
      conflict={conflict}
      formError={formError}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" initialValues={initialValues(organisation)} data-testid="organisation-form">
        <Form.Item label="机构名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入机构名称' }]}>
          <Input maxLength={100} data-testid="organisation-name" />
        </Form.Item>
        <Form.Item label="简称" name="shortName">
          <Input maxLength={30} data-testid="organisation-short-name" />
        </Form.Item>
        <Form.Item label="机构类型" name="kind" rules={[{ required: true, message: '请选择机构类型' }]}>
          <Select options={KIND_OPTIONS} disabled={editing} placeholder="请选择机构类型" data-testid="organisation-kind" />
        </Form.Item>
        <Form.Item
          label="统一社会信用代码"
          name="creditCode"
          validateTrigger={['onBlur', 'onChange']}
          rules={[{ required: true, whitespace: true, message: '请输入统一社会信用代码' }, zodFieldRule(creditCodeSchema, ORGANISATION_FIELD_MESSAGES)]}
          extra="18位，由数字和大写字母组成（不含I、O、S、V、Z），最后一位为校验位"
        >
          <Input maxLength={18} data-testid="organisation-credit-code" />
        </Form.Item>
        <Form.Item label="所属区划" name="regionId" rules={[{ required: true, message: '请选择所属区划' }]} extra={editing ? '机构创建后不能更改类型和所属区划' : undefined}>
          <RegionTreeSelect disabled={editing} isSelectable={(region) => ability.can('create', subjectOf('Organisation', { regionId: region.id }))} />
        </Form.Item>
        <Form.Item label="联系邮箱" name="contactEmail">
          <Input type="email" data-testid="organisation-contact-email" />
        </Form.Item>
        {editing && (
          <Form.Item label="状态" name="active" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        )}
      </Form>
    </RecordFormModal>
  );
}
