import type { ServiceApp } from '@symbia/kit';
import type { EventRequest } from '@symbia/relay';
import { z } from 'zod';
import { requirePermission } from '../access/guards.js';
import { NetworkPermissions } from '../access/permissions.js';
import { canSeeNode, type NetworkFabric } from '../domain/index.js';
import { callerOf } from './caller.js';
import { statsSchema } from './events.js';
import { found } from './found.js';
import { registerPolicyList } from './policies.js';
import {
  bridgeSchema,
  contractSchema,
  eventInputSchema,
  nodeSchema,
  nodeTypeSchema,
  policyDecisionSchema,
  sandboxEventSchema,
  traceSchema,
} from './wire.schemas.js';

const countByType = z.record(z.string(), z.number().int());

/** network.md §13.4–13.5: SoftSDN views, each limited to what the caller may see (§12.4). */
export function registerSdnRoutes(app: ServiceApp, deps: { fabric: NetworkFabric }): void {
  const { fabric } = deps;
  const tags = ['sdn'];
  const topologyRead = requirePermission(NetworkPermissions.topologyRead);
  const tracesRead = requirePermission(NetworkPermissions.tracesRead);

  app.get(
    '/api/sdn/topology',
    {
      preHandler: topologyRead,
      schema: {
        tags,
        summary: 'Nodes, contracts and bridges',
        response: {
          200: z.object({
            nodes: z.array(nodeSchema),
            contracts: z.array(contractSchema),
            bridges: z.array(bridgeSchema),
            timestamp: z.string(),
          }),
        },
      },
    },
    async (request) => fabric.views.topology(callerOf(request).viewer),
  );

  app.get(
    '/api/sdn/summary',
    {
      preHandler: topologyRead,
      schema: {
        tags,
        summary: 'Counts of nodes, contracts, bridges, events and policies',
        response: {
          200: z.object({
            nodes: z.object({ total: z.number().int(), byType: countByType, connected: z.number().int() }),
            contracts: z.object({ total: z.number().int() }),
            bridges: z.object({ total: z.number().int(), active: z.number().int() }),
            events: statsSchema,
            policies: z.object({ total: z.number().int(), enabled: z.number().int() }),
            timestamp: z.string(),
          }),
        },
      },
    },
    async (request) => fabric.views.summary(callerOf(request).viewer),
  );

  app.get(
    '/api/sdn/graph',
    {
      preHandler: topologyRead,
      schema: {
        tags,
        summary: 'Nodes and contract adjacency',
        response: {
          200: z.object({
            nodes: z.array(
              z.object({ id: z.string(), name: z.string(), type: nodeTypeSchema, connected: z.boolean() }),
            ),
            adjacency: z.record(z.string(), z.array(z.string())),
            bridges: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                type: z.string(),
                active: z.boolean(),
                eventTypes: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => fabric.views.graph(callerOf(request).viewer),
  );

  app.get(
    '/api/sdn/trace/:eventId',
    {
      preHandler: tracesRead,
      schema: {
        tags,
        summary: 'Trace of an event, hops named',
        params: z.object({ eventId: z.string().min(1).max(200) }),
        response: { 200: traceSchema },
      },
    },
    async (request) =>
      found(
        fabric.views.enrichedTrace(request.params.eventId, callerOf(request).viewer),
        'Trace not found',
        'trace_not_found',
      ),
  );

  app.get(
    '/api/sdn/traces/:runId',
    {
      preHandler: tracesRead,
      schema: {
        tags,
        summary: 'Traces of a run',
        params: z.object({ runId: z.string().min(1).max(200) }),
        response: { 200: z.object({ traces: z.array(traceSchema), count: z.number().int(), runId: z.string() }) },
      },
    },
    async (request) => {
      const traces = fabric.views.tracesOfRun(request.params.runId, callerOf(request).viewer);
      return { traces, count: traces.length, runId: request.params.runId };
    },
  );

  app.get(
    '/api/sdn/flow/:runId',
    {
      preHandler: tracesRead,
      schema: {
        tags,
        summary: 'Flow of a run: source → delivered target edges',
        params: z.object({ runId: z.string().min(1).max(200) }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(500) }),
        response: {
          200: z.object({
            runId: z.string(),
            nodes: z.array(z.object({ id: z.string(), name: z.string().optional(), type: nodeTypeSchema.optional() })),
            edges: z.array(
              z.object({ from: z.string(), to: z.string(), eventType: z.string(), timestamp: z.string() }),
            ),
            eventCount: z.number().int(),
          }),
        },
      },
    },
    async (request) => fabric.views.flow(request.params.runId, request.query.limit, callerOf(request).viewer),
  );

  registerPolicyList(app, '/api/sdn/policies', { fabric, tags });

  app.post(
    '/api/sdn/simulate',
    {
      preHandler: requirePermission(NetworkPermissions.eventsRead),
      schema: {
        tags,
        summary: 'Dry-run routing: no history, trace or delivery',
        body: eventInputSchema,
        response: {
          200: z.object({
            wouldSucceed: z.boolean(),
            event: sandboxEventSchema,
            reason: z.string().optional(),
            sourceNode: z.object({ id: z.string(), name: z.string(), type: z.string() }).optional(),
            targets: z
              .array(
                z.object({
                  id: z.string(),
                  name: z.string().optional(),
                  type: z.string().optional(),
                  exists: z.boolean(),
                }),
              )
              .optional(),
            policyResult: policyDecisionSchema.optional(),
            reasons: z.array(z.string()).optional(),
          }),
        },
      },
    },
    async (request) => {
      const { viewer } = callerOf(request);
      const source = fabric.registry.get(request.body.source);
      // Another tenant's node reads as unknown (§12.4).
      const visible = source !== undefined && canSeeNode(viewer, source);
      const result = fabric.simulate(
        visible ? (request.body as EventRequest) : { ...(request.body as EventRequest), source: '\u0000hidden' },
      );
      const event = {
        ...result.event,
        wrapper: { ...result.event.wrapper, source: request.body.source, path: [request.body.source] },
      };
      // A dry run must not hand out a valid signature for content the caller chose (§4: the hash is what receivers
      // trust), so the simulated envelope carries no hash.
      return { ...result, event: { ...event, hash: '' } };
    },
  );
}
