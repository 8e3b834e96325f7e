import type { Principal } from '@symbia/auth';
import type { RateLimitStore } from './rate-limit.store.js';

/** catalog.md §7: W write, R read/search, U upload. */
export const rateLimitBuckets = ['write', 'search', 'upload'] as const;
export type RateLimitBucket = (typeof rateLimitBuckets)[number];

export interface RateLimitSettings {
  /** RATE_LIMIT_ENABLED (W15: honoured, not ignored). */
  enabled: boolean;
  windowMs: number;
  limits: Record<RateLimitBucket, number>;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetsAt: Date;
}

export interface RateLimiter {
  readonly settings: RateLimitSettings;
  /** null when nothing is limited for this caller (limits off, or a platform service). */
  check(
    bucket: RateLimitBucket,
    caller: { principal: Principal | null; ip: string },
  ): Promise<RateLimitDecision | null>;
}

/** Share of hits that also prune ended windows, so the table stays as small as the set of recent callers. */
const PRUNE_SHARE = 0.01;

/**
 * Per-caller fixed windows (catalog.md §7): keyed by principal when there is one, else by the socket
 * address (forwarded-for headers are never trusted). Platform services are not limited: their calls are
 * other services' work, and throttling them would fail requests of many users at once.
 */
export function createRateLimiter(deps: {
  store: RateLimitStore;
  settings: RateLimitSettings;
  random?: () => number;
}): RateLimiter {
  const { store, settings, random = Math.random } = deps;
  return {
    settings,
    async check(bucket, { principal, ip }) {
      if (!settings.enabled || principal?.type === 'service') return null;
      const subject = principal ? `${principal.type}:${principal.id}` : `ip:${ip}`;
      const limit = settings.limits[bucket];
      const { hits, resetsAt } = await store.hit(`${bucket}:${subject}`, settings.windowMs);
      if (random() < PRUNE_SHARE) await store.pruneEndedBefore(new Date(Date.now() - settings.windowMs));
      return { allowed: hits <= limit, limit, remaining: Math.max(0, limit - hits), resetsAt };
    },
  };
}
