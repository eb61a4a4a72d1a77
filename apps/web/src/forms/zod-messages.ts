import type { z } from 'zod';

/** Per-field Chinese messages that beat the generic translation (keyed by the issue's top-level field). */
export type FieldMessages = Record<string, string>;

/** Turns one zod issue into a Chinese sentence. Domain schemas carry Chinese text in `params.zh` where they have it. */
export function issueToChinese(issue: z.core.$ZodIssue, fieldMessages: FieldMessages = {}): string {
  const params = (issue as { params?: { zh?: unknown } }).params;
  if (typeof params?.zh === 'string') return params.zh;
  const field = String(issue.path[0] ?? '');
  if (issue.code === 'invalid_type') return fieldMessages[`${field}.required`] ?? '此项为必填项';
  if (fieldMessages[field]) return fieldMessages[field];
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set') return `至少选择${String(issue.minimum)}项`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '此项为必填项' : `至少${String(issue.minimum)}个字符`;
      return `不能小于${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') return `最多选择${String(issue.maximum)}项`;
      if (issue.origin === 'string') return `不能超过${String(issue.maximum)}个字符`;
      return `不能大于${String(issue.maximum)}`;
    case 'invalid_format':
      if (issue.format === 'email') return '邮箱格式不正确';
      if (issue.format === 'uuid') return '请选择有效的选项';
      return '格式不正确';
    case 'invalid_value':
      return '请选择有效的选项';
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    default:
      return '输入不正确';
  }
}
