import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { AdminService } from '../admin/admin.service.js';
import type { UserStore } from '../users/user.store.js';
import { requireSuperAdmin } from '@symbia/auth';
import { superAdminLookup } from './http-context.js';

const configResponse = z.object({
  identityServiceUrl: z.string(),
  loginUrl: z.string(),
  logoutUrl: z.string(),
  emailEnabled: z.boolean(),
});
const statsResponse = z.object({
  totalUsers: z.number(),
  totalOrgs: z.number(),
  totalAgents: z.number(),
  totalEntities: z.number(),
});

const countProperty = z.object({ type: z.literal('number'), description: z.string() });
const namespaceResponse = z.object({
  namespace: z.literal('identity'),
  version: z.string(),
  description: z.string(),
  properties: z.record(z.string(), countProperty),
});
// identity.md §7.1: the properties identity can report (their values come from /api/stats).
const NAMESPACE = {
  namespace: 'identity' as const,
  version: '1.0.0',
  description: 'Users, agents, service principals, organizations and their access.',
  properties: {
    'users.count': { type: 'number' as const, description: 'Registered users' },
    'orgs.count': { type: 'number' as const, description: 'Organizations' },
    'agents.count': { type: 'number' as const, description: 'Registered agents' },
    'entities.count': {
      type: 'number' as const,
      description: 'Entities in the @name directory (users, assistants, services)',
    },
  },
};

export function registerPlatformRoutes(
  app: ServiceApp,
  deps: { admin: AdminService; users: UserStore; issuer: string; publicBaseUrl: string; emailEnabled: boolean },
): void {
  const identityUrl = deps.issuer.replace(/\/+$/, '');
  const webUrl = deps.publicBaseUrl.replace(/\/+$/, '');
  // identity.md §7.1: front-ends learn where to send people to sign in and out, and whether to offer
  // "forgot password" (emailEnabled, as in the forgot-password answer).
  const config = {
    identityServiceUrl: identityUrl,
    loginUrl: `${webUrl}/login`,
    logoutUrl: `${identityUrl}/api/auth/logout`,
    emailEnabled: deps.emailEnabled,
  };

  app.get('/api/auth/config', { schema: { tags: ['auth'], response: { 200: configResponse } } }, async () => config);

  // identity.md §7.1: the service root points agents and people at the generated LLM-readable docs.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs/llms.txt'));

  app.get(
    '/symbia-namespace',
    { schema: { tags: ['platform'], response: { 200: namespaceResponse } } },
    async () => NAMESPACE,
  );

  app.get(
    '/api/stats',
    {
      schema: { tags: ['admin'], response: { 200: statsResponse } },
      preHandler: requireSuperAdmin({ isSuperAdmin: superAdminLookup(deps.users), allowServices: true }),
    },
    async () => deps.admin.stats(),
  );
}
