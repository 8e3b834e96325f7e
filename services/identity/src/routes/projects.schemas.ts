import { z } from 'zod';
import { SLUG_PATTERN } from '../orgs/slug.js';
import { isoDate, nameSchema } from './common.schemas.js';

// identity.md §3: URLs are real http(s) URLs or "" (cleared).
const urlOrEmpty = z.union([
  z.literal(''),
  z
    .string()
    .url()
    .max(2048)
    .regex(/^https?:\/\//),
]);
const slug = z.string().min(1).max(60).regex(SLUG_PATTERN);
const environment = z.enum(['development', 'staging', 'production']);
const projectStatus = z.enum(['active', 'archived', 'suspended']);
const serviceStatus = z.enum(['active', 'inactive', 'error']);
const appType = z.enum(['web', 'mobile', 'api', 'cli']);
const serviceType = z.enum(['database', 'api', 'auth', 'storage', 'messaging', 'analytics']);
const metadata = z.record(z.string(), z.unknown());
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const orgIdParams = z.object({ orgId: z.string().uuid() });
export const projectIdParams = z.object({ projectId: z.string().uuid() });
export const linkParams = z.object({ id: z.string().uuid(), serviceId: z.string().uuid() });

export const createProjectBody = z.object({ name: nameSchema, slug, description: optionalText(2000) });
export const patchProjectBody = z.object({
  name: nameSchema.optional(),
  description: optionalText(2000),
  status: projectStatus.optional(),
});
export const createApplicationBody = z.object({
  name: nameSchema,
  slug,
  environment: environment.optional(),
  appType: appType.optional(),
  repoUrl: urlOrEmpty.optional(),
  metadata: metadata.optional(),
});
export const patchApplicationBody = z.object({
  name: nameSchema.optional(),
  environment: environment.optional(),
  appType: appType.optional(),
  repoUrl: urlOrEmpty.optional(),
});
export const createServiceBody = z.object({
  name: nameSchema,
  serviceType,
  provider: optionalText(200),
  endpointUrl: urlOrEmpty.optional(),
  externalId: optionalText(500),
  metadata: metadata.optional(),
});
export const patchServiceBody = z.object({
  name: nameSchema.optional(),
  serviceType: serviceType.optional(),
  provider: optionalText(200),
  endpointUrl: urlOrEmpty.optional(),
  externalId: optionalText(500),
  status: serviceStatus.optional(),
});

export const scopeType = z.enum(['org', 'project', 'application', 'service']);
export const scopeParams = z.object({ scopeType, scopeId: z.string().uuid() });
export const createScopedEntitlementBody = z.object({
  scopeType,
  scopeId: z.string().uuid(),
  featureKey: z.string().trim().min(1).max(200),
  quota: z.number().int().min(0).optional(),
  enabled: z.boolean().optional(),
  expiresAt: isoDate.nullable().optional(),
  metadata: metadata.optional(),
});
export const patchScopedEntitlementBody = z.object({
  quota: z.number().int().min(0).optional(),
  consumed: z.number().int().min(0).optional(),
  enabled: z.boolean().optional(),
  expiresAt: isoDate.nullable().optional(),
});

export const projectSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  status: projectStatus,
  createdAt: z.date(),
});
export const applicationSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  orgId: z.string(),
  name: z.string(),
  slug: z.string(),
  environment,
  appType,
  repoUrl: z.string().nullable(),
  metadata,
  createdAt: z.date(),
});
export const serviceSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  orgId: z.string(),
  name: z.string(),
  serviceType,
  provider: z.string().nullable(),
  endpointUrl: z.string().nullable(),
  externalId: z.string().nullable(),
  status: serviceStatus,
  metadata,
  createdAt: z.date(),
});
export const linkSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  serviceId: z.string(),
  createdAt: z.date(),
});
export const scopedEntitlementSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  scopeType,
  scopeId: z.string(),
  featureKey: z.string(),
  quota: z.number(),
  consumed: z.number(),
  enabled: z.boolean(),
  expiresAt: z.date().nullable(),
  metadata,
  createdAt: z.date(),
});
