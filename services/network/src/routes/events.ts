import type { ServiceApp } from '@symbia/kit';
import { createEnvelopeSigner, type EventRequest } from '@symbia/relay';
import { z } from 'zod';
import { permissionDenied, requirePermission } from '../access/guards.js';
import { NetworkPermissions } from '../access/permissions.js';
import { createEnvelope, type NetworkFabric } from '../domain/index.js';
import { forViewer } from '../access/redact-hash.js';
import { callerOf } from './caller.js';
import { found } from './found.js';
import { eventInputSchema, hashInputSchema, sandboxEventSchema, traceSchema } from './wire.schemas.js';

export const statsSchema = z.object({
  totalEvents: z.number().int(),
  totalTraces: z.number().int(),
  deliveredCount: z.number().int(),
  droppedCount: z.number().int(),
  errorCount: z.number().int(),
});

/** network.md §13.2. */
export function registerEventRoutes(app: ServiceApp, deps: { fabric: NetworkFabric; hashSecret: string }): void {
  const { fabric } = deps;
  const signer = createEnvelopeSigner(deps.hashSecret);
  const tags = ['events'];

  app.post(
    '/api/events',
    {
      // network W9: sending is a write.
      preHandler: requirePermission(NetworkPermissions.eventsWrite),
      schema: {
        tags,
        summary: 'Route an event',
        body: eventInputSchema,
        response: { 202: z.object({ eventId: z.string(), trace: traceSchema }) },
      },
    },
    async (request, reply) => {
      const { owner, nodesAdmin } = callerOf(request);
      // network W1: only the principal that registered the source sends as it (node administrators aside). An
      // unknown source is routed, and its trace says so (§18 scenario 11).
      const sourceOwner = fabric.registry.ownerOf(request.body.source);
      if (sourceOwner !== undefined && sourceOwner.key !== owner.key && !nodesAdmin)
        throw permissionDenied(NetworkPermissions.nodesAdmin);
      const { event, trace } = await fabric.route(request.body as EventRequest);
      return reply.code(202).send({ eventId: event.wrapper.id, trace });
    },
  );

  app.get(
    '/api/events',
    {
      preHandler: requirePermission(NetworkPermissions.eventsRead),
      schema: {
        tags,
        summary: 'Recent events, oldest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(10_000).default(100),
          runId: z.string().min(1).max(200).optional(),
          traces: z.enum(['true', 'false']).default('true'),
        }),
        response: {
          200: z.object({
            events: z.array(z.union([z.object({ event: sandboxEventSchema, trace: traceSchema }), sandboxEventSchema])),
            count: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const { limit, runId, traces } = request.query;
      const { viewer } = callerOf(request);
      const events = fabric.views
        .events(limit, { viewer, ...(runId && { runId }) })
        .map((event) => forViewer(event, viewer));
      if (traces === 'false') return { events, count: events.length };
      const items = events.map((event) => ({
        event,
        // §13.2: a trace not (yet) stored reads as pending with an empty path.
        trace: fabric.traces.get(event.wrapper.id) ?? {
          eventId: event.wrapper.id,
          runId: event.wrapper.runId,
          path: [],
          totalDurationMs: 0,
          status: 'pending' as const,
        },
      }));
      return { events: items, count: items.length };
    },
  );

  app.get(
    '/api/events/stats',
    {
      preHandler: requirePermission(NetworkPermissions.eventsRead),
      schema: { tags, summary: 'Event statistics', response: { 200: statsSchema } },
    },
    async (request) => fabric.views.stats(callerOf(request).viewer),
  );

  app.get(
    '/api/events/:id/trace',
    {
      preHandler: requirePermission(NetworkPermissions.tracesRead),
      schema: {
        tags,
        summary: 'Trace of an event',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: traceSchema },
      },
    },
    async (request) =>
      found(fabric.views.trace(request.params.id, callerOf(request).viewer), 'Trace not found', 'trace_not_found'),
  );

  app.get(
    '/api/events/traces/:runId',
    {
      preHandler: requirePermission(NetworkPermissions.tracesRead),
      schema: {
        tags,
        summary: 'Traces of a run',
        params: z.object({ runId: z.string().min(1).max(200) }),
        response: { 200: z.object({ traces: z.array(traceSchema), count: z.number().int() }) },
      },
    },
    async (request) => {
      const traces = fabric.views.tracesOfRun(request.params.runId, callerOf(request).viewer);
      return { traces, count: traces.length };
    },
  );

  app.post(
    '/api/events/hash',
    {
      // The hash is what receivers trust (§4): computing one for arbitrary content is signing it, so this is a node
      // administrator's tool, not a reader's (decision in the README; §13.2 legacy: EVENTS_READ).
      preHandler: requirePermission(NetworkPermissions.nodesAdmin),
      schema: {
        tags,
        summary: 'Compute the HMAC of an envelope',
        body: hashInputSchema,
        response: { 200: z.object({ hash: z.string(), id: z.string(), timestamp: z.string() }) },
      },
    },
    async (request) => {
      const { id, timestamp, ...fields } = request.body;
      const event = createEnvelope(fields as EventRequest, Date.now());
      event.wrapper.id = id ?? 'preview';
      event.wrapper.timestamp = timestamp ?? event.wrapper.timestamp;
      return { hash: signer.sign(event), id: event.wrapper.id, timestamp: event.wrapper.timestamp };
    },
  );
}
