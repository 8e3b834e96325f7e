import { AppError, serviceUnavailable, unauthorized } from '@symbia/kit/errors';
import { hashSecret } from './hash-secret.js';
import { describeError, silentLogger, systemClock, type AuthLogger, type Clock, type FetchLike } from './logger.js';
import { freezePrincipal, type Principal } from './principal.js';
import type { RevocationList } from './revocation-list.js';
import type { RevocationFeedFollower } from './revocations/revocation-feed-follower.js';
import { createTtlLruCache } from './ttl-lru-cache.js';

export interface ApiKeyIntrospectorOptions {
  identityUrl: string;
  /** A service token proving this service to identity (see createServiceTokenClient). */
  getServiceToken: () => Promise<string>;
  /** Called when identity rejects our service token, so the next call fetches a fresh one. */
  invalidateServiceToken?: () => void;
  fetch?: FetchLike;
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  clock?: Clock;
  logger?: AuthLogger;
  cacheSize?: number;
  timeoutMs?: number;
  /** The revocation feed's list: a cached key revoked (or whose creator changed) since it was cached is asked again. */
  revocations?: Pick<RevocationList, 'changedSince'>;
  /** While the feed is stale, positive answers are not reused (negative ones still are). */
  feed?: Pick<RevocationFeedFollower, 'isStale'>;
}

export interface ApiKeyIntrospector {
  /** The key's principal; 401 for an unknown, revoked or expired key; 503 when identity cannot answer. */
  verify(apiKey: string): Promise<Principal>;
}

/** `POST {identityUrl}/api/auth/introspect` answer for an API key (the contract identity implements). */
export type ApiKeyIntrospection =
  | { active: false }
  | {
      active: true;
      typ: 'api_key';
      sub: string;
      sub_typ: 'user' | 'agent';
      key_id: string;
      org: string | null;
      scopes: string[];
      ent: string[];
      sa: false;
      name?: string;
      exp?: number;
    };

// DESIGN §6: keys are `sk_…`. Anything else is refused locally, so junk never reaches identity.
const API_KEY_SHAPE = /^sk_[A-Za-z0-9_-]{16,250}$/;

type CacheEntry = { principal: Principal; cachedAtMs: number } | { principal: null; cachedAtMs: number };

// Revocation times come from identity's clock, cache times from ours: a margin keeps a few seconds of skew safe.
const CLOCK_SKEW_MS = 5_000;

const invalidApiKey = (): AppError => unauthorized('Invalid API key', 'invalid_api_key');

export function createApiKeyIntrospector(options: ApiKeyIntrospectorOptions): ApiKeyIntrospector {
  const {
    identityUrl,
    getServiceToken,
    invalidateServiceToken,
    fetch: fetchImpl = globalThis.fetch,
    positiveTtlMs = 30_000,
    negativeTtlMs = 5_000,
    clock = systemClock,
    logger = silentLogger,
    timeoutMs = 5_000,
  } = options;
  const url = new URL('/api/auth/introspect', identityUrl).toString();
  const cache = createTtlLruCache<CacheEntry>({ maxEntries: options.cacheSize ?? 10_000, clock });
  // Concurrent requests with one key share one introspection.
  const inFlight = new Map<string, Promise<CacheEntry>>();

  const post = async (apiKey: string, serviceToken: string): Promise<Response> => {
    try {
      return await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceToken}` },
        body: JSON.stringify({ token: apiKey }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      logger.error({ url, ...describeError(err) }, 'API-key introspection failed: identity unreachable');
      throw identityUnavailable();
    }
  };

  const serviceToken = async (): Promise<string> => {
    try {
      return await getServiceToken();
    } catch (err) {
      if (err instanceof AppError) throw err;
      logger.error(describeError(err), 'API-key introspection: no service token');
      throw identityUnavailable();
    }
  };

  const introspect = async (apiKey: string): Promise<unknown> => {
    let res = await post(apiKey, await serviceToken());
    if (res.status === 401 && invalidateServiceToken) {
      // Identity restarted or our token was revoked: one retry with a fresh service token.
      await res.body?.cancel();
      invalidateServiceToken();
      res = await post(apiKey, await serviceToken());
    }
    if (!res.ok) {
      await res.body?.cancel();
      logger.error({ url, status: res.status }, 'API-key introspection refused by identity');
      throw identityUnavailable();
    }
    try {
      return await res.json();
    } catch {
      throw identityUnavailable();
    }
  };

  const resolve = async (apiKey: string, cachedAtMs: number): Promise<CacheEntry> => {
    const body = await introspect(apiKey);
    if (isInactive(body)) return { principal: null, cachedAtMs };
    const principal = toPrincipal(body);
    if (principal === null) {
      logger.error({ url }, 'API-key introspection answer does not match the contract');
      throw identityUnavailable();
    }
    return { principal, cachedAtMs };
  };

  const trusted = (entry: CacheEntry): boolean => {
    if (entry.principal === null) return true;
    if (options.feed?.isStale() === true) return false;
    return options.revocations?.changedSince(entry.principal, entry.cachedAtMs - CLOCK_SKEW_MS) !== true;
  };

  return {
    async verify(apiKey) {
      if (typeof apiKey !== 'string' || !API_KEY_SHAPE.test(apiKey)) throw invalidApiKey();
      const key = hashSecret(apiKey);
      let entry = cache.get(key);
      if (entry !== undefined && !trusted(entry)) {
        cache.delete(key);
        entry = undefined;
      }
      if (entry === undefined) {
        let pending = inFlight.get(key);
        if (pending === undefined) {
          const now = clock();
          pending = resolve(apiKey, now).finally(() => inFlight.delete(key));
          inFlight.set(key, pending);
          entry = await pending;
          cache.set(key, entry, expiryFor(entry, now, positiveTtlMs, negativeTtlMs));
        } else {
          entry = await pending;
        }
      }
      if (entry.principal === null) throw invalidApiKey();
      return entry.principal;
    },
  };
}

function expiryFor(entry: CacheEntry, now: number, positiveTtlMs: number, negativeTtlMs: number): number {
  if (entry.principal === null) return now + negativeTtlMs;
  const keyExpiryMs =
    entry.principal.expiresAt === undefined ? Number.POSITIVE_INFINITY : entry.principal.expiresAt * 1000;
  return Math.min(now + positiveTtlMs, keyExpiryMs);
}

function identityUnavailable(): AppError {
  return serviceUnavailable('Identity is unavailable; API keys cannot be verified right now');
}

function isInactive(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { active?: unknown }).active === false;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Validates an active answer; null when it breaks the contract (treated as identity failing, never as success). */
function toPrincipal(body: unknown): Principal | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (b.active !== true || b.typ !== 'api_key') return null;
  if (!isNonEmptyString(b.sub) || (b.sub_typ !== 'user' && b.sub_typ !== 'agent') || !isNonEmptyString(b.key_id))
    return null;
  if (b.org !== null && b.org !== undefined && !isNonEmptyString(b.org)) return null;
  if (!isStringArray(b.scopes) || !isStringArray(b.ent)) return null;
  if (b.exp !== undefined && (typeof b.exp !== 'number' || !Number.isFinite(b.exp))) return null;
  const org = typeof b.org === 'string' ? b.org : null;
  return freezePrincipal({
    type: b.sub_typ,
    id: b.sub,
    orgId: org,
    // identity W9: a key never carries org-admin rights, whatever its creator holds.
    orgs: org === null ? [] : [{ id: org, role: 'member' }],
    entitlements: [...b.ent],
    roles: [],
    isSuperAdmin: false,
    sessionId: null,
    via: 'api_key',
    apiKeyId: b.key_id,
    scopes: [...b.scopes],
    ...(typeof b.exp === 'number' && { expiresAt: b.exp }),
    ...(isNonEmptyString(b.name) && { name: b.name }),
  });
}
