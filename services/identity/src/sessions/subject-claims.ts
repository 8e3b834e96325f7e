import { unauthorized } from '@symbia/kit/errors';
import type { AgentStore } from '../agents/agent.store.js';
import type { TokenSubjectClaims } from '../tokens/token-issuer.js';
import type { ProfileStore } from '../users/profile.store.js';

export type SessionSubject = { kind: 'user'; id: string } | { kind: 'agent'; id: string };

export type ClaimsFor = (subject: SessionSubject, sessionId: string) => Promise<TokenSubjectClaims>;

/**
 * Fresh claims from the database at every login and refresh, so a refreshed token reflects membership
 * and grant changes; a deleted user or a deactivated agent cannot refresh (401).
 */
export function createClaimsFor(deps: { profiles: ProfileStore; agents: AgentStore }): ClaimsFor {
  const { profiles, agents } = deps;
  return async (subject, sessionId) => {
    if (subject.kind === 'user') {
      const user = await profiles.find(subject.id);
      if (!user) throw unauthorized('User not found', 'invalid_token');
      return {
        sub: user.id,
        typ: 'user',
        org: user.organizations[0]?.id,
        orgs: user.organizations.map((m) => ({ id: m.id, role: m.role })),
        ent: user.entitlements,
        roles: user.roles,
        sa: user.isSuperAdmin,
        sid: sessionId,
        name: user.name,
        email: user.email,
      };
    }
    const agent = await agents.findById(subject.id);
    if (!agent || !agent.isActive) throw unauthorized('Agent not found or inactive', 'invalid_token');
    return {
      sub: agent.id,
      typ: 'agent',
      org: agent.orgId ?? undefined,
      orgs: [],
      ent: agent.capabilities,
      sa: false,
      sid: sessionId,
      name: agent.name,
      agent: agent.agentId,
    };
  };
}
