import { z } from 'zod';
import { plainText, uuidSchema } from './common.schema';
import { isoDateSchema } from './evaluation.schema';

/*
 * The records of the item lifecycles (issue 10): rectification items (整改事项) and document-request items (资料清单
 * 事项). Their transitions, actions and history use the same request and answers as an evaluation's.
 */

const labelSchema = z.object({ zh: z.string(), en: z.string() });

/** The evaluation an item belongs to, as lists and item pages show it. */
export const itemEvaluationSchema = z.object({
  id: uuidSchema,
  reference: z.string(),
  title: z.string(),
  fiscalYear: z.number().int(),
  department: z.object({ id: uuidSchema, name: z.string() }),
});

/** What every item record carries: its lifecycle state and version, and the evaluation it belongs to. */
const ITEM_RECORD_FIELDS = {
  id: uuidSchema,
  state: z.string(),
  stateLabel: labelSchema,
  terminal: z.boolean(),
  version: z.number().int(),
  evaluation: itemEvaluationSchema,
};

/** What the department writes on a rectification item; every field optional, null clears it. */
export const updateRectificationItemSchema = z
  .object({
    expectedVersion: z.number().int().min(1),
    measures: plainText(5000).nullable().optional(),
    responsibleUnit: plainText(100).nullable().optional(),
    ownerUserId: uuidSchema.nullable().optional(),
    dueOn: isoDateSchema.nullable().optional(),
    evidenceNote: plainText(2000).nullable().optional(),
  })
  .strict();
export type UpdateRectificationItemInput = z.infer<typeof updateRectificationItemSchema>;

export const rectificationItemSchema = z.object({
  ...ITEM_RECORD_FIELDS,
  finding: z.object({ id: uuidSchema, seq: z.number().int(), title: z.string(), category: z.string().nullable() }),
  measures: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  owner: z.object({ id: uuidSchema, displayName: z.string() }).nullable(),
  dueOn: isoDateSchema.nullable(),
  evidenceNote: z.string().nullable(),
  stateChangedAt: z.string(),
  updatedAt: z.string(),
});
export type RectificationItemDto = z.infer<typeof rectificationItemSchema>;

/**
 * The team adds an item to the evaluation's document request list (资料清单). `ownerUserId`: the 责任人, a user of the
 * evaluated department who answers it (with the department head); without one only the head answers it.
 */
export const createDocumentRequestSchema = z
  .object({
    title: plainText(200).pipe(z.string().min(2, 'at least 2 characters')),
    description: plainText(2000).nullable().optional(),
    dueOn: isoDateSchema.nullable().optional(),
    ownerUserId: uuidSchema.nullable().optional(),
  })
  .strict();
export type CreateDocumentRequestInput = z.infer<typeof createDocumentRequestSchema>;

/** The department records what it provides (files come with the materials work; paper handed over is recorded here). */
export const updateDocumentRequestSchema = z
  .object({
    expectedVersion: z.number().int().min(1),
    materialsNote: plainText(2000).nullable(),
  })
  .strict();
export type UpdateDocumentRequestInput = z.infer<typeof updateDocumentRequestSchema>;

export const documentRequestSchema = z.object({
  ...ITEM_RECORD_FIELDS,
  title: z.string(),
  description: z.string().nullable(),
  dueOn: isoDateSchema.nullable(),
  materialsNote: z.string().nullable(),
  /** 责任人: the department's user who provides it. */
  owner: z.object({ id: uuidSchema, displayName: z.string() }).nullable(),
  /** The template item it was issued from (null: added by hand) and the indicators that need it. */
  templateItemKey: z.string().nullable(),
  indicatorCodes: z.array(z.string()),
  createdBy: z.object({ id: uuidSchema, displayName: z.string() }),
  stateChangedAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentRequestDto = z.infer<typeof documentRequestSchema>;
