import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { ApiError, describeError } from '../api/api-error';
import { issueToChinese, type FieldMessages } from './zod-messages';

type Result<T> = { ok: true; data: T } | { ok: false };

/**
 * Validates form values with the shared zod schema and puts every issue on its antd field, in Chinese.
 * Returns the parsed (trimmed, normalised) data when valid.
 */
export function validateWithSchema<S extends z.ZodType>(
  form: FormInstance,
  schema: S,
  values: unknown,
  fieldMessages?: FieldMessages,
): Result<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const byField = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    byField.set(field, [...(byField.get(field) ?? []), issueToChinese(issue, fieldMessages)]);
  }
  form.setFields([...byField].filter(([field]) => field).map(([field, errors]) => ({ name: field, errors: [...new Set(errors)] })));
  return { ok: false };
}

/** An antd rule that validates one field with its zod schema (so mistakes show while typing, not only on submit). */
export function zodFieldRule(schema: z.ZodType, fieldMessages?: FieldMessages) {
  return {
    validator: async (_rule: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(issueToChinese(parsed.error.issues[0], fieldMessages));
    },
  };
}

/** Knows which constraint names mean which field, for 409 DUPLICATE bodies `{details: {constraint}}`. */
export type DuplicateFields = Record<string, { field: string; message: string }>;

export interface ServerErrorPlacement {
  /** How many messages went onto a form field. */
  placed: number;
  /** Messages that belong to no field of the form. */
  leftover: string[];
}

/** Puts a server 400's `details` ([{path, message}]) and a 409 DUPLICATE's constraint onto the form's fields. */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
  duplicates: DuplicateFields = {},
): ServerErrorPlacement {
  if (!(error instanceof ApiError)) return { placed: 0, leftover: [] };
  if (error.code === 'DUPLICATE') {
    const constraint = String((error.details as { constraint?: unknown } | undefined)?.constraint ?? '');
    const match = Object.entries(duplicates).find(([fragment]) => constraint.includes(fragment));
    if (!match) return { placed: 0, leftover: [] };
    form.setFields([{ name: match[1].field, errors: [match[1].message] }]);
    return { placed: 1, leftover: [] };
  }
  const leftover: string[] = [];
  const byField = new Map<string, string[]>();
  for (const issue of error.fieldIssues) {
    const zh = (issue as { zh?: unknown }).zh;
    const message = typeof zh === 'string' ? zh : issue.message;
    const field = issue.path.split('.')[0];
    if (fields.includes(field)) byField.set(field, [...(byField.get(field) ?? []), message]);
    else leftover.push(message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return { placed: byField.size, leftover };
}

/** The banner text for a failed save: nothing when every problem is shown on its field. */
export function saveErrorBanner(error: unknown, placement: ServerErrorPlacement): string | null {
  if (placement.placed > 0 && placement.leftover.length === 0) return null;
  return [describeError(error), ...placement.leftover].join('；');
}

/** Empty inputs mean "no value": antd gives '' or undefined, the schemas want null for nullable fields. */
export function blankToNull<T>(value: T | '' | undefined): T | null {
  return value === '' || value === undefined ? null : value;
}
