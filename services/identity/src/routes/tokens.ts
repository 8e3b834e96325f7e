import { optionalAuth, SERVICE_TOKEN_PATH } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import type { ServiceTokenService } from '../service-principals/service-token.service.js';
import type { IntrospectionService } from '../tokens/introspection.service.js';
import type { KeyRing } from '../tokens/key-ring.js';
import { enrichedUserSchema } from './common.schemas.js';
import { clientIp } from './http-context.js';

const jwksResponse = z.object({
  keys: z.array(
    z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() }),
  ),
});
// Wrong types or missing fields are a 400 naming them; a well-typed but wrong proof is a 401 (verifyServiceTokenRequest).
const serviceTokenBody = z.object({
  serviceId: z.string().min(1).max(128),
  timestamp: z.number().int(),
  signature: z.string().max(128),
});
const serviceTokenResponse = z.object({ token: z.string(), expiresAt: z.string() });
const introspectBody = z.object({ token: z.string().max(8192).optional() }).nullish();
// Introspection answers differ per principal kind; the fields are listed in the README and identity.md §4.10.
const introspectResponse = z.looseObject({ active: z.boolean() });
const verifyBody = z.object({ apiKey: z.string().max(512).optional() }).nullish();
const verifyResponse = z.union([
  z.object({
    valid: z.literal(true),
    keyId: z.string(),
    name: z.string(),
    orgId: z.string().nullable(),
    scopes: z.array(z.string()),
    createdBy: z.string(),
    creator: enrichedUserSchema.nullable(),
  }),
  z.object({ valid: z.literal(false), error: z.string() }),
]);

export function registerTokenRoutes(
  app: ServiceApp,
  deps: {
    keyRing: KeyRing;
    serviceTokens: ServiceTokenService;
    introspection: IntrospectionService;
    apiKeys: ApiKeyService;
  },
): void {
  const { keyRing, serviceTokens, introspection, apiKeys } = deps;
  const tags = ['tokens'];

  app.get('/.well-known/jwks.json', { schema: { tags, response: { 200: jwksResponse } } }, async (_request, reply) => {
    // Verifiers refetch on unknown kids anyway; a short cache keeps rotations visible quickly.
    reply.header('cache-control', 'public, max-age=300');
    return keyRing.jwks();
  });

  app.post(
    SERVICE_TOKEN_PATH,
    { schema: { tags, body: serviceTokenBody, response: { 200: serviceTokenResponse } } },
    async (request) => serviceTokens.issue(request.body, clientIp(request)),
  );

  app.post(
    '/api/auth/introspect',
    { schema: { tags, body: introspectBody, response: { 200: introspectResponse } }, preHandler: optionalAuth },
    async (request) => introspection.introspect(request.body?.token, request.principal),
  );

  app.post(
    '/api/auth/verify-api-key',
    { schema: { tags, body: verifyBody, response: { 200: verifyResponse } } },
    async (request) => apiKeys.verify(request.body?.apiKey),
  );
}
