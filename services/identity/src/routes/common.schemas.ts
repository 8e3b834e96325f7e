import { z } from 'zod';
import { orgRoles } from '../orgs/org-roles.js';

export const emailSchema = z.string().trim().toLowerCase().email().max(320);
export const passwordSchema = z.string().min(8).max(1024);
export const nameSchema = z.string().trim().min(1).max(200);
export const idParams = z.object({ id: z.string().uuid() });
export const messageSchema = z.object({ message: z.string() });
export const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const tokenPairSchema = {
  token: z.string(),
  expiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
};

/** A membership's role in its org. */
export const orgRole = z.enum(orgRoles);
export const orgRefSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), role: orgRole });

export const enrichedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isSuperAdmin: z.boolean(),
  organizations: z.array(orgRefSchema),
  entitlements: z.array(z.string()),
  roles: z.array(z.string()),
});

export const pagingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
