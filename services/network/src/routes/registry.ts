import { requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { notFound } from '@symbia/kit/errors';
import { z } from 'zod';
import { permissionDenied, requirePermission } from '../access/guards.js';
import { NetworkPermissions } from '../access/permissions.js';
import { canSeeNode, type NetworkFabric } from '../domain/index.js';
import { callerOf } from './caller.js';
import { domainCall } from './domain-errors.js';
import { found } from './found.js';
import {
  bridgeInputSchema,
  bridgePatchSchema,
  bridgeSchema,
  contractInputSchema,
  contractSchema,
  nodeIdParams,
  nodeInputSchema,
  nodeSchema,
  nodeTypeSchema,
  okSchema,
} from './wire.schemas.js';

const nodeList = z.object({ nodes: z.array(nodeSchema), count: z.number().int() });
const idParam = z.object({ id: z.string().min(1).max(200) });

/** network.md §13.1: nodes, contracts and bridges; every route authenticated, tenancy per §12.4. */
export function registerRegistryRoutes(app: ServiceApp, deps: { fabric: NetworkFabric }): void {
  const { fabric } = deps;
  const tags = ['registry'];

  /** A node the caller may see, else the same 404 as a missing one (no probing of other tenants' ids). */
  const visibleNode = (request: Parameters<typeof callerOf>[0], nodeId: string) => {
    const node = fabric.registry.get(nodeId);
    if (!node || !canSeeNode(callerOf(request).viewer, node)) throw notFound('Node not found', 'node_not_found');
    return node;
  };
  const list = (request: Parameters<typeof callerOf>[0], nodes: ReturnType<NetworkFabric['registry']['list']>) => {
    const { viewer } = callerOf(request);
    const visible = nodes.filter((node) => canSeeNode(viewer, node));
    return { nodes: visible, count: visible.length };
  };

  app.post(
    '/api/registry/nodes',
    {
      preHandler: requirePermission(NetworkPermissions.nodesAdmin),
      schema: { tags, summary: 'Register a node', body: nodeInputSchema, response: { 201: nodeSchema } },
    },
    async (request, reply) => {
      const { owner } = callerOf(request);
      // An administrator may take over an id whose socket is gone (never one a live socket holds, §12.3).
      const registration = domainCall(() => fabric.registry.register(request.body, owner, { allowTakeover: true }));
      return reply.code(201).send(registration.node);
    },
  );

  app.get(
    '/api/registry/nodes',
    { preHandler: requireAuth, schema: { tags, summary: 'List nodes', response: { 200: nodeList } } },
    async (request) => list(request, fabric.registry.list()),
  );

  app.get(
    '/api/registry/nodes/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'Get a node', params: nodeIdParams, response: { 200: nodeSchema } },
    },
    async (request) => visibleNode(request, request.params.id),
  );

  app.post(
    '/api/registry/nodes/:id/heartbeat',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Heartbeat a node (its owner or a node administrator)',
        params: nodeIdParams,
        response: { 200: z.object({ ok: z.literal(true), timestamp: z.string() }) },
      },
    },
    async (request) => {
      visibleNode(request, request.params.id);
      const { owner, nodesAdmin } = callerOf(request);
      const timestamp = domainCall(() => fabric.registry.heartbeat(request.params.id, nodesAdmin ? undefined : owner));
      return { ok: true as const, timestamp };
    },
  );

  app.delete(
    '/api/registry/nodes/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Unregister a node (its owner or a node administrator)',
        params: nodeIdParams,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      visibleNode(request, request.params.id);
      const { owner, nodesAdmin } = callerOf(request);
      if (!nodesAdmin && fabric.registry.ownerOf(request.params.id)?.key !== owner.key)
        throw permissionDenied(NetworkPermissions.nodesAdmin);
      domainCall(() => fabric.registry.unregister(request.params.id));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/registry/nodes/capability/:capability',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Nodes advertising a capability',
        params: z.object({ capability: z.string().min(1).max(200) }),
        response: { 200: nodeList },
      },
    },
    async (request) => list(request, fabric.registry.byCapability(request.params.capability)),
  );

  app.get(
    '/api/registry/nodes/type/:type',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Nodes of a type',
        params: z.object({ type: nodeTypeSchema }),
        response: { 200: nodeList },
      },
    },
    async (request) => list(request, fabric.registry.byType(request.params.type)),
  );

  // ---- contracts ----

  app.post(
    '/api/registry/contracts',
    {
      preHandler: requirePermission(NetworkPermissions.contractsWrite),
      schema: {
        tags,
        summary: 'Create a contract',
        body: contractInputSchema,
        response: { 201: contractSchema },
      },
    },
    async (request, reply) => reply.code(201).send(domainCall(() => fabric.contracts.create(request.body))),
  );

  app.get(
    '/api/registry/contracts',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'List contracts (with nodeId: those from or to it)',
        querystring: z.object({ nodeId: z.string().min(1).max(200).optional() }),
        response: { 200: z.object({ contracts: z.array(contractSchema), count: z.number().int() }) },
      },
    },
    async (request) => {
      const { nodeId } = request.query;
      const visible = fabric.views
        .topology(callerOf(request).viewer)
        .contracts.filter((c) => nodeId === undefined || c.from === nodeId || c.to === nodeId);
      return { contracts: visible, count: visible.length };
    },
  );

  app.delete(
    '/api/registry/contracts/:id',
    {
      preHandler: requirePermission(NetworkPermissions.contractsWrite),
      schema: { tags, summary: 'Delete a contract', params: idParam, response: { 200: okSchema } },
    },
    async (request) => {
      domainCall(() => fabric.contracts.delete(request.params.id));
      return { ok: true as const };
    },
  );

  // ---- bridges (inventory of the platform's external links, shown to every authenticated caller) ----

  app.post(
    '/api/registry/bridges',
    {
      preHandler: requirePermission(NetworkPermissions.nodesAdmin),
      schema: { tags, summary: 'Create a bridge', body: bridgeInputSchema, response: { 201: bridgeSchema } },
    },
    async (request, reply) => reply.code(201).send(domainCall(() => fabric.bridges.create(request.body))),
  );

  app.get(
    '/api/registry/bridges',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'List bridges',
        response: { 200: z.object({ bridges: z.array(bridgeSchema), count: z.number().int() }) },
      },
    },
    async () => {
      const bridges = fabric.bridges.list();
      return { bridges, count: bridges.length };
    },
  );

  app.get(
    '/api/registry/bridges/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'Get a bridge', params: idParam, response: { 200: bridgeSchema } },
    },
    async (request) => found(fabric.bridges.get(request.params.id), 'Bridge not found', 'bridge_not_found'),
  );

  app.patch(
    '/api/registry/bridges/:id',
    {
      preHandler: requirePermission(NetworkPermissions.nodesAdmin),
      schema: {
        tags,
        summary: 'Activate or deactivate a bridge',
        params: idParam,
        body: bridgePatchSchema,
        response: { 200: bridgeSchema },
      },
    },
    async (request) => domainCall(() => fabric.bridges.setActive(request.params.id, request.body.active)),
  );

  app.delete(
    '/api/registry/bridges/:id',
    {
      preHandler: requirePermission(NetworkPermissions.nodesAdmin),
      schema: { tags, summary: 'Delete a bridge', params: idParam, response: { 200: okSchema } },
    },
    async (request) => {
      domainCall(() => fabric.bridges.delete(request.params.id));
      return { ok: true as const };
    },
  );
}
