import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import { requirePermission } from '../access/guards.js';
import { NetworkPermissions } from '../access/permissions.js';
import type { NetworkFabric } from '../domain/index.js';
import { domainCall } from './domain-errors.js';
import { found } from './found.js';
import {
  okSchema,
  policyDecisionSchema,
  policyInputSchema,
  policyPatchSchema,
  policySchema,
  policyTestInputSchema,
  sandboxEventSchema,
} from './wire.schemas.js';

const idParam = z.object({ id: z.string().min(1).max(200) });
const policyListSchema = z.object({ policies: z.array(policySchema), count: z.number().int() });

/** `GET /api/policies` and its SDN twin `GET /api/sdn/policies` (network.md §13.3, §13.5): one route at two paths. */
export function registerPolicyList(app: ServiceApp, path: string, deps: { fabric: NetworkFabric; tags: string[] }) {
  app.get(
    path,
    {
      preHandler: requirePermission(NetworkPermissions.policiesRead),
      schema: { tags: deps.tags, summary: 'List policies', response: { 200: policyListSchema } },
    },
    async () => {
      const policies = deps.fabric.policies.list();
      return { policies, count: policies.length };
    },
  );
}

/**
 * network.md §13.3. Policies are evaluated highest priority first; the default `allow-intra` sits at 100, so a deny
 * for intra events needs a priority above 100 (network W7, README).
 */
export function registerPolicyRoutes(app: ServiceApp, deps: { fabric: NetworkFabric }): void {
  const { fabric } = deps;
  const tags = ['policies'];

  app.post(
    '/api/policies',
    {
      preHandler: requirePermission(NetworkPermissions.policiesWrite),
      schema: { tags, summary: 'Create a policy', body: policyInputSchema, response: { 201: policySchema } },
    },
    async (request, reply) => reply.code(201).send(domainCall(() => fabric.policies.create(request.body))),
  );

  registerPolicyList(app, '/api/policies', { fabric, tags });

  app.post(
    '/api/policies/test',
    {
      preHandler: requirePermission(NetworkPermissions.policiesRead),
      schema: {
        tags,
        summary: 'Evaluate the policies against a mock event',
        body: policyTestInputSchema,
        response: {
          200: z.object({
            event: sandboxEventSchema,
            result: policyDecisionSchema,
            allPolicies: z.array(
              z.object({ id: z.string(), name: z.string(), priority: z.number(), enabled: z.boolean() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { payload, source, runId, boundary = 'intra', target } = request.body;
      const event = {
        payload: { type: payload.type ?? 'test', data: payload.data ?? {} },
        wrapper: {
          id: 'test-event',
          runId,
          timestamp: new Date().toISOString(),
          source,
          ...(target === undefined ? {} : { target }),
          path: [source],
          boundary,
        },
        hash: 'test-hash',
      };
      const result = fabric.policies.evaluate({
        source,
        target: target ?? '',
        eventType: event.payload.type,
        boundary,
        runId,
      });
      const allPolicies = fabric.policies
        .list()
        .map(({ id, name, priority, enabled }) => ({ id, name, priority, enabled }));
      return { event, result, allPolicies };
    },
  );

  app.get(
    '/api/policies/:id',
    {
      preHandler: requirePermission(NetworkPermissions.policiesRead),
      schema: { tags, summary: 'Get a policy', params: idParam, response: { 200: policySchema } },
    },
    async (request) => found(fabric.policies.get(request.params.id), 'Policy not found', 'policy_not_found'),
  );

  app.patch(
    '/api/policies/:id',
    {
      preHandler: requirePermission(NetworkPermissions.policiesWrite),
      schema: {
        tags,
        summary: 'Change a policy',
        params: idParam,
        body: policyPatchSchema,
        response: { 200: policySchema },
      },
    },
    async (request) => domainCall(() => fabric.policies.update(request.params.id, request.body)),
  );

  app.delete(
    '/api/policies/:id',
    {
      preHandler: requirePermission(NetworkPermissions.policiesWrite),
      schema: { tags, summary: 'Delete a policy', params: idParam, response: { 200: okSchema } },
    },
    async (request) => {
      domainCall(() => fabric.policies.delete(request.params.id));
      return { ok: true as const };
    },
  );
}
