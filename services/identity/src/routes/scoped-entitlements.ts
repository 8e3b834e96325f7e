import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { ScopedEntitlementService } from '../scoped-entitlements/scoped-entitlement.service.js';
import { idParams, messageSchema } from './common.schemas.js';
import { requireUser } from '@symbia/auth';
import { actorOf, principalOf } from './http-context.js';
import {
  createScopedEntitlementBody,
  patchScopedEntitlementBody,
  scopedEntitlementSchema,
  scopeParams,
} from './projects.schemas.js';

/** identity.md §7.8: members of the scope's org read; its admins write. */
export function registerScopedEntitlementRoutes(
  app: ServiceApp,
  deps: { scopedEntitlements: ScopedEntitlementService },
): void {
  const { scopedEntitlements } = deps;
  const tags = ['entitlements'];

  app.get(
    '/api/scoped-entitlements/:scopeType/:scopeId',
    {
      schema: {
        tags,
        params: scopeParams,
        response: { 200: z.object({ entitlements: z.array(scopedEntitlementSchema) }) },
      },
      preHandler: requireUser,
    },
    async (request) => ({
      entitlements: await scopedEntitlements.list(
        principalOf(request).id,
        request.params.scopeType,
        request.params.scopeId,
      ),
    }),
  );
  app.post(
    '/api/scoped-entitlements',
    {
      schema: { tags, body: createScopedEntitlementBody, response: { 200: scopedEntitlementSchema } },
      preHandler: requireUser,
    },
    async (request) => scopedEntitlements.create(principalOf(request).id, request.body, actorOf(request)),
  );
  app.patch(
    '/api/scoped-entitlements/:id',
    {
      schema: { tags, params: idParams, body: patchScopedEntitlementBody, response: { 200: scopedEntitlementSchema } },
      preHandler: requireUser,
    },
    async (request) =>
      scopedEntitlements.update(principalOf(request).id, request.params.id, request.body, actorOf(request)),
  );
  app.delete(
    '/api/scoped-entitlements/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: requireUser },
    async (request) => {
      await scopedEntitlements.delete(principalOf(request).id, request.params.id, actorOf(request));
      return { message: 'Entitlement deleted' };
    },
  );
}
