import { z } from 'zod';
import { isoDate } from './common.schemas.js';

/** The kinds of stored credential (credentials.credential_type). */
export const credentialType = z.enum(['api_key', 'oauth_token']);

export const providerSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9._-]+$/);

export const createCredentialBody = z.object({
  provider: providerSchema,
  name: z.string().trim().min(1).max(100),
  apiKey: z.string().min(1).max(8192),
  isOrgWide: z.boolean().default(false),
  /** The org the credential belongs to (spec: `X-Org-Id`; here a body field, checked against the caller's membership). */
  orgId: z.string().uuid().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

// Whitelist (STYLE 8): neither the ciphertext nor the plaintext, ever.
export const credentialSummary = z.object({
  id: z.string(),
  provider: z.string(),
  name: z.string(),
  credentialPrefix: z.string().nullable(),
  isOrgWide: z.boolean(),
  orgId: z.string().nullable(),
  credentialType,
  metadata: z.record(z.string(), z.unknown()),
  lastUsedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const resolveParams = z.object({ userId: z.string().uuid(), provider: providerSchema });
export const resolveQuery = z.object({ orgId: z.string().uuid().optional() });
export const byIdParams = z.object({ credentialId: z.string().uuid() });

export const resolvedCredential = z.object({
  apiKey: z.string(),
  credentialId: z.string(),
  provider: z.string(),
  credentialType,
  metadata: z.record(z.string(), z.unknown()),
  isProxy: z.boolean(),
  ownerId: z.string(),
  isOrgWide: z.boolean(),
  orgId: z.string().nullable(),
  expiresAt: z.date().nullable(),
});

export const storeOAuthBody = z.object({
  userId: z.string().uuid(),
  provider: providerSchema,
  accessToken: z.string().min(1).max(8192),
  orgId: z.string().uuid().optional(),
  refreshToken: z.string().min(1).max(8192).optional(),
  expiresAt: isoDate.nullable().optional(),
  oauthUserId: z.string().max(255).optional(),
  oauthUserEmail: z.string().max(320).optional(),
  oauthUserName: z.string().max(200).optional(),
});
export const storedOAuthResponse = z.object({
  credentialId: z.string(),
  provider: z.string(),
  expiresAt: z.date().nullable(),
});
export const internalDeleteQuery = z.object({ userId: z.string().uuid().optional() });
export const internalDeleteResponse = z.object({ success: z.literal(true), message: z.string() });
