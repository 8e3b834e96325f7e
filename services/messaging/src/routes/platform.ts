import { optionalAuth, principalOf, registerAuthConfigRoute, requireAuth, type Principal } from '@symbia/auth';
import { propagationHeaders, type ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { callerStats } from '../platform/caller-stats.js';
import type { IdentityProxy } from '../platform/identity-proxy.js';
import { actorFrom } from './http-context.js';

const principalView = (p: Principal) => ({
  id: p.agentId ?? p.id,
  type: p.type,
  email: p.email ?? null,
  name: p.name ?? null,
  orgId: p.orgId,
  organizations: p.orgs.map((o) => ({ id: o.id, role: o.role })),
  entitlements: [...p.entitlements],
  roles: [...p.roles],
  isSuperAdmin: p.isSuperAdmin,
});
const principalSchema = z.object({
  id: z.string(),
  type: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  orgId: z.string().nullable(),
  organizations: z.array(z.object({ id: z.string(), role: z.string() })),
  entitlements: z.array(z.string()),
  roles: z.array(z.string()),
  isSuperAdmin: z.boolean(),
});
const proxied = z.unknown();

/** An invalid or expired credential reads as "not signed in" here rather than a 401. */
const quietAuth = async (request: FastifyRequest) => {
  await optionalAuth(request).catch(() => {
    request.principal = null;
  });
};

/** messaging.md §6.2: session helpers, stats and the namespace description. */
export function registerPlatformRoutes(
  app: ServiceApp,
  deps: { identityUrl: string; identity: IdentityProxy; conversations: ConversationStore; version: string },
): void {
  const tags = ['platform'];
  // §6.1: the kit aliases the other doc paths; `/` is this spec's own.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs/llms.txt', 302));
  registerAuthConfigRoute(app, { identityUrl: deps.identityUrl, tags });
  app.get(
    '/api/auth/me',
    {
      schema: {
        tags,
        response: { 200: z.object({ user: principalSchema, organizations: principalSchema.shape.organizations }) },
      },
      preHandler: requireAuth,
    },
    async (request) => {
      const user = principalView(principalOf(request));
      return { user, organizations: user.organizations };
    },
  );
  app.get(
    '/api/auth/session',
    {
      schema: { tags, response: { 200: z.object({ authenticated: z.boolean(), user: principalSchema.optional() }) } },
      preHandler: quietAuth,
    },
    async (request) =>
      request.principal ? { authenticated: true, user: principalView(request.principal) } : { authenticated: false },
  );
  for (const path of ['/api/auth/login', '/api/auth/logout'] as const) {
    app.post(
      path,
      {
        schema: {
          tags,
          body: z.record(z.string(), z.unknown()).optional(),
          response: { '2xx': proxied, '4xx': proxied, '5xx': proxied },
        },
      },
      async (request, reply) => {
        const answer = await deps.identity.forward(
          path,
          request.body,
          request.headers.cookie,
          propagationHeaders(request),
        );
        for (const cookie of answer.setCookies) reply.header('set-cookie', cookie);
        return reply.code(answer.status).send(answer.body);
      },
    );
  }
  app.get(
    '/api/stats',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            totalConversations: z.number().int(),
            totalMessages: z.number().int(),
            uniqueParticipants: z.number().int(),
          }),
        },
      },
      preHandler: requireAuth,
    },
    async (request) => callerStats(deps.conversations, actorFrom(request)),
  );
  app.get('/symbia-namespace', { schema: { tags, response: { 200: z.unknown() } } }, async () => ({
    namespace: 'messaging',
    version: deps.version,
    description: 'Conversations, messages and stream-control events between humans and AI agents.',
    properties: {
      'conversations.count': { type: 'number', description: 'Conversations stored (not deleted)' },
      'messages.count': { type: 'number', description: 'Messages stored (not deleted)' },
      'connections.active': { type: 'number', description: 'Socket.IO connections open on this node' },
    },
  }));
}
