import { optionalAuth, requireAuth, principalOf } from '@symbia/auth';
import type { ServiceApp, ZodTypeProvider } from '@symbia/kit';
import { AppError, ErrorCodes } from '@symbia/kit/errors';
import { z } from 'zod';
import { jsonUploadMaxBytes, type ArtifactService } from '../artifacts/artifact.service.js';
import { contentDisposition } from '../artifacts/mime-sniff.js';
import { artifactSchema, listArtifactsQuery, rawUploadQuery, uploadBody } from './artifacts.schemas.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import { idParams, successSchema } from './resources.schemas.js';

/**
 * catalog.md §8.6, with files as streams (issue 16): `POST …/artifacts/raw` takes the bytes as the body and
 * downloads stream from stored chunks. The JSON/base64 form stays for the spec's clients, with its body limit
 * following its own, lower cap (base64 is 4/3 of the bytes, W9).
 */
export function registerArtifactRoutes(
  app: ServiceApp,
  deps: { artifacts: ArtifactService; maxBytes: number; limits: RateLimitGuards },
): void {
  const { artifacts, limits } = deps;
  const tags = ['artifacts'];
  const jsonMax = jsonUploadMaxBytes(deps.maxBytes);
  const bodyLimit = Math.ceil((jsonMax * 4) / 3) + 64 * 1024;

  app.post(
    '/api/resources/:id/artifacts',
    {
      bodyLimit,
      schema: { tags, params: idParams, body: uploadBody, response: { 201: artifactSchema } },
      preHandler: [requireAuth, limits.upload],
    },
    async (request, reply) =>
      reply.code(201).send(await artifacts.upload(principalOf(request), request.params.id, request.body)),
  );

  // Its own scope, so that this route reads `application/octet-stream` only (anything else: 415): the parser leaves
  // the body unread and the service consumes the request stream after authentication, chunk by chunk, counting
  // against the cap.
  app.register(async (plain) => {
    plain.removeAllContentTypeParsers();
    plain.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null));
    plain.addContentTypeParser('*', (_request, _payload, done) =>
      done(
        new AppError(
          415,
          ErrorCodes.unsupportedMediaType,
          'Send the file as the raw body with Content-Type: application/octet-stream',
        ),
      ),
    );
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.post(
      '/api/resources/:id/artifacts/raw',
      {
        schema: {
          tags,
          params: idParams,
          querystring: rawUploadQuery,
          response: { 201: artifactSchema },
          description: `The file as the raw request body (Content-Type: application/octet-stream); name, type and version in the query. At most ${Math.floor(deps.maxBytes / 1_048_576)} MB (413 payload_too_large).`,
        },
        preHandler: [requireAuth, limits.upload],
      },
      async (request, reply) => {
        const declared = Number(request.headers['content-length']);
        const input = { ...request.query, ...(Number.isFinite(declared) ? { declaredLength: declared } : {}) };
        return reply
          .code(201)
          .send(await artifacts.uploadStream(principalOf(request), request.params.id, input, request.raw));
      },
    );
  });
  app.get(
    '/api/resources/:id/artifacts',
    {
      schema: { tags, params: idParams, querystring: listArtifactsQuery, response: { 200: z.array(artifactSchema) } },
      preHandler: [optionalAuth, limits.search],
    },
    async (request) => artifacts.list(request.principal, request.params.id, request.query.version),
  );
  app.get(
    '/api/artifacts/:id/download',
    { schema: { tags, params: idParams }, preHandler: [optionalAuth, limits.search] },
    async (request, reply) => {
      const { info, content } = await artifacts.download(request.principal, request.params.id);
      return reply
        .type(info.mimeType)
        .header('content-length', info.size)
        .header('content-disposition', contentDisposition(info.name))
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );
  app.delete(
    '/api/artifacts/:id',
    { schema: { tags, params: idParams, response: { 200: successSchema } }, preHandler: [requireAuth, limits.write] },
    async (request) => {
      await artifacts.remove(principalOf(request), request.params.id);
      return { success: true as const };
    },
  );
}
