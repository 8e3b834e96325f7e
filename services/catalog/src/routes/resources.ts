import { optionalAuth, requireAuth, principalOf } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { BulkService } from '../resources/bulk.service.js';
import type { ResourceService } from '../resources/resource.service.js';
import type { UpsertService } from '../resources/upsert.service.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import {
  bulkBody,
  bulkResponse,
  byKeyQuery,
  createResourceBody,
  idParams,
  listResourcesQuery,
  patchResourceBody,
  resourcePageSchema,
  resourceSchema,
  successSchema,
  upsertParams,
  upsertQuery,
  upsertResourceBody,
} from './resources.schemas.js';

/**
 * catalog.md §8.3, §8.8. Reads are open (anonymous callers see public published rows); writes need a
 * principal. `:id` accepts an id or a platform row's URL-encoded key.
 */
export function registerResourceRoutes(
  app: ServiceApp,
  deps: { resources: ResourceService; bulk: BulkService; upserts: UpsertService; limits: RateLimitGuards },
): void {
  const { resources, bulk, upserts, limits } = deps;
  const tags = ['resources'];
  const read = [optionalAuth, limits.search];
  const write = [requireAuth, limits.write];

  app.get(
    '/api/resources',
    { schema: { tags, querystring: listResourcesQuery, response: { 200: resourcePageSchema } }, preHandler: read },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return resources.list(request.principal, filters, { limit, cursor });
    },
  );
  // Org rows by key: keys are unique per org, so the org travels in the query (catalog.md §8.8 lookup by key).
  app.get(
    '/api/resources/by-key',
    { schema: { tags, querystring: byKeyQuery, response: { 200: resourceSchema } }, preHandler: read },
    async (request) => resources.getByKey(request.principal, request.query.key, request.query.orgId ?? null),
  );
  app.get(
    '/api/resources/:id',
    { schema: { tags, params: idParams, response: { 200: resourceSchema } }, preHandler: read },
    async (request) => resources.get(request.principal, request.params.id),
  );
  app.post(
    '/api/resources',
    { schema: { tags, body: createResourceBody, response: { 201: resourceSchema } }, preHandler: write },
    async (request, reply) => reply.code(201).send(await resources.create(principalOf(request), request.body)),
  );
  app.put(
    '/api/resources/:id',
    {
      schema: {
        tags,
        params: upsertParams,
        querystring: upsertQuery,
        body: upsertResourceBody,
        response: { 200: resourceSchema, 201: resourceSchema },
      },
      preHandler: write,
    },
    async (request, reply) => {
      const { resource, created } = await upserts.upsert(
        principalOf(request),
        { key: request.params.id, orgId: request.query.orgId ?? null },
        request.body,
      );
      return reply.code(created ? 201 : 200).send(resource);
    },
  );
  app.patch(
    '/api/resources/:id',
    {
      schema: { tags, params: idParams, body: patchResourceBody, response: { 200: resourceSchema } },
      preHandler: write,
    },
    async (request) => resources.update(principalOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/resources/:id',
    { schema: { tags, params: idParams, response: { 200: successSchema } }, preHandler: write },
    async (request) => {
      await resources.remove(principalOf(request), request.params.id);
      return { success: true as const };
    },
  );
  app.post(
    '/api/resources/bulk',
    { schema: { tags, body: bulkBody, response: { 200: bulkResponse } }, preHandler: write },
    async (request) => bulk.run(principalOf(request), request.body),
  );
}
