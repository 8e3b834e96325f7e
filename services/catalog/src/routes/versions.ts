import { optionalAuth, requireAuth, principalOf } from '@symbia/auth';
import { pageQuerySchema, type ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { VersionService } from '../versions/version.service.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import { idParams } from './resources.schemas.js';
import { publishBody, versionParams, versionSchema } from './versions.schemas.js';

/**
 * catalog.md §5, §8.3. Publishing answers 201 with a new version, or 200 with the latest one when the
 * content has not changed since (idempotent).
 */
export function registerVersionRoutes(
  app: ServiceApp,
  deps: { versions: VersionService; limits: RateLimitGuards },
): void {
  const { versions, limits } = deps;
  const tags = ['versions'];
  const read = [optionalAuth, limits.search];

  app.post(
    '/api/resources/:id/publish',
    {
      schema: {
        tags,
        params: idParams,
        body: publishBody.nullish(),
        response: { 200: versionSchema, 201: versionSchema },
      },
      preHandler: [requireAuth, limits.write],
    },
    async (request, reply) => {
      const { version, created } = await versions.publish(
        principalOf(request),
        request.params.id,
        request.body?.changelog,
      );
      return reply.code(created ? 201 : 200).send(version);
    },
  );
  app.get(
    '/api/resources/:id/versions',
    { schema: { tags, params: idParams, response: { 200: z.array(versionSchema) } }, preHandler: read },
    async (request) => versions.list(request.principal, request.params.id),
  );
  app.get(
    '/api/versions',
    {
      schema: {
        tags,
        querystring: pageQuerySchema,
        response: { 200: z.object({ items: z.array(versionSchema), nextCursor: z.string().nullable() }) },
      },
      preHandler: read,
    },
    async (request) => versions.listAll(request.principal, request.query),
  );
  app.get(
    '/api/resources/:id/versions/:version',
    { schema: { tags, params: versionParams, response: { 200: versionSchema } }, preHandler: read },
    async (request) => versions.get(request.principal, request.params.id, request.params.version),
  );
}
