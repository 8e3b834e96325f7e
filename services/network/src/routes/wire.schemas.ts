import {
  boundaries,
  bridgeTypes,
  conditionFields,
  conditionOperators,
  hopActions,
  logLevels,
  nodeTypes,
  traceStatuses,
} from '@symbia/relay';
import { z } from 'zod';

/**
 * The wire model of network.md §3 as zod schemas: request bodies are strict (unknown fields are a 400, §13.1 [req])
 * and bounded (ids 200 characters, lists 100 entries), responses describe what the domain returns.
 */
const id = z.string().trim().min(1).max(200);
const text = (max = 200) => z.string().max(max);
const isoInstant = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date-time');
/** Free-form JSON objects (node metadata, bridge config) stay small: 16 KiB serialised. */
const smallRecord = z
  .record(z.string().max(200), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 16_384, 'must be at most 16 KiB of JSON');
const httpEndpoint = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    if (value === '') return true;
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL or empty');

export const nodeTypeSchema = z.enum(nodeTypes);
export const boundarySchema = z.enum(boundaries);
const eventTypePattern = z.string().trim().min(1).max(200);

// ---- requests ---------------------------------------------------------------------------------------------------

export const nodeInputSchema = z.strictObject({
  id,
  name: text(),
  type: nodeTypeSchema,
  capabilities: z.array(text()).max(100),
  /** Where HTTP delivery posts (§8); empty for a node reachable only over its socket. */
  endpoint: httpEndpoint,
  metadata: smallRecord.optional(),
  entityId: id.optional(),
});

export const contractInputSchema = z.strictObject({
  from: id,
  to: id,
  allowedEventTypes: z.array(eventTypePattern).min(1).max(100),
  boundaries: z.array(boundarySchema).min(1).max(3),
  expiresAt: isoInstant.optional(),
});

export const bridgeInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  type: z.enum(bridgeTypes),
  endpoint: httpEndpoint.refine((value) => value !== '', 'must not be empty'),
  eventTypes: z.array(eventTypePattern).max(100),
  config: smallRecord.optional(),
});

export const bridgePatchSchema = z.strictObject({ active: z.boolean() });

export const policyConditionSchema = z.strictObject({
  field: z.enum(conditionFields),
  operator: z.enum(conditionOperators),
  value: z.string().max(256),
});

export const policyActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('allow') }),
  z.strictObject({ type: z.literal('deny'), reason: text(500).optional() }),
  z.strictObject({ type: z.literal('route'), to: id }),
  z.strictObject({
    type: z.literal('transform'),
    mapping: z
      .record(z.string().min(1).max(200), z.string().min(1).max(200))
      .refine((value) => Object.keys(value).length <= 100, 'at most 100 keys'),
  }),
  z.strictObject({ type: z.literal('log'), level: z.enum(logLevels) }),
]);

const priority = z.number().int().min(-1_000_000).max(1_000_000);

export const policyInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  priority,
  conditions: z.array(policyConditionSchema).max(20),
  action: policyActionSchema,
  enabled: z.boolean().optional(),
});

/** §13.3 PATCH: any subset; `id` and `createdAt` are accepted and ignored. */
export const policyPatchSchema = z.strictObject({
  id: z.string().max(200).optional(),
  createdAt: z.string().max(64).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  priority: priority.optional(),
  conditions: z.array(policyConditionSchema).max(20).optional(),
  action: policyActionSchema.optional(),
  enabled: z.boolean().optional(),
});

export const eventPayloadSchema = z
  .strictObject({ type: z.string().trim().min(1).max(200), data: z.unknown() })
  .refine((payload) => payload.data !== undefined, {
    message: 'payload must have type and data fields',
    path: ['data'],
  });

export const eventInputSchema = z.strictObject({
  payload: eventPayloadSchema,
  source: id,
  runId: id,
  target: id.optional(),
  causedBy: id.optional(),
  boundary: boundarySchema.optional(),
  sourceEntityId: id.optional(),
  targetEntityId: id.optional(),
});

/** `POST /api/events/hash` (§4): the envelope fields, with optional `id` and `timestamp` for a reproducible result. */
export const hashInputSchema = z.strictObject({
  payload: eventPayloadSchema,
  source: id,
  runId: id,
  boundary: boundarySchema.optional(),
  target: id.optional(),
  causedBy: id.optional(),
  sourceEntityId: id.optional(),
  targetEntityId: id.optional(),
  id: id.optional(),
  timestamp: isoInstant.optional(),
});

/** `POST /api/policies/test` (§13.3): type and data default to `test` and `{}`. */
export const policyTestInputSchema = z.strictObject({
  payload: z.strictObject({ type: z.string().trim().min(1).max(200).optional(), data: z.unknown().optional() }),
  source: id,
  runId: id,
  boundary: boundarySchema.optional(),
  target: id.optional(),
});

// ---- responses --------------------------------------------------------------------------------------------------

export const nodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: nodeTypeSchema,
  capabilities: z.array(z.string()),
  endpoint: z.string(),
  socketId: z.string().optional(),
  registeredAt: z.string(),
  lastHeartbeat: z.string(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  entityId: z.string().optional(),
  entityBoundAt: z.string().optional(),
});

export const contractSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  allowedEventTypes: z.array(z.string()),
  boundaries: z.array(boundarySchema),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});

export const bridgeSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(bridgeTypes),
  endpoint: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  config: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string(),
});

const policyActionOutSchema = z.object({
  type: z.enum(['allow', 'deny', 'route', 'transform', 'log']),
  reason: z.string().optional(),
  to: z.string().optional(),
  mapping: z.record(z.string(), z.string()).optional(),
  level: z.enum(logLevels).optional(),
});

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  priority: z.number(),
  conditions: z.array(z.object({ field: z.string(), operator: z.string(), value: z.string() })),
  action: policyActionOutSchema,
  enabled: z.boolean(),
  createdAt: z.string(),
});

export const sandboxEventSchema = z.object({
  payload: z.object({ type: z.string(), data: z.unknown() }),
  wrapper: z.object({
    id: z.string(),
    runId: z.string(),
    timestamp: z.string(),
    source: z.string(),
    target: z.string().optional(),
    causedBy: z.string().optional(),
    path: z.array(z.string()),
    boundary: boundarySchema,
    sourceEntityId: z.string().optional(),
    targetEntityId: z.string().optional(),
  }),
  hash: z.string(),
});

export const traceHopSchema = z.object({
  node: z.string(),
  timestamp: z.string(),
  durationMs: z.number(),
  policyId: z.string().optional(),
  action: z.enum(hopActions),
  nodeName: z.string().optional(),
  nodeType: z.string().optional(),
});

export const traceSchema = z.object({
  eventId: z.string(),
  runId: z.string(),
  path: z.array(traceHopSchema),
  totalDurationMs: z.number(),
  status: z.enum(traceStatuses),
  error: z.string().optional(),
});

export const policyDecisionSchema = z.object({ policyId: z.string().optional(), action: policyActionOutSchema });

export const okSchema = z.object({ ok: z.literal(true) });
export const nodeIdParams = z.object({ id });
