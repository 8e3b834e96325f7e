import { z } from 'zod';
import { ENTITY_ID_PATTERN } from '../entities/entity-ids.js';
import { nameSchema, pagingQuery } from './common.schemas.js';

const entityType = z.enum(['user', 'assistant', 'service', 'integration', 'sandbox']);
const entityStatus = z.enum(['active', 'inactive', 'suspended']);
const entitySourceTable = z.enum(['users', 'agents']);
// identity.md §3: `^[a-z0-9-_]+$`.
const slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_-]+$/);
// `#` separates an instance in an address (`slug#instance`), so an instance id never contains one.
const instanceId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/);
// Network node ids: service ids, agent ids (`assistant:<key>`), UUIDs.
export const nodeIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:@-]+$/);
const labels = (max: number) => z.array(z.string().trim().min(1).max(200)).max(max);
const metadata = z.record(z.string(), z.unknown());

export const entityIdParams = z.object({ id: z.string().regex(ENTITY_ID_PATTERN) });
export const nodeParams = z.object({ nodeId: nodeIdSchema });

export const listEntitiesQuery = pagingQuery.extend({
  type: entityType.optional(),
  orgId: z.string().uuid().optional(),
  slug: slug.optional(),
  status: entityStatus.optional(),
});

export const createEntityBody = z.object({
  type: entityType,
  slug,
  displayName: nameSchema,
  instanceId: instanceId.nullable().optional(),
  orgId: z.string().uuid().nullable().optional(),
  networkId: z.string().trim().min(1).max(200).nullable().optional(),
  capabilities: labels(100).optional(),
  tags: labels(50).optional(),
  sourceTable: entitySourceTable.optional(),
  sourceId: z.string().uuid().optional(),
  metadata: metadata.optional(),
});

export const patchEntityBody = z.object({
  displayName: nameSchema.optional(),
  capabilities: labels(100).optional(),
  tags: labels(50).optional(),
  status: entityStatus.optional(),
  metadata: metadata.optional(),
});

export const resolveBody = z.object({
  address: z.string().trim().min(1).max(300),
  orgId: z.string().uuid().optional(),
});
// identity.md §7.12: the context org may come as X-Org-Id; like the body field it is checked against the caller.
// Loose, because Fastify replaces request.headers with the parsed value (a strict object would drop Authorization).
export const resolveHeaders = z.looseObject({ 'x-org-id': z.string().uuid().optional() });
export const bindBody = z.object({ nodeId: nodeIdSchema });
export const syncBody = z.object({ source: z.enum(['users', 'agents', 'all']) });

export const entitySchema = z.object({
  id: z.string(),
  type: entityType,
  slug: z.string(),
  displayName: z.string(),
  instanceId: z.string().nullable(),
  instanceIndex: z.number(),
  orgId: z.string().nullable(),
  networkId: z.string().nullable(),
  capabilities: z.array(z.string()),
  tags: z.array(z.string()),
  status: entityStatus,
  boundNodeId: z.string().nullable(),
  boundAt: z.date().nullable(),
  sourceTable: entitySourceTable.nullable(),
  sourceId: z.string().nullable(),
  metadata,
  registeredAt: z.date(),
  lastSeenAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const listEntitiesResponse = z.object({ entities: z.array(entitySchema), count: z.number() });
export const resolveResponse = z.object({
  resolved: z.union([entitySchema, z.array(entitySchema)]),
  count: z.number(),
  address: z.string(),
});
export const syncResponse = z.object({
  message: z.string(),
  created: z.object({ users: z.number(), agents: z.number() }),
});
