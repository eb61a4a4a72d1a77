import { z } from 'zod';
import { ORGANISATION_KINDS } from '../organisations';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../credit-code';
import { pageQuerySchema, searchQuerySchema, uuidSchema } from './common.schema';

export const creditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[problem].en, params: { zh: CREDIT_CODE_MESSAGES[problem].zh } });
  });

export const regionSchema = z.object({
  id: uuidSchema,
  code: z.string(),
  name: z.string(),
  parentId: uuidSchema.nullable(),
  level: z.number().int(),
});
export type RegionDto = z.infer<typeof regionSchema>;

export const createRegionSchema = z.object({
  code: z.string().regex(/^\d{6}$/, 'an administrative division code has 6 digits'),
  name: z.string().trim().min(2).max(50),
  parentId: uuidSchema.nullable().default(null),
});
export type CreateRegionInput = z.infer<typeof createRegionSchema>;

export const organisationSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(ORGANISATION_KINDS),
  creditCode: z.string(),
  regionId: uuidSchema,
  regionName: z.string(),
  contactEmail: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrganisationDto = z.infer<typeof organisationSchema>;

const organisationFields = {
  name: z.string().trim().min(2, 'at least 2 characters').max(100),
  shortName: z.string().trim().min(1).max(30).nullable().optional(),
  kind: z.enum(ORGANISATION_KINDS),
  creditCode: creditCodeSchema,
  regionId: uuidSchema,
  contactEmail: z.email().nullable().optional(),
};

export const createOrganisationSchema = z.object(organisationFields).strict();
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;

/** Kind and region are fixed once created: moving an organisation would move its history's jurisdiction. */
export const updateOrganisationSchema = z
  .object({
    name: organisationFields.name.optional(),
    shortName: organisationFields.shortName,
    creditCode: creditCodeSchema.optional(),
    contactEmail: organisationFields.contactEmail,
    active: z.boolean().optional(),
    expectedVersion: z.number().int().min(1),
  })
  .strict();
export type UpdateOrganisationInput = z.infer<typeof updateOrganisationSchema>;

export const listOrganisationsQuerySchema = pageQuerySchema.extend({
  q: searchQuerySchema,
  kind: z.enum(ORGANISATION_KINDS).optional(),
  regionId: uuidSchema.optional(),
});
export type ListOrganisationsQuery = z.infer<typeof listOrganisationsQuerySchema>;
