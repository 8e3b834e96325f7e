import { systemClock, type Clock } from './logger.js';

/** The network event identity publishes on logout, password change, deletion and key revocation (DESIGN §6). */
export const SESSION_REVOKED_EVENT = 'identity.session.revoked';

export interface SessionRevokedEvent {
  type: typeof SESSION_REVOKED_EVENT;
  /** `exp`: epoch seconds after which no access token of that session can be valid anyway. */
  data: { sid: string; exp: number };
}

/**
 * Sessions that must be refused although their access tokens still verify. Entries live until `until`
 * (the last moment a token of that session could be valid), so the list stays as small as the number
 * of sessions revoked in the last token lifetime (15 minutes).
 *
 * Per-process: each replica must receive the events itself. Feeding `ingest` from the network relay's
 * `identity.session.revoked` subscription is wired by the service once `@symbia/relay` exists.
 */
export interface RevocationList {
  revoke(sessionId: string, untilEpochSeconds: number): void;
  isRevoked(sessionId: string): boolean;
  /** Applies a network event; returns false (and changes nothing) for other types or malformed events. */
  ingest(event: unknown): boolean;
  size(): number;
}

const PRUNE_INTERVAL_MS = 60_000;

export function createRevocationList({ clock = systemClock }: { clock?: Clock } = {}): RevocationList {
  const untilMsBySession = new Map<string, number>();
  let lastPruneMs = clock();

  // Lazy pruning instead of a timer: nothing to unref or stop, and no work when nothing is revoked.
  const pruneIfDue = (now: number): void => {
    if (now - lastPruneMs < PRUNE_INTERVAL_MS) return;
    lastPruneMs = now;
    for (const [sid, untilMs] of untilMsBySession) if (untilMs <= now) untilMsBySession.delete(sid);
  };

  const revoke = (sessionId: string, untilEpochSeconds: number): void => {
    if (typeof sessionId !== 'string' || sessionId.length === 0) throw new TypeError('sessionId must be a non-empty string');
    if (!Number.isFinite(untilEpochSeconds)) throw new TypeError('untilEpochSeconds must be a finite number');
    const now = clock();
    pruneIfDue(now);
    const untilMs = untilEpochSeconds * 1000;
    if (untilMs <= now) return;
    // Two events for one session (logout, then user deletion) keep the later horizon.
    const current = untilMsBySession.get(sessionId);
    if (current === undefined || current < untilMs) untilMsBySession.set(sessionId, untilMs);
  };

  return {
    revoke,
    isRevoked(sessionId) {
      const untilMs = untilMsBySession.get(sessionId);
      if (untilMs === undefined) return false;
      if (untilMs > clock()) return true;
      untilMsBySession.delete(sessionId);
      return false;
    },
    ingest(event) {
      if (!isSessionRevokedEvent(event)) return false;
      revoke(event.data.sid, event.data.exp);
      return true;
    },
    size() {
      const now = clock();
      for (const [sid, untilMs] of untilMsBySession) if (untilMs <= now) untilMsBySession.delete(sid);
      lastPruneMs = now;
      return untilMsBySession.size;
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
