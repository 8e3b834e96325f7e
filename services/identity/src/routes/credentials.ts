import type { ServiceApp } from '@symbia/kit';
import { CAP_CREDENTIALS_READ, CAP_CREDENTIALS_WRITE } from '../service-principals/service-token.service.js';
import type { CredentialService } from '../vault/credential.service.js';
import { idParams, messageSchema } from './common.schemas.js';
import {
  byIdParams,
  createCredentialBody,
  credentialSummary,
  internalDeleteQuery,
  internalDeleteResponse,
  resolveParams,
  resolvedCredential,
  resolveQuery,
  storedOAuthResponse,
  storeOAuthBody,
} from './credentials.schemas.js';
import { requireServiceCapability, requireUser } from '@symbia/auth';
import { actorOf, principalOf } from './http-context.js';

export function registerCredentialRoutes(app: ServiceApp, deps: { credentials: CredentialService }): void {
  const { credentials } = deps;
  const tags = ['credentials'];

  app.post(
    '/api/credentials',
    { schema: { tags, body: createCredentialBody, response: { 200: credentialSummary } }, preHandler: requireUser },
    async (request) => credentials.create(principalOf(request).id, request.body, actorOf(request)),
  );
  app.get(
    '/api/credentials',
    { schema: { tags, response: { 200: credentialSummary.array() } }, preHandler: requireUser },
    async (request) => credentials.list(principalOf(request).id),
  );
  app.delete(
    '/api/credentials/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: requireUser },
    async (request) => {
      await credentials.delete(principalOf(request).id, request.params.id, actorOf(request));
      return { message: 'Credential deleted successfully' };
    },
  );

  // The only routes that return plaintext: service principals holding cap:identity.credentials.read (W1).
  const internal = { preHandler: requireServiceCapability(CAP_CREDENTIALS_READ) };
  app.get(
    '/api/internal/credentials/by-id/:credentialId',
    { schema: { tags: ['internal'], params: byIdParams, response: { 200: resolvedCredential } }, ...internal },
    async (request) => credentials.byId(request.params.credentialId, actorOf(request)),
  );
  app.get(
    '/api/internal/credentials/:userId/:provider',
    {
      schema: {
        tags: ['internal'],
        params: resolveParams,
        querystring: resolveQuery,
        response: { 200: resolvedCredential },
      },
      ...internal,
    },
    async (request) => credentials.resolve({ ...request.params, orgId: request.query.orgId }, actorOf(request)),
  );

  // Writes need cap:identity.credentials.write (integrations only).
  const internalWrite = { preHandler: requireServiceCapability(CAP_CREDENTIALS_WRITE) };
  app.post(
    '/api/internal/credentials/oauth',
    { schema: { tags: ['internal'], body: storeOAuthBody, response: { 200: storedOAuthResponse } }, ...internalWrite },
    async (request) => credentials.storeOAuth(request.body, actorOf(request)),
  );
  app.delete(
    '/api/internal/credentials/:credentialId',
    {
      schema: {
        tags: ['internal'],
        params: byIdParams,
        querystring: internalDeleteQuery,
        response: { 200: internalDeleteResponse },
      },
      ...internalWrite,
    },
    async (request) => {
      await credentials.deleteById(request.params.credentialId, request.query.userId, actorOf(request));
      return { success: true as const, message: 'Credential deleted' };
    },
  );
}
