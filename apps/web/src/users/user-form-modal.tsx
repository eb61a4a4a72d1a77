import { useState } from 'react';
import { App, Form, Input } from 'antd';
import {
  createUserSchema,
  passwordSchema,
  updateUserSchema,
  usernameSchema,
  type OrganisationDto,
  type Role,
  type UserDto,
} from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { RecordFormModal } from '../forms/record-form-modal';
import { useAppAbility } from '../auth/use-app-ability';
import { applyServerErrors, blankToNull, saveErrorBanner, validateWithSchema, zodFieldRule } from '../forms/form-errors';
import { OrganisationSelect } from './organisation-select';
import { RoleSelect } from './role-select';
import { grantableRoles, newUserSubject, userSubject } from './user-access';
import { USER_DUPLICATES, USER_FIELD_MESSAGES, USER_FORM_FIELDS, type UserFormValues } from './user-fields';
import { useOrganisation } from '../organisations/organisations-api';
import { useSaveUser, type SaveUserInput } from './users-api';

interface UserFormModalProps {
  /** The record to edit; undefined to create. */
  user?: UserDto;
  /** Organisations the signed-in user can see (for the picker and for the kind/region of the edited user's one). */
  organisations: readonly OrganisationDto[];
  onClose: () => void;
}

export function UserFormModal({ user, organisations, onClose }: UserFormModalProps) {
  const [form] = Form.useForm<UserFormValues>();
  const { message } = App.useApp();
  const ability = useAppAbility();
  const save = useSaveUser();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const organisationId = Form.useWatch('organisationId', form) ?? user?.organisationId;
  const listed = organisations.find((candidate) => candidate.id === organisationId);
  // The edited user's organisation may lie beyond the first page of the picker list: fetch it then.
  const { data: fetched } = useOrganisation(user && !listed ? user.organisationId : undefined);
  const organisation = listed ?? fetched;
  const editing = Boolean(user);

  const subject = user ? userSubject(user, organisation) : undefined;
  const mayEdit = (field: string) => !subject || ability.can('update', subject, field);
  const roleOptions: Role[] = organisation ? grantableRoles(ability, organisation, editing ? 'update' : 'create') : [];
  // Keep roles the user already holds visible even when they could not be granted today.
  const shownRoles = [...new Set([...(user?.roles ?? []), ...roleOptions])];
  const creatableIn = organisations.filter((candidate) => candidate.active && ability.can('create', newUserSubject(candidate)));

  const onOrganisationChange = (id: string | undefined) => {
    const next = organisations.find((candidate) => candidate.id === id);
    const allowed = next ? grantableRoles(ability, next, 'create') : [];
    form.setFieldValue('roles', (form.getFieldValue('roles') as Role[] | undefined)?.filter((role) => allowed.includes(role)) ?? []);
  };

  const persist = async (input: SaveUserInput) => {
    try {
      await save.mutateAsync(input);
      message.success(editing ? '用户信息已保存' : '用户已创建');
      onClose();
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'VERSION_CONFLICT') setConflict(true);
      else setFormError(saveErrorBanner(error, applyServerErrors(form, error, USER_FORM_FIELDS, USER_DUPLICATES)));
    }
  };

  const submit = async () => {
    setFormError(null);
    setConflict(false);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (user) {
      const input = {
        displayName: mayEdit('displayName') ? values.displayName : undefined,
        email: mayEdit('email') ? blankToNull(values.email) : undefined,
        password: values.password ? values.password : undefined,
        roles: mayEdit('roles') ? values.roles : undefined,
        expectedVersion: user.version,
      };
      const parsed = validateWithSchema(form, updateUserSchema, input, USER_FIELD_MESSAGES);
      if (parsed.ok) await persist({ id: user.id, changes: parsed.data });
    } else {
      const input = {
        username: values.username,
        displayName: values.displayName,
        email: blankToNull(values.email),
        password: values.password,
        organisationId: values.organisationId,
        roles: values.roles,
      };
      const parsed = validateWithSchema(form, createUserSchema, input, USER_FIELD_MESSAGES);
      if (parsed.ok) await persist({ changes: parsed.data });
    }
  };

  return (
    <RecordFormModal
      title={editing ? '编辑用户' : '新建用户'}
      submitTestId="user-form-submit"
      saving={save.isPending}
      conflict={conflict}
      formError={formError}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="user-form"
        initialValues={
          user
            ? { username: user.username, displayName: user.displayName, email: user.email ?? '', organisationId: user.organisationId, roles: user.roles }
            : { roles: [] }
        }
      >
        <Form.Item
          label="用户名"
          name="username"
          rules={editing ? [] : [{ required: true, whitespace: true, message: '请输入用户名' }, zodFieldRule(usernameSchema, USER_FIELD_MESSAGES)]}
          validateTrigger="onBlur"
        >
          <Input disabled={editing} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={50} disabled={!mayEdit('displayName')} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item label="邮箱" name="email">
          <Input type="email" disabled={!mayEdit('email')} data-testid="user-email" />
        </Form.Item>
        {(!editing || mayEdit('password')) && (
          <Form.Item
            label={editing ? '重置密码' : '初始密码'}
            name="password"
            extra={editing ? '留空则不修改密码；至少10个字符' : '至少10个字符，建议使用易记的长句'}
            rules={[...(editing ? [] : [{ required: true, message: '请输入初始密码' }]), zodFieldRule(passwordSchema, USER_FIELD_MESSAGES)]}
            validateTrigger="onBlur"
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        {editing ? (
          <Form.Item label="所属机构">
            <Input disabled value={user?.organisationName} />
          </Form.Item>
        ) : (
          <Form.Item label="所属机构" name="organisationId" rules={[{ required: true, message: '请选择所属机构' }]}>
            <OrganisationSelect organisations={creatableIn} onChange={onOrganisationChange} testId="user-organisation" />
          </Form.Item>
        )}
        <Form.Item
          label="角色"
          name="roles"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个角色' }]}
          extra={organisation ? undefined : '请先选择所属机构；可选角色取决于机构类型'}
        >
          <RoleSelect options={shownRoles} disabled={!organisation || !mayEdit('roles')} />
        </Form.Item>
      </Form>
    </RecordFormModal>
  );
}
