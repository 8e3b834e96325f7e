import { fetchAsService, type Principal, type ServiceTokenSource } from '@symbia/auth';

/**
 * §6 [req]: binding an entity to a node needs identity's word that the caller may act as that entity — its own
 * entity (the entity directory row whose source is this user or agent) — unless the caller is a node administrator.
 * Asked of identity's entity directory as this service, once per registration that carries an `entityId`.
 */
export interface EntityOwnership {
  mayActAs(principal: Principal, entityId: string): Promise<boolean>;
}

const sourceTableOf = { user: 'users', agent: 'agents' } as const;

export function createEntityOwnership(deps: {
  identityUrl: string;
  serviceTokens: ServiceTokenSource | null;
  timeoutMs?: number;
}): EntityOwnership {
  return {
    async mayActAs(principal, entityId) {
      if (deps.serviceTokens === null || principal.type === 'service') return false;
      try {
        const res = await fetchAsService(
          deps.serviceTokens,
          `${deps.identityUrl}/api/entities/${encodeURIComponent(entityId)}`,
          { headers: { accept: 'application/json' }, timeoutMs: deps.timeoutMs ?? 3_000 },
        );
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          return false;
        }
        const entity = (await res.json()) as { sourceTable?: unknown; sourceId?: unknown };
        return entity.sourceTable === sourceTableOf[principal.type] && entity.sourceId === principal.id;
      } catch {
        // Identity unreachable or an unreadable answer: no proof, no binding.
        return false;
      }
    },
  };
}
