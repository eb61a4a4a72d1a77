import { z } from 'zod';

export const uuidSchema = z.uuid({ message: 'must be a UUID' });

/**
 * Control characters other than tab and line breaks: never part of a legitimate text, often of an injection, and
 * PostgreSQL refuses NUL in text outright (which would otherwise surface as a 500).
 */
export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

export const CONTROL_CHARACTERS_MESSAGE = 'contains control characters';

/** Free text as people type it: trimmed, bounded, no control characters. The one rule for bodies and queries. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), CONTROL_CHARACTERS_MESSAGE);

/** The search box of every list (`q`): plain text of at most 100 characters, matched literally (see likeContains). */
export const searchQuerySchema = plainText(100).optional();

/** Pagination as every list endpoint takes it (query strings arrive as text, hence coerce). */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
