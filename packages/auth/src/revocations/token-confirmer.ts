import { AppError, serviceUnavailable, unauthorized } from '@symbia/kit/errors';
import { hashSecret } from '../hash-secret.js';
import { describeError, type AuthLogger, type Clock, type FetchLike } from '../logger.js';
import { freezePrincipal, type OrgMembership, type Principal } from '../principal.js';
import { createTtlLruCache } from '../ttl-lru-cache.js';

export interface TokenConfirmer {
  /** The principal narrowed to what identity holds now; 401 `token_revoked` when identity says inactive. */
  confirm(token: string, principal: Principal): Promise<Principal>;
}

export const tokenRevoked = (): AppError => unauthorized('Token has been revoked', 'token_revoked');

const identityUnavailable = () =>
  serviceUnavailable('Identity is unavailable; this token cannot be confirmed right now');

/**
 * Asks identity's `POST /api/auth/introspect` about a JWT (used while the revocation feed is out of reach, so
 * cached membership is not trusted). Identity's answer only narrows the token: orgs it still lists (with the
 * current role), entitlements and roles it still grants; nothing is widened. Answers are cached `ttlMs`.
 */
export function createTokenConfirmer(deps: {
  identityUrl: string;
  getServiceToken: () => Promise<string>;
  invalidateServiceToken?: () => void;
  fetch: FetchLike;
  clock: Clock;
  logger: AuthLogger;
  ttlMs: number;
  timeoutMs?: number;
}): TokenConfirmer {
  const { getServiceToken, invalidateServiceToken, fetch: fetchImpl, clock, logger, ttlMs, timeoutMs = 5_000 } = deps;
  const url = new URL('/api/auth/introspect', deps.identityUrl).toString();
  const cache = createTtlLruCache<Principal | null>({ maxEntries: 10_000, clock });
  const inFlight = new Map<string, Promise<Principal | null>>();

  const post = async (token: string): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        const serviceToken = await getServiceToken();
        res = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceToken}` },
          body: JSON.stringify({ token }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        if (err instanceof AppError) throw err;
        logger.error({ url, ...describeError(err) }, 'token confirmation failed: identity unreachable');
        throw identityUnavailable();
      }
      if (res.status === 401 && attempt === 0 && invalidateServiceToken) {
        await res.body?.cancel();
        invalidateServiceToken();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        logger.error({ url, status: res.status }, 'token confirmation refused by identity');
        throw identityUnavailable();
      }
      return res.json().catch(() => {
        throw identityUnavailable();
      });
    }
  };

  return {
    async confirm(token, principal) {
      const key = hashSecret(token);
      let answer = cache.get(key);
      if (answer === undefined) {
        let pending = inFlight.get(key);
        if (pending === undefined) {
          pending = post(token)
            .then((body) => narrow(principal, body))
            .finally(() => inFlight.delete(key));
          inFlight.set(key, pending);
          answer = await pending;
          cache.set(key, answer, clock() + ttlMs);
        } else {
          answer = await pending;
        }
      }
      if (answer === null) throw tokenRevoked();
      return answer;
    },
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** identity.md §4.10 answers: users carry `organizations`, `entitlements`, `roles`, `isSuperAdmin`; agents `orgId`, `capabilities`. */
export function narrow(principal: Principal, body: unknown): Principal | null {
  if (typeof body !== 'object' || body === null) throw identityUnavailable();
  const b = body as Record<string, unknown>;
  if (b.active !== true) return null;
  if (b.sub !== principal.id) return null;
  let orgs: OrgMembership[];
  let entitlements: string[];
  let roles: string[] = [];
  let isSuperAdmin = false;
  if (principal.type === 'user') {
    const current = new Map<string, string>();
    if (Array.isArray(b.organizations)) {
      for (const o of b.organizations as { id?: unknown; role?: unknown }[])
        if (typeof o?.id === 'string' && typeof o.role === 'string') current.set(o.id, o.role);
    }
    orgs = principal.orgs.filter((o) => current.has(o.id)).map((o) => ({ id: o.id, role: current.get(o.id)! }));
    const ents = new Set(strings(b.entitlements));
    entitlements = principal.entitlements.filter((e) => ents.has(e));
    const currentRoles = new Set(strings(b.roles));
    roles = principal.roles.filter((r) => currentRoles.has(r));
    isSuperAdmin = principal.isSuperAdmin && b.isSuperAdmin === true;
  } else {
    orgs = principal.orgs.filter((o) => o.id === b.orgId);
    const caps = new Set(strings(b.capabilities));
    entitlements = principal.entitlements.filter((e) => caps.has(e));
  }
  const orgId = principal.orgId !== null && orgs.some((o) => o.id === principal.orgId) ? principal.orgId : null;
  return freezePrincipal({ ...principal, orgs, orgId, entitlements, roles, isSuperAdmin });
}
