import type { RateWindowStore } from './rate-window.store.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** One request of `scope` against `limit` per window; `limit` 0 means unlimited. */
  take(scope: string, limit: number): Promise<RateDecision>;
}

interface Lease {
  window: number;
  available: number;
}

/**
 * Fixed windows counted in PostgreSQL, so N replicas share one budget (STYLE 15). To keep the hot path off the
 * database, a replica claims a small lease of slots at a time and spends it locally: at most one round trip per
 * lease, and the global count can never pass the limit. Slots a replica leased but did not use are lost when the
 * window ends, so under many replicas the effective limit can be slightly lower, never higher.
 */
export function createRateLimiter(deps: {
  store: RateWindowStore;
  windowMs: number;
  clock?: () => number;
  onPruneError?: (err: unknown) => void;
}): RateLimiter {
  const { store, windowMs, clock = Date.now } = deps;
  const leases = new Map<string, Lease>();
  const claiming = new Map<string, Promise<void>>();
  let lastPrunedWindow = 0;

  const leaseSize = (limit: number) => Math.max(1, Math.min(25, Math.floor(limit / 20)));

  const claim = (scope: string, window: number, limit: number): Promise<void> => {
    let pending = claiming.get(scope);
    if (!pending) {
      pending = store
        .claim(scope, window * windowMs, leaseSize(limit), limit)
        .then((granted) => {
          const lease = leases.get(scope);
          const left = lease && lease.window === window ? Math.max(lease.available, 0) : 0;
          leases.set(scope, { window, available: granted === 0 ? -1 : left + granted });
        })
        .finally(() => claiming.delete(scope));
      claiming.set(scope, pending);
    }
    return pending;
  };

  const prune = (window: number) => {
    if (window <= lastPrunedWindow) return;
    lastPrunedWindow = window;
    for (const [scope, lease] of leases) if (lease.window < window) leases.delete(scope);
    store.prune((window - 1) * windowMs).catch((err) => deps.onPruneError?.(err));
  };

  return {
    async take(scope, limit) {
      if (limit <= 0) return { allowed: true };
      // Ends: every claim either grants at least one slot or marks the window full.
      for (;;) {
        const now = clock();
        const window = Math.floor(now / windowMs);
        prune(window);
        const lease = leases.get(scope);
        if (lease && lease.window === window) {
          // -1 marks a window the database reported full: no round trip until the next window.
          if (lease.available === -1)
            return {
              allowed: false,
              retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)),
            };
          if (lease.available > 0) {
            lease.available -= 1;
            return { allowed: true };
          }
        }
        await claim(scope, window, limit);
      }
    },
  };
}
