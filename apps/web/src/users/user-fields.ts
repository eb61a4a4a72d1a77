import type { Role } from '@evalflow/domain';
import type { DuplicateFields } from '../forms/form-errors';
import type { FieldMessages } from '../forms/zod-messages';

export interface UserFormValues {
  username?: string;
  displayName: string;
  email?: string | null;
  password?: string;
  organisationId?: string;
  roles: Role[];
}

export const USER_FORM_FIELDS = ['username', 'displayName', 'email', 'password', 'organisationId', 'roles', 'active'] as const;

export const USER_FIELD_MESSAGES: FieldMessages = {
  'username.required': '请输入用户名',
  username: '用户名为3–32个字符，以字母开头，可包含小写字母、数字及 _ . -',
  'displayName.required': '请输入姓名',
  displayName: '姓名为1–50个字符',
  email: '邮箱格式不正确',
  'password.required': '请输入初始密码',
  password: '密码长度应为10–128个字符',
  'organisationId.required': '请选择所属机构',
  organisationId: '请选择所属机构',
  'roles.required': '请至少选择一个角色',
  roles: '请至少选择一个有效角色',
};

export const USER_DUPLICATES: DuplicateFields = {
  username: { field: 'username', message: '用户名已存在' },
  email: { field: 'email', message: '该邮箱已被其他用户使用' },
};
