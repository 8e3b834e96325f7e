import { z } from 'zod';
import {
  emailSchema,
  enrichedUserSchema,
  nameSchema,
  orgRefSchema,
  passwordSchema,
  tokenPairSchema,
} from './common.schemas.js';

export const registerBody = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  orgName: nameSchema.optional(),
});
export const registerResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), isSuperAdmin: z.boolean() }),
  organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }).nullable(),
  ...tokenPairSchema,
});

export const loginBody = z.object({ email: emailSchema, password: z.string().min(1).max(1024) });
export const loginResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), organizations: z.array(orgRefSchema) }),
  ...tokenPairSchema,
});

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(200).optional() }).nullish();
export const refreshResponse = z.object({ type: z.enum(['user', 'agent']), ...tokenPairSchema });

export const userRefreshResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  ...tokenPairSchema,
});
export const userMeResponse = z.object({ user: enrichedUserSchema, organizations: z.array(orgRefSchema) });

export const meResponse = z.union([
  z.object({ type: z.literal('user'), user: enrichedUserSchema, organizations: z.array(orgRefSchema) }),
  z.object({
    type: z.literal('agent'),
    agent: z.object({
      id: z.string(),
      agentId: z.string(),
      name: z.string(),
      orgId: z.string().nullable(),
      capabilities: z.array(z.string()),
    }),
  }),
]);

export const setupAdminBody = z.object({
  token: z.string().min(1).max(200),
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
});
export const setupAdminResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), isSuperAdmin: z.boolean() }),
});
