import { optionalAuth, requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { BulkService } from '../resources/bulk.service.js';
import type { ResourceService } from '../resources/resource.service.js';
import { principalOf } from './http-context.js';
import { bulkBody, bulkResponse, byKeyQuery, createResourceBody, idParams, listResourcesQuery, patchResourceBody, resourcePageSchema, resourceSchema, successSchema } from './resources.schemas.js';

/** catalog.md §8.3. Reads are open (anonymous callers see public published rows); writes need a principal. */
export function registerResourceRoutes(app: ServiceApp, deps: { resources: ResourceService; bulk: BulkService }): void {
  const { resources, bulk } = deps;
  const tags = ['resources'];

  app.get('/api/resources', { schema: { tags, querystring: listResourcesQuery, response: { 200: resourcePageSchema } }, preHandler: optionalAuth }, async (request) => {
    const { limit, cursor, ...filters } = request.query;
    return resources.list(request.principal, filters, { limit, cursor });
  });
  // Keys hold slashes, so the key travels in the query (catalog.md §8.8 lookup by key).
  app.get('/api/resources/by-key', { schema: { tags, querystring: byKeyQuery, response: { 200: resourceSchema } }, preHandler: optionalAuth }, async (request) =>
    resources.getByKey(request.principal, request.query.key, request.query.orgId ?? null),
  );
  app.get('/api/resources/:id', { schema: { tags, params: idParams, response: { 200: resourceSchema } }, preHandler: optionalAuth }, async (request) =>
    resources.get(request.principal, request.params.id),
  );
  app.post('/api/resources', { schema: { tags, body: createResourceBody, response: { 201: resourceSchema } }, preHandler: requireAuth }, async (request, reply) =>
    reply.code(201).send(await resources.create(principalOf(request), request.body)),
  );
  app.patch('/api/resources/:id', { schema: { tags, params: idParams, body: patchResourceBody, response: { 200: resourceSchema } }, preHandler: requireAuth }, async (request) =>
    resources.update(principalOf(request), request.params.id, request.body),
  );
  app.delete('/api/resources/:id', { schema: { tags, params: idParams, response: { 200: successSchema } }, preHandler: requireAuth }, async (request) => {
    await resources.remove(principalOf(request), request.params.id);
    return { success: true as const };
  });
  app.post('/api/resources/bulk', { schema: { tags, body: bulkBody, response: { 200: bulkResponse } }, preHandler: requireAuth }, async (request) =>
    bulk.run(principalOf(request), request.body),
  );
}
