import { optionalAuth, requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { ArtifactService } from '../artifacts/artifact.service.js';
import { contentDisposition } from '../artifacts/mime-sniff.js';
import { principalOf } from './http-context.js';
import { artifactSchema, listArtifactsQuery, uploadBody } from './artifacts.schemas.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import { idParams, successSchema } from './resources.schemas.js';

/** catalog.md §8.6. The upload route's body limit follows the artifact cap (base64 is 4/3 of the bytes, W9). */
export function registerArtifactRoutes(app: ServiceApp, deps: { artifacts: ArtifactService; maxBytes: number; limits: RateLimitGuards }): void {
  const { artifacts, limits } = deps;
  const tags = ['artifacts'];
  const bodyLimit = Math.ceil((deps.maxBytes * 4) / 3) + 64 * 1024;

  app.post('/api/resources/:id/artifacts', {
    bodyLimit, schema: { tags, params: idParams, body: uploadBody, response: { 201: artifactSchema } }, preHandler: [requireAuth, limits.upload],
  }, async (request, reply) => reply.code(201).send(await artifacts.upload(principalOf(request), request.params.id, request.body)));
  app.get('/api/resources/:id/artifacts', {
    schema: { tags, params: idParams, querystring: listArtifactsQuery, response: { 200: z.array(artifactSchema) } }, preHandler: [optionalAuth, limits.search],
  }, async (request) => artifacts.list(request.principal, request.params.id, request.query.version));
  app.get('/api/artifacts/:id/download', { schema: { tags, params: idParams }, preHandler: [optionalAuth, limits.search] }, async (request, reply) => {
    const { info, content } = await artifacts.download(request.principal, request.params.id);
    return reply.type(info.mimeType).header('content-disposition', contentDisposition(info.name)).header('x-content-type-options', 'nosniff').send(content);
  });
  app.delete('/api/artifacts/:id', { schema: { tags, params: idParams, response: { 200: successSchema } }, preHandler: [requireAuth, limits.write] }, async (request) => {
    await artifacts.remove(principalOf(request), request.params.id);
    return { success: true as const };
  });
}
