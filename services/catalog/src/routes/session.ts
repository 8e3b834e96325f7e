import { registerAuthConfigRoute, requireAuth, principalOf } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { RateLimitGuards } from './rate-limit-guard.js';

const meResponse = z.object({
  principal: z.object({
    type: z.string(),
    id: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    orgId: z.string().nullable(),
    organizations: z.array(z.object({ id: z.string(), role: z.string() })),
    entitlements: z.array(z.string()),
    roles: z.array(z.string()),
    isSuperAdmin: z.boolean(),
  }),
});

/**
 * catalog.md §8.1–8.2. `/api/auth/me` answers from the verified credential (DESIGN §6: local verification),
 * so anonymous callers get 401 (W14) and nothing is fetched from identity per request.
 */
export function registerSessionRoutes(app: ServiceApp, deps: { identityUrl: string; limits: RateLimitGuards }): void {
  const tags = ['session'];
  registerAuthConfigRoute(app, { identityUrl: deps.identityUrl, tags });
  app.get(
    '/api/auth/me',
    { schema: { tags, response: { 200: meResponse } }, preHandler: [requireAuth, deps.limits.search] },
    async (request) => {
      const p = principalOf(request);
      return {
        principal: {
          type: p.type,
          id: p.id,
          name: p.name,
          email: p.email,
          orgId: p.orgId,
          organizations: [...p.orgs],
          entitlements: [...p.entitlements],
          roles: [...p.roles],
          isSuperAdmin: p.isSuperAdmin,
        },
      };
    },
  );
}
