import type { NextFunction, Request, Response } from 'express';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from '@evalflow/domain';

/**
 * The body schemas' control-character rule for every query string, whatever the route's own query schema says:
 * a NUL byte (`?q=a%00b`) would otherwise reach PostgreSQL, which refuses it with an error that is no user's fault.
 * Answers 400 naming the parameter, in the same {code, message, details} shape as the validation pipe.
 */
export function rejectControlCharactersInQuery(req: Request, res: Response, next: NextFunction): void {
  const offending = queryStrings(req.query).find(([, value]) => hasControlCharacters(value));
  if (!offending) return next();
  res.status(400).json({
    code: 'VALIDATION_FAILED',
    message: '查询条件中含有不可见的控制字符，请删除后重试',
    details: [{ path: `query.${offending[0]}`, message: CONTROL_CHARACTERS_MESSAGE }],
  });
}

/** Every string of a parsed query with its dotted name (`a[b]=x` and `a=x&a=y` parse to objects and arrays). */
function queryStrings(value: unknown, name = ''): [string, string][] {
  if (typeof value === 'string') return [[name || '(query)', value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => queryStrings(item, `${name}.${index}`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => [
      ...(hasControlCharacters(key) ? [[name ? `${name}.${key}` : key, key] as [string, string]] : []),
      ...queryStrings(item, name ? `${name}.${key}` : key),
    ]);
  }
  return [];
}
