import type { ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import type { EntityService } from '../entities/entity.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { UserStore } from '../users/user.store.js';
import {
  bindBody,
  createEntityBody,
  entityIdParams,
  entitySchema,
  listEntitiesQuery,
  listEntitiesResponse,
  nodeParams,
  patchEntityBody,
  resolveBody,
  resolveHeaders,
  resolveResponse,
  syncBody,
  syncResponse,
} from './entities.schemas.js';
import { requireAuth, requireSuperAdmin } from '@symbia/auth';
import { actorOf, principalOf, superAdminLookup } from './http-context.js';

export interface EntityRouteDeps {
  entities: EntityService;
  users: UserStore;
  throttle: LoginThrottle;
  adminPerMinute: number;
}

/** identity.md §7.12. Users, agents and platform services alike; what each sees is decided in entity-access.ts. */
export function registerEntityRoutes(app: ServiceApp, deps: EntityRouteDeps): void {
  const { entities } = deps;
  const tags = ['entities'];
  const caller = (request: FastifyRequest) => principalOf(request);
  const opts = { preHandler: requireAuth };

  app.get(
    '/api/entities',
    { schema: { tags, querystring: listEntitiesQuery, response: { 200: listEntitiesResponse } }, ...opts },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return entities.list(caller(request), filter, limit, offset);
    },
  );
  app.post(
    '/api/entities',
    { schema: { tags, body: createEntityBody, response: { 201: entitySchema } }, ...opts },
    async (request, reply) => {
      reply.code(201);
      return entities.create(caller(request), request.body, actorOf(request));
    },
  );
  app.post(
    '/api/entities/resolve',
    { schema: { tags, headers: resolveHeaders, body: resolveBody, response: { 200: resolveResponse } }, ...opts },
    async (request) =>
      entities.resolve(caller(request), request.body.address, request.body.orgId ?? request.headers['x-org-id']),
  );
  app.get(
    '/api/entities/by-node/:nodeId',
    { schema: { tags, params: nodeParams, response: { 200: entitySchema } }, ...opts },
    async (request) => entities.byNode(caller(request), request.params.nodeId),
  );
  app.get(
    '/api/entities/:id',
    { schema: { tags, params: entityIdParams, response: { 200: entitySchema } }, ...opts },
    async (request) => entities.get(caller(request), request.params.id),
  );
  app.patch(
    '/api/entities/:id',
    { schema: { tags, params: entityIdParams, body: patchEntityBody, response: { 200: entitySchema } }, ...opts },
    async (request) => entities.update(caller(request), request.params.id, request.body, actorOf(request)),
  );
  app.post(
    '/api/entities/:id/bind',
    { schema: { tags, params: entityIdParams, body: bindBody, response: { 200: entitySchema } }, ...opts },
    async (request) => entities.bind(caller(request), request.params.id, request.body.nodeId, actorOf(request)),
  );
  app.post(
    '/api/entities/:id/unbind',
    { schema: { tags, params: entityIdParams, response: { 200: entitySchema } }, ...opts },
    async (request) => entities.unbind(caller(request), request.params.id, actorOf(request)),
  );

  // identity.md §4.11: super admins only, under the same per-admin limiter as /api/admin/*.
  const isSuperAdmin = requireSuperAdmin({ isSuperAdmin: superAdminLookup(deps.users) });
  const superAdminLimited = async (request: FastifyRequest) => {
    await isSuperAdmin(request);
    await deps.throttle.limit('admin', principalOf(request).id, deps.adminPerMinute, 60);
  };
  app.post(
    '/api/entities/sync',
    { schema: { tags, body: syncBody, response: { 200: syncResponse } }, preHandler: superAdminLimited },
    async (request) => ({
      message: 'Sync completed',
      created: await entities.sync(request.body.source, actorOf(request)),
    }),
  );
}
