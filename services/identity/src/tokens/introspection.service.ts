import type { JwtVerifier, Principal } from '@symbia/auth';
import { forbidden, unauthorized } from '@symbia/kit/errors';
import type { AgentStore } from '../agents/agent.store.js';
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import { CAP_INTROSPECT } from '../service-principals/service-token.service.js';
import type { EnrichedUser } from '../users/user.service.js';

export type IntrospectionResult = { active: false } | ({ active: true } & Record<string, unknown>);

export interface IntrospectionService {
  introspect(token: string | undefined, caller: Principal | null): Promise<IntrospectionResult>;
}

const inactive = { active: false } as const;

/**
 * RFC 7662-style introspection. JWTs: anyone holding one may ask about it (identity.md §4.10). API keys:
 * only service principals holding cap:identity.introspect, so this is no key oracle for the public.
 */
export function createIntrospectionService(deps: {
  verifier: JwtVerifier;
  apiKeys: ApiKeyService;
  agents: AgentStore;
  enriched: (userId: string) => Promise<EnrichedUser>;
}): IntrospectionService {
  const { verifier, apiKeys, agents, enriched } = deps;
  return {
    async introspect(token, caller) {
      if (token?.startsWith('sk_')) {
        if (!caller) throw unauthorized();
        if (caller.type !== 'service' || !caller.entitlements.includes(CAP_INTROSPECT))
          throw forbidden('Only platform services may introspect API keys');
        return apiKeys.introspect(token);
      }
      if (!token) return inactive;
      const principal = await verifier.verify(token).catch(() => null);
      if (!principal) return inactive;
      const common = { sub: principal.id, token_type: 'Bearer', exp: principal.expiresAt, sid: principal.sessionId };
      if (principal.type === 'user') {
        const user = await enriched(principal.id).catch(() => null);
        if (!user) return inactive;
        const { id: _id, ...profile } = user;
        return { active: true, type: 'user', ...common, ...profile };
      }
      if (principal.type === 'agent') {
        const agent = await agents.findById(principal.id);
        if (!agent || !agent.isActive) return inactive;
        return {
          active: true,
          type: 'agent',
          ...common,
          agentId: agent.agentId,
          name: agent.name,
          orgId: agent.orgId,
          capabilities: agent.capabilities,
        };
      }
      return {
        active: true,
        type: 'service',
        ...common,
        serviceId: principal.serviceId,
        entitlements: [...principal.entitlements],
      };
    },
  };
}
