import { systemClock, type Clock } from './logger.js';
import { freezePrincipal, type Principal } from './principal.js';

/** The network event identity publishes on logout, password change, deletion and key revocation (DESIGN §6). */
export const SESSION_REVOKED_EVENT = 'identity.session.revoked';

export interface SessionRevokedEvent {
  type: typeof SESSION_REVOKED_EVENT;
  /** `exp`: epoch seconds after which no access token of that session can be valid anyway. */
  data: { sid: string; exp: number };
}

/**
 * What identity revoked, as this process knows it (fed by the revocation feed follower, or by `ingest`):
 * - sessions: every token of the session is refused;
 * - subjects (users, agents): tokens issued before the revocation are refused (deletion, role or grant change);
 * - memberships: tokens of the user issued before it no longer carry that org;
 * - API keys: cached introspections older than the revocation are dropped.
 * Entries live until `until` (the last moment a credential they concern could be valid), so the list stays
 * as small as what was revoked in the last token lifetime (15 minutes). Per process: every replica follows
 * the feed itself.
 */
export interface RevocationList {
  revoke(sessionId: string, untilEpochSeconds: number): void;
  isRevoked(sessionId: string): boolean;
  revokeSubject(subjectId: string, atMs: number, untilMs: number): void;
  revokeMembership(subjectId: string, orgId: string, atMs: number, untilMs: number): void;
  revokeApiKey(keyId: string, atMs: number, untilMs: number): void;
  /**
   * A JWT principal as it may be trusted now: null when its session or subject was revoked after the token
   * was issued (`issuedAtMs`), a copy without the orgs it was removed from since, or the principal itself.
   */
  screen(principal: Principal, issuedAtMs: number): Principal | null;
  /** True when the API key, its creator or one of the creator's memberships was revoked after `sinceMs`. */
  changedSince(principal: Principal, sinceMs: number): boolean;
  /** Applies a network event; returns false (and changes nothing) for other types or malformed events. */
  ingest(event: unknown): boolean;
  size(): number;
}

const PRUNE_INTERVAL_MS = 60_000;

interface Horizon {
  atMs: number;
  untilMs: number;
}

export function createRevocationList({ clock = systemClock }: { clock?: Clock } = {}): RevocationList {
  const untilMsBySession = new Map<string, number>();
  const subjects = new Map<string, Horizon>();
  // Key: `${subjectId}\n${orgId}`; ids never contain a newline.
  const memberships = new Map<string, Horizon>();
  // Latest membership revocation per subject, so an API-key principal is checked with one lookup.
  const anyMembership = new Map<string, Horizon>();
  const apiKeys = new Map<string, Horizon>();
  const horizonMaps = [subjects, memberships, anyMembership, apiKeys];
  let lastPruneMs = clock();

  const pruneAll = (now: number): void => {
    lastPruneMs = now;
    for (const [sid, untilMs] of untilMsBySession) if (untilMs <= now) untilMsBySession.delete(sid);
    for (const map of horizonMaps) for (const [key, h] of map) if (h.untilMs <= now) map.delete(key);
  };
  // Lazy pruning instead of a timer: nothing to unref or stop, and no work when nothing is revoked.
  const pruneIfDue = (now: number): void => {
    if (now - lastPruneMs >= PRUNE_INTERVAL_MS) pruneAll(now);
  };

  const raise = (map: Map<string, Horizon>, key: string, atMs: number, untilMs: number): void => {
    if (!Number.isFinite(atMs) || !Number.isFinite(untilMs))
      throw new TypeError('revocation times must be finite numbers');
    const now = clock();
    pruneIfDue(now);
    if (untilMs <= now) return;
    // Two events for one subject keep the later of each bound.
    const current = map.get(key);
    map.set(
      key,
      current === undefined
        ? { atMs, untilMs }
        : { atMs: Math.max(current.atMs, atMs), untilMs: Math.max(current.untilMs, untilMs) },
    );
  };
  const revokedAfter = (map: Map<string, Horizon>, key: string, sinceMs: number): boolean => {
    const h = map.get(key);
    return h !== undefined && h.atMs > sinceMs && h.untilMs > clock();
  };

  const revoke = (sessionId: string, untilEpochSeconds: number): void => {
    if (typeof sessionId !== 'string' || sessionId.length === 0)
      throw new TypeError('sessionId must be a non-empty string');
    if (!Number.isFinite(untilEpochSeconds)) throw new TypeError('untilEpochSeconds must be a finite number');
    const now = clock();
    pruneIfDue(now);
    const untilMs = untilEpochSeconds * 1000;
    if (untilMs <= now) return;
    const current = untilMsBySession.get(sessionId);
    if (current === undefined || current < untilMs) untilMsBySession.set(sessionId, untilMs);
  };
  const isRevoked = (sessionId: string): boolean => {
    const untilMs = untilMsBySession.get(sessionId);
    if (untilMs === undefined) return false;
    if (untilMs > clock()) return true;
    untilMsBySession.delete(sessionId);
    return false;
  };

  return {
    revoke,
    isRevoked,
    revokeSubject: (subjectId, atMs, untilMs) => raise(subjects, subjectId, atMs, untilMs),
    revokeMembership(subjectId, orgId, atMs, untilMs) {
      raise(memberships, `${subjectId}\n${orgId}`, atMs, untilMs);
      raise(anyMembership, subjectId, atMs, untilMs);
    },
    revokeApiKey: (keyId, atMs, untilMs) => raise(apiKeys, keyId, atMs, untilMs),
    screen(principal, issuedAtMs) {
      if (principal.sessionId !== null && untilMsBySession.size > 0 && isRevoked(principal.sessionId)) return null;
      if (subjects.size > 0 && revokedAfter(subjects, principal.id, issuedAtMs)) return null;
      if (!revokedAfter(anyMembership, principal.id, issuedAtMs)) return principal;
      const orgs = principal.orgs.filter((o) => !revokedAfter(memberships, `${principal.id}\n${o.id}`, issuedAtMs));
      const orgIdLeft =
        principal.orgId !== null && revokedAfter(memberships, `${principal.id}\n${principal.orgId}`, issuedAtMs);
      if (orgs.length === principal.orgs.length && !orgIdLeft) return principal;
      return freezePrincipal({ ...principal, orgs, orgId: orgIdLeft ? null : principal.orgId });
    },
    changedSince(principal, sinceMs) {
      return (
        (principal.apiKeyId !== undefined && revokedAfter(apiKeys, principal.apiKeyId, sinceMs)) ||
        revokedAfter(subjects, principal.id, sinceMs) ||
        revokedAfter(anyMembership, principal.id, sinceMs)
      );
    },
    ingest(event) {
      if (!isSessionRevokedEvent(event)) return false;
      revoke(event.data.sid, event.data.exp);
      return true;
    },
    size() {
      pruneAll(clock());
      return untilMsBySession.size + subjects.size + memberships.size + apiKeys.size;
    },
  };
}

export function isSessionRevokedEvent(event: unknown): event is SessionRevokedEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { type, data } = event as { type?: unknown; data?: unknown };
  if (type !== SESSION_REVOKED_EVENT || typeof data !== 'object' || data === null) return false;
  const { sid, exp } = data as { sid?: unknown; exp?: unknown };
  return typeof sid === 'string' && sid.length > 0 && typeof exp === 'number' && Number.isFinite(exp);
}
