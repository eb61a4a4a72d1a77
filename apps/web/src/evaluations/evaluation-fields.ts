import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { DEADLINE_LABELS, DEADLINE_KEYS, type DeadlineKey, type EvaluationKind, type EvaluationScope } from '@evalflow/domain';
import { ApiError } from '../api/api-error';
import type { ServerErrorPlacement } from '../forms/form-errors';
import { issueToChinese, type FieldMessages } from '../forms/zod-messages';

export interface EvaluationFormValues {
  kind: EvaluationKind;
  scope: EvaluationScope;
  title: string;
  projectName?: string | null;
  fiscalYear: number;
  departmentId?: string;
  frameworkVersionId?: string | null;
  legalBasis?: string | null;
  evaluatorOrganisationId?: string | null;
  leadUserId?: string | null;
  memberUserIds?: string[];
  deadlines?: Partial<Record<DeadlineKey, Dayjs | null>>;
  /** Per deadline: a fixed date, or N working/calendar days from the stage start (evaluation-deadline-fields.tsx). */
  deadlineModes?: Partial<Record<DeadlineKey, 'date' | 'working_days' | 'calendar'>>;
  deadlineDays?: Partial<Record<DeadlineKey, number | null>>;
}

export const EVALUATION_FORM_FIELDS = [
  'kind',
  'scope',
  'title',
  'projectName',
  'fiscalYear',
  'departmentId',
  'frameworkVersionId',
  'legalBasis',
  'evaluatorOrganisationId',
  'leadUserId',
  'memberUserIds',
] as const;

export const EVALUATION_FIELD_MESSAGES: FieldMessages = {
  'kind.required': '请选择评价类型',
  'scope.required': '请选择评价范围',
  'title.required': '请输入评价名称',
  title: '评价名称应为4–200个字符',
  projectName: '项目支出评价须填写项目名称',
  'fiscalYear.required': '请输入评价年度',
  fiscalYear: '年度应在2000–2100之间',
  'departmentId.required': '请选择被评价部门',
  departmentId: '请选择被评价部门',
  frameworkVersionId: '请选择指标体系',
  legalBasis: '文件依据不能超过500个字符，且不能包含控制字符',
  evaluatorOrganisationId: '请选择评价机构',
  leadUserId: '请选择评价组长',
  memberUserIds: '评价组成员不符合要求',
  deadlines: '请选择有效日期',
};

const isDeadlineKey = (value: unknown): value is DeadlineKey => typeof value === 'string' && (DEADLINE_KEYS as readonly string[]).includes(value);

/** The English messages of the shared schema's refinements and of the API's term checks, in Chinese. */
const SERVER_MESSAGES: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^not an active department$/, () => '请选择在用的被评价部门'],
  [/outside your jurisdiction/, () => '该部门不在本局辖区内'],
  [/not a published framework version/, () => '请选择已发布的指标体系'],
  [/^the framework is for/, () => '指标体系的适用范围与评价范围不一致'],
  [/a self-evaluation has no evaluation team/, () => '部门绩效自评不设评价组'],
  [/not an active evaluation firm or finance bureau/, () => '请选择在用的第三方机构或财政部门'],
  [/not an active user of the evaluation organisation/, () => '须为评价机构的在用用户'],
  [/does not hold the evaluation_lead role/, () => '该用户不具有评价组长角色'],
  [/does not hold the evaluator role/, () => '该用户不具有评价人员角色'],
  [/name the organisation of the evaluation team/, () => '请先选择评价机构'],
  [/a project evaluation names its project/, () => '项目支出评价须填写项目名称'],
  [/a member is listed twice/, () => '成员不能重复'],
  [/the lead is a member already/, () => '组长无需再列为成员'],
  [/must not fall before (\w+) \(([\d-]+)\)/, (m) => `不能早于${isDeadlineKey(m[1]) ? DEADLINE_LABELS[m[1]].zh : m[1]}（${m[2]}）`],
  [/a date as YYYY-MM-DD|not a calendar date/, () => '请选择有效日期'],
];

function toChinese(message: string, field: string): string {
  for (const [pattern, translate] of SERVER_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return translate(match);
  }
  return EVALUATION_FIELD_MESSAGES[field] ?? message;
}

/** The antd field an issue path belongs to: deadlines are nested (['deadlines', key]); member indexes go on the list. */
function fieldOf(path: readonly PropertyKey[]): (string | number)[] | undefined {
  const [first, second] = path.map(String);
  if (first === 'deadlines' && isDeadlineKey(second)) return ['deadlines', second];
  if ((EVALUATION_FORM_FIELDS as readonly string[]).includes(first)) return [first];
  return undefined;
}

function setErrors(form: FormInstance, errors: { name: (string | number)[]; message: string }[]): void {
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const { name, message } of errors) {
    const entry = byName.get(name.join('.')) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byName.set(name.join('.'), entry);
  }
  form.setFields([...byName.values()]);
}

/** Validates with the shared schema, putting each issue on its field in Chinese; returns the parsed input when valid. */
export function validateEvaluation<S extends z.ZodType>(form: FormInstance, schema: S, input: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.flatMap((issue) => {
    const name = fieldOf(issue.path);
    if (!name) return [];
    const message = issue.code === 'custom' ? toChinese(issue.message, String(name[0])) : issueToChinese(issue, EVALUATION_FIELD_MESSAGES);
    return [{ name, message }];
  });
  setErrors(form, errors);
  return undefined;
}

/** Puts a 400's or 422's `details` ([{path, message}]) on the fields they name; the rest is for the banner. */
export function applyEvaluationServerErrors(form: FormInstance, error: unknown): ServerErrorPlacement {
  if (!(error instanceof ApiError)) return { placed: 0, leftover: [] };
  const placed: { name: (string | number)[]; message: string }[] = [];
  const leftover: string[] = [];
  for (const issue of error.fieldIssues) {
    const name = fieldOf(issue.path.split('.'));
    const message = toChinese(issue.message, name ? String(name[0]) : '');
    if (name) placed.push({ name, message });
    else leftover.push(message);
  }
  setErrors(form, placed);
  return { placed: placed.length, leftover };
}
