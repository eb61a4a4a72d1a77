import { z } from 'zod';
import { plainText, uuidSchema } from './common.schema';
import { isoDateSchema } from './evaluation.schema';
import { documentRequestSchema } from './workflow-item.schema';

/*
 * 资料清单 as a list (issue 11): the templates (内置模板 and each finance bureau's own), issuing the whole list from a
 * template, accepting several items at once. The items themselves are document-request records
 * (workflow-item.schema.ts).
 */

const ITEM_KEY = /^[a-z0-9_]{1,60}$/;
const indicatorCode = plainText(20).pipe(z.string().regex(/^[0-9A-Za-z.-]{1,20}$/, 'an indicator code such as 2.2.2'));
const workingDays = z.number().int().min(1, 'at least 1 working day').max(60, 'at most 60 working days');

export const documentRequestTemplateItemSchema = z
  .object({
    key: z.string().regex(ITEM_KEY, 'lower-case letters, digits and _ (at most 60)'),
    title: plainText(200).pipe(z.string().min(2, 'at least 2 characters')),
    description: plainText(2000),
    indicatorCodes: z.array(indicatorCode).max(20),
  })
  .strict();

/** A finance admin makes the bureau's template: a copy of the built-in one (the only starting point). */
export const createDocumentRequestTemplateSchema = z
  .object({
    name: plainText(100).pipe(z.string().min(2, 'at least 2 characters')).optional(),
  })
  .strict();
export type CreateDocumentRequestTemplateInput = z.infer<typeof createDocumentRequestTemplateSchema>;

/**
 * The whole item list as it should be, in order (add, edit, remove, reorder in one write). An item without a key is
 * new (the API gives it one); keys must be unique.
 */
export const updateDocumentRequestTemplateSchema = z
  .object({
    expectedVersion: z.number().int().min(1),
    name: plainText(100).pipe(z.string().min(2, 'at least 2 characters')),
    items: z
      .array(documentRequestTemplateItemSchema.extend({ key: documentRequestTemplateItemSchema.shape.key.optional() }).strict())
      .min(1, 'a template needs at least one item')
      .max(100),
  })
  .strict();
export type UpdateDocumentRequestTemplateInput = z.infer<typeof updateDocumentRequestTemplateSchema>;

export const documentRequestTemplateSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  builtIn: z.boolean(),
  /** The finance bureau whose template it is; null for the built-in one. */
  organisation: z.object({ id: uuidSchema, name: z.string() }).nullable(),
  items: z.array(documentRequestTemplateItemSchema),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type DocumentRequestTemplateDto = z.infer<typeof documentRequestTemplateSchema>;
export const documentRequestTemplateListSchema = z.object({ items: z.array(documentRequestTemplateSchema) });

/** Not closed: a generic client's paging parameters are ignored (the list is short and unpaged). */
export const documentRequestTemplateQuerySchema = z.object({
  /** The templates the team may issue this evaluation's list from: the built-in one and its commissioning bureau's. */
  evaluationId: uuidSchema.optional(),
});
export type DocumentRequestTemplateQuery = z.infer<typeof documentRequestTemplateQuerySchema>;

const issueItemSchema = z
  .object({
    key: z.string().regex(ITEM_KEY, 'a template item key'),
    include: z.boolean().default(true),
    title: plainText(200).pipe(z.string().min(2, 'at least 2 characters')).optional(),
    dueInWorkingDays: workingDays.optional(),
    dueOn: isoDateSchema.optional(),
    ownerUserId: uuidSchema.nullable().optional(),
  })
  .strict()
  .refine((item) => !(item.dueInWorkingDays !== undefined && item.dueOn !== undefined), { message: 'give dueInWorkingDays or dueOn, not both', path: ['dueOn'] });

/**
 * 按模板下发资料清单: every template item is issued unless `items` says otherwise (`include: false`), each due
 * `dueInWorkingDays` working days from today unless the item gives its own period or date.
 */
export const issueDocumentRequestsSchema = z
  .object({
    templateId: uuidSchema,
    items: z.array(issueItemSchema).max(100).optional(),
    dueInWorkingDays: workingDays.default(5),
    /** The owner of every item the items list does not give one. */
    ownerUserId: uuidSchema.nullable().optional(),
  })
  .strict();
export type IssueDocumentRequestsInput = z.infer<typeof issueDocumentRequestsSchema>;

export const issueDocumentRequestsResponseSchema = z.object({
  /** The items this call added to the list. */
  created: z.array(documentRequestSchema),
  /** Template items already on the list (issued before), left as they are. */
  skipped: z.array(z.object({ key: z.string(), title: z.string(), id: uuidSchema })),
});

/** 批量确认: all or nothing. */
export const acceptDocumentRequestsSchema = z
  .object({
    items: z
      .array(z.object({ id: uuidSchema, expectedVersion: z.number().int().min(1) }).strict())
      .min(1, 'choose at least one item')
      .max(200)
      .refine((items) => new Set(items.map((item) => item.id)).size === items.length, 'an item is listed twice'),
  })
  .strict();
export type AcceptDocumentRequestsInput = z.infer<typeof acceptDocumentRequestsSchema>;

export const acceptDocumentRequestsResponseSchema = z.object({
  items: z.array(z.object({ id: uuidSchema, ok: z.literal(true), item: documentRequestSchema })),
});

/** Who the team may make responsible for an item: the evaluated department's active users. */
export const documentRequestOwnerListSchema = z.object({ items: z.array(z.object({ id: uuidSchema, displayName: z.string() })) });
