import { z } from 'zod';
import { ROLES } from '../roles';
import { ORGANISATION_KINDS } from '../organisations';
import { pageQuerySchema, searchQuerySchema, uuidSchema } from './common.schema';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '3–32 characters: letters, digits, _ . -, starting with a letter');

/** Long passphrases beat composition rules (NIST SP 800-63B); 10 characters minimum, 128 maximum. */
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(128, 'at most 128 characters');

export const rolesSchema = z
  .array(z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }))
  .min(1, 'at least one role')
  .refine((roles) => new Set(roles).size === roles.length, 'a role is listed twice');

export const userSchema = z.object({
  id: uuidSchema,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  organisationId: uuidSchema,
  organisationName: z.string(),
  organisationRegionId: uuidSchema,
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserDto = z.infer<typeof userSchema>;

export const createUserSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(50),
    email: z.email().nullable().optional(),
    password: passwordSchema,
    organisationId: uuidSchema,
    roles: rolesSchema,
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: z.string().trim().min(1).max(50).optional(),
    email: z.email().nullable().optional(),
    password: passwordSchema.optional(),
    roles: rolesSchema.optional(),
    active: z.boolean().optional(),
    expectedVersion: z.number().int().min(1),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const listUsersQuerySchema = pageQuerySchema.extend({
  q: searchQuerySchema,
  organisationId: uuidSchema.optional(),
  role: z.enum(ROLES).optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const loginRequestSchema = z
  .object({
    username: z.string().trim().toLowerCase().min(1).max(64),
    password: z.string().min(1).max(128),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(20).max(200).optional() }).strict();

export const meSchema = z.object({
  id: uuidSchema,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  organisation: z.object({ id: uuidSchema, name: z.string(), kind: z.enum(ORGANISATION_KINDS), regionId: uuidSchema }),
  jurisdictionRegionIds: z.array(uuidSchema),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  refreshToken: z.string().describe('also set as an httpOnly cookie for the browser'),
  user: meSchema,
  rules: z.array(z.unknown()).describe('packed CASL rules (@casl/ability/extra packRules)'),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
