/**
 * Short-lived memory of sessions found active, so identity's own authenticated routes skip the session-row
 * lookup on most requests (STYLE 15: a TTL plus invalidation). A revocation made by this process forgets the
 * session at once; one made by another replica is seen here within `ttlMs` at most (identity.session.revoked
 * will also call `forget` once the relay delivers it). Only "active" is cached: a revoked session stays revoked.
 */
export interface SessionCache {
  isFresh(sessionId: string): boolean;
  /** Records a session just read as active from the database. */
  remember(sessionId: string): void;
  /** Called on revocation; a `remember` racing with it (a read that started before) is ignored for `ttlMs`. */
  forget(sessionId: string): void;
}

export function createSessionCache(options: {
  ttlMs: number;
  maxEntries?: number;
  clock?: () => number;
}): SessionCache {
  const { ttlMs, maxEntries = 50_000, clock = Date.now } = options;
  // Insertion order doubles as age order, so eviction drops the oldest entry.
  const entries = new Map<string, { active: boolean; until: number }>();
  const put = (sessionId: string, active: boolean) => {
    entries.delete(sessionId);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(sessionId, { active, until: clock() + ttlMs });
  };
  if (ttlMs <= 0) return { isFresh: () => false, remember: () => undefined, forget: () => undefined };
  return {
    isFresh(sessionId) {
      const entry = entries.get(sessionId);
      return entry !== undefined && entry.active && entry.until > clock();
    },
    remember(sessionId) {
      const entry = entries.get(sessionId);
      if (entry && !entry.active && entry.until > clock()) return;
      put(sessionId, true);
    },
    forget(sessionId) {
      put(sessionId, false);
    },
  };
}
