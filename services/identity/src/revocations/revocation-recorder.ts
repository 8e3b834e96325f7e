import type { Db } from '../db/db.js';
import type { NewRevocation, RevocationKind, RevocationStore } from './revocation.store.js';

/**
 * What identity calls when it revokes something other services may have cached (DESIGN §6). Each call adds
 * rows to the revocation feed; `tx` lets a use case commit the row together with the change it announces.
 */
export interface RevocationRecorder {
  /** Logout, session revoke, logout-all, password change and reset, refresh-token reuse. */
  sessions(sessionIds: readonly string[], tx?: Db): Promise<void>;
  /** Every token of this user or agent issued before now is stale (deletion, role or entitlement change). */
  subject(subjectId: string, tx?: Db): Promise<void>;
  /** Tokens of this user issued before now no longer carry membership of `orgId`. */
  membership(userId: string, orgId: string, tx?: Db): Promise<void>;
  /** API key revoked, rotated or deleted: cached introspections of it are dropped. */
  apiKey(keyId: string, tx?: Db): Promise<void>;
}

export function createRevocationRecorder(deps: {
  store: RevocationStore;
  accessTokenTtlSeconds: number;
  clock?: () => number;
}): RevocationRecorder {
  const { store, accessTokenTtlSeconds, clock = Date.now } = deps;
  // Verifiers accept 5 s of clock skew past `exp`; a minute of margin covers that and slow clocks.
  const keepMs = (accessTokenTtlSeconds + 60) * 1000;

  const record = (kind: RevocationKind, subjectIds: readonly string[], orgId: string | null, tx?: Db) => {
    const now = clock();
    const rows: NewRevocation[] = subjectIds.map((subjectId) => ({
      kind,
      subjectId,
      orgId,
      at: new Date(now),
      expiresAt: new Date(now + keepMs),
    }));
    return store.insert(rows, tx);
  };

  return {
    sessions: (ids, tx) => record('session', ids, null, tx),
    subject: (id, tx) => record('user', [id], null, tx),
    membership: (userId, orgId, tx) => record('membership', [userId], orgId, tx),
    apiKey: (keyId, tx) => record('api_key', [keyId], null, tx),
  };
}
