import { z } from 'zod';
import { PRIOR_YEAR_ASSESSMENT_IDS } from '../rectification/prior-year';
import { plainText, uuidSchema } from './common.schema';
import { isoDateSchema } from './evaluation.schema';

/** 上年度问题整改情况: the team's assessment of one earlier item (a note is required: what was checked, what is left). */
export const assessPriorYearItemSchema = z
  .object({
    assessment: z.enum(PRIOR_YEAR_ASSESSMENT_IDS),
    note: plainText(2000).pipe(z.string().min(2, 'at least 2 characters')),
    /** The assessment's version when changing one already made; absent for the first. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();
export type AssessPriorYearItemInput = z.infer<typeof assessPriorYearItemSchema>;

const labelled = z.object({ id: z.string(), zh: z.string() });

export const priorYearItemSchema = z.object({
  item: z.object({ id: uuidSchema, state: z.string(), stateLabel: z.string(), measures: z.string().nullable(), dueOn: isoDateSchema.nullable() }),
  evaluation: z.object({ id: uuidSchema, title: z.string(), fiscalYear: z.number().int() }),
  finding: z.object({ id: uuidSchema, seq: z.number().int(), title: z.string(), description: z.string(), category: z.string().nullable() }),
  followup: z
    .object({
      id: uuidSchema,
      assessment: labelled,
      note: z.string(),
      assessedBy: z.string(),
      assessedAt: z.string(),
      version: z.number().int(),
      /** The finding of this evaluation the item became (未整改 / 部分整改). */
      finding: z.object({ id: uuidSchema, seq: z.number().int() }).nullable(),
    })
    .nullable(),
});
export type PriorYearItemDto = z.infer<typeof priorYearItemSchema>;
export const priorYearItemListSchema = z.object({ items: z.array(priorYearItemSchema) });

/** A recurring problem across years: finding → item → next year's finding → … */
export const findingChainSchema = z.object({
  links: z.array(
    z.object({
      evaluation: z.object({ id: uuidSchema, title: z.string(), fiscalYear: z.number().int() }),
      finding: z.object({ id: uuidSchema, seq: z.number().int(), title: z.string() }),
      /** What the finding became; null before rectification started. */
      item: z.object({ id: uuidSchema, state: z.string(), stateLabel: z.string() }).nullable(),
      /** How the next evaluation assessed the item this finding carries over (for carried-over findings). */
      assessment: labelled.nullable(),
      /** False when the caller may not read that year's evaluation: the link is shown by year only. */
      readable: z.boolean(),
    }),
  ),
});
export type FindingChainDto = z.infer<typeof findingChainSchema>;
