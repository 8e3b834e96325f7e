import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { ApiKeyService, CreatedApiKey } from '../api-keys/api-key.service.js';
import { idParams, isoDate, messageSchema } from './common.schemas.js';
import { requireUser } from '@symbia/auth';
import { actorOf, principalOf } from './http-context.js';

// Never the hash; the plaintext key only in the create/rotate answers.
const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  orgId: z.string().nullable(),
  scopes: z.array(z.string()),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});
const createdSchema = keySchema.extend({ key: z.string(), rotatedFrom: z.string().nullable(), _warning: z.string() });
const createBody = z.object({
  name: z.string().trim().min(1).max(100),
  orgId: z.string().uuid().nullable().optional(),
  scopes: z.array(z.string().min(1).max(200)).max(100).default([]),
  expiresAt: isoDate.nullable().optional(),
});

const created = (key: CreatedApiKey) => ({ ...key, _warning: 'Store this key securely. It will not be shown again.' });

export function registerApiKeyRoutes(app: ServiceApp, deps: { apiKeys: ApiKeyService }): void {
  const { apiKeys } = deps;
  const tags = ['api-keys'];
  // W10: /api/auth/keys is an exact alias, registered from the same definitions.
  for (const base of ['/api/api-keys', '/api/auth/keys']) {
    app.post(
      base,
      { schema: { tags, body: createBody, response: { 200: createdSchema } }, preHandler: requireUser },
      async (request) => created(await apiKeys.create(principalOf(request), request.body, actorOf(request))),
    );
    app.get(
      base,
      { schema: { tags, response: { 200: z.array(keySchema) } }, preHandler: requireUser },
      async (request) => apiKeys.list(principalOf(request)),
    );
    app.get(
      `${base}/:id`,
      { schema: { tags, params: idParams, response: { 200: keySchema } }, preHandler: requireUser },
      async (request) => apiKeys.get(principalOf(request), request.params.id),
    );
    app.post(
      `${base}/:id/revoke`,
      { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: requireUser },
      async (request) => {
        await apiKeys.revoke(principalOf(request), request.params.id, actorOf(request));
        return { message: 'API key revoked successfully' };
      },
    );
    app.post(
      `${base}/:id/rotate`,
      { schema: { tags, params: idParams, response: { 200: createdSchema } }, preHandler: requireUser },
      async (request) => created(await apiKeys.rotate(principalOf(request), request.params.id, actorOf(request))),
    );
    app.delete(
      `${base}/:id`,
      { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: requireUser },
      async (request) => {
        await apiKeys.delete(principalOf(request), request.params.id, actorOf(request));
        return { message: 'API key deleted successfully' };
      },
    );
  }
}
