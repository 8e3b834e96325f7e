import { pageQuerySchema } from '@symbia/kit';
import { z } from 'zod';
import { accessPolicySchema } from '../access/access-policy.js';
import { resourceStatuses, resourceTypes } from '../resources/resource-types.js';

// Readable bootstrap ids (`ast-echo`) and UUIDv7s alike.
export const resourceId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:-]+$/, 'is not a resource id');
const keyPattern = /^[A-Za-z0-9._:@/-]+$/;
/** A resource id or a platform row's key (URL-encoded in the path, e.g. `integrations%2Fai%2Fopenai%2Fconfig`). */
export const resourceRef = z.string().min(1).max(255).regex(keyPattern, 'is not a resource id or key');
export const idParams = z.object({ id: resourceRef });

const key = z.string().trim().min(1).max(255).regex(keyPattern, 'may contain letters, digits and . _ : @ / - only');
const name = z.string().trim().min(1).max(255);
const description = z.string().max(10_000).nullable();
const tag = z.string().trim().min(1).max(100);
const tags = z
  .array(tag)
  .max(50)
  .transform((list) => [...new Set(list)]);
const metadata = z.record(z.string(), z.unknown());

/**
 * Unknown fields are refused (strict). `accessPolicy` and `isBootstrap` are checked against the caller's
 * rights (W4); `status: published` publishes version 1 at once and needs the publish right.
 */
export const createResourceBody = z
  .object({
    key,
    name,
    type: z.enum(resourceTypes),
    description: description.optional(),
    tags: tags.optional(),
    orgId: z.string().uuid().nullable().optional(),
    accessPolicy: accessPolicySchema.optional(),
    metadata: metadata.optional(),
    status: z.enum(resourceStatuses).optional(),
    isBootstrap: z.boolean().optional(),
  })
  .strict();

/** PUT by key: the full definition (catalog.md §8.8, models.md §10). A `key` in the body must repeat the path's. */
export const upsertResourceBody = createResourceBody.omit({ orgId: true }).extend({ key: key.optional() });
/** `:id` like the other routes on this path (OpenAPI treats paths differing only in a parameter's name as one), but it is a key. */
export const upsertParams = z.object({
  id: key.describe('The resource key, URL-encoded (e.g. integrations%2Fsymbia-labs%2Fmodels%2Fbeta)'),
});
export const upsertQuery = z.object({ orgId: z.string().uuid().optional() });

/** PATCH replaces the fields it names (catalog.md §5); `orgId`, `type`, `isBootstrap` are not editable. */
export const patchResourceBody = z
  .object({
    key: key.optional(),
    name: name.optional(),
    description: description.optional(),
    tags: tags.optional(),
    metadata: metadata.optional(),
    status: z.enum(['draft', 'deprecated']).optional(),
    accessPolicy: accessPolicySchema.optional(),
  })
  .strict();

export const byKeyQuery = z.object({ key: z.string().min(1).max(255), orgId: z.string().uuid().optional() });

export const listResourcesQuery = pageQuerySchema.extend({
  type: z.enum(resourceTypes).optional(),
  status: z.enum(resourceStatuses).optional(),
  tag: tag.optional(),
  prefix: z.string().min(1).max(255).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

/**
 * Output is lenient on purpose: writes validate policies, but a row edited by hand must still list (W3), and
 * such a row is readable to super admins only.
 */
const storedPolicy = z
  .unknown()
  .describe('AccessPolicy { visibility, actions: { read|write|publish|delete: { anyOf: string[] } } }');

export const resourceSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(resourceTypes),
  status: z.enum(resourceStatuses),
  isBootstrap: z.boolean(),
  modifiedByOperator: z.boolean(),
  tags: z.array(z.string()),
  orgId: z.string().nullable(),
  accessPolicy: storedPolicy,
  metadata: metadata,
  currentVersion: z.number().int().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const resourcePageSchema = z.object({ items: z.array(resourceSchema), nextCursor: z.string().nullable() });
export const successSchema = z.object({ success: z.literal(true) });

export const bulkBody = z
  .object({
    ids: z.array(resourceId).min(1).max(100),
    action: z.enum(['publish', 'delete', 'updateStatus', 'addTags', 'removeTags']),
    payload: z
      .object({
        status: z.enum(['draft', 'deprecated']).optional(),
        tags: tags.optional(),
        changelog: z.string().trim().min(1).max(10_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const bulkResponse = z.object({
  summary: z.object({ total: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
  results: z.array(z.object({ id: z.string(), status: z.enum(['success', 'failed']), error: z.string().optional() })),
});
