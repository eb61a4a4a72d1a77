import type { DuplicateFields } from '../forms/form-errors';
import type { FieldMessages } from '../forms/zod-messages';

export interface OrganisationFormValues {
  name: string;
  shortName?: string | null;
  kind?: string;
  creditCode: string;
  regionId?: string;
  contactEmail?: string | null;
  active?: boolean;
}

export const ORGANISATION_FORM_FIELDS = ['name', 'shortName', 'kind', 'creditCode', 'regionId', 'contactEmail', 'active'] as const;

export const ORGANISATION_FIELD_MESSAGES: FieldMessages = {
  'name.required': '请输入机构名称',
  name: '机构名称应为2–100个字符',
  shortName: '简称应为1–30个字符',
  'kind.required': '请选择机构类型',
  kind: '请选择机构类型',
  'creditCode.required': '请输入统一社会信用代码',
  'regionId.required': '请选择所属区划',
  regionId: '请选择所属区划',
  contactEmail: '邮箱格式不正确',
};

export const ORGANISATION_DUPLICATES: DuplicateFields = {
  credit: { field: 'creditCode', message: '该统一社会信用代码已被其他机构使用' },
  name: { field: 'name', message: '已存在同名机构' },
};
