import type { RevocationList } from '../revocation-list.js';

export type RevocationKind = 'session' | 'user' | 'membership' | 'api_key';

/** One entry of identity's revocation feed (`GET /api/internal/revocations`, the SSE stream's `data`). */
export interface RevocationEvent {
  /** Decimal bigint; resume with `?after=<cursor>`. */
  cursor: string;
  kind: RevocationKind;
  /** Session id, user or agent id (user, membership), or API-key id. */
  subjectId: string;
  /** The org left (membership); null otherwise. */
  orgId: string | null;
  /** ISO-8601: credentials issued (or cached) before this moment are concerned. */
  at: string;
  /** ISO-8601: no concerned credential can be valid after this. */
  expiresAt: string;
}

const kinds: ReadonlySet<string> = new Set<RevocationKind>(['session', 'user', 'membership', 'api_key']);
const CURSOR = /^\d{1,19}$/;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('\n');

/** The event, or null when it breaks the contract (the follower logs and skips it). */
export function parseRevocationEvent(value: unknown): RevocationEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (
    typeof v.cursor !== 'string' ||
    !CURSOR.test(v.cursor) ||
    typeof v.kind !== 'string' ||
    !kinds.has(v.kind) ||
    !isId(v.subjectId)
  )
    return null;
  if (v.kind === 'membership' ? !isId(v.orgId) : v.orgId !== null && v.orgId !== undefined) return null;
  if (
    typeof v.at !== 'string' ||
    typeof v.expiresAt !== 'string' ||
    Number.isNaN(Date.parse(v.at)) ||
    Number.isNaN(Date.parse(v.expiresAt))
  )
    return null;
  return {
    cursor: v.cursor,
    kind: v.kind as RevocationKind,
    subjectId: v.subjectId,
    orgId: typeof v.orgId === 'string' ? v.orgId : null,
    at: v.at,
    expiresAt: v.expiresAt,
  };
}

/** Applies one feed entry to the process's revocation list (idempotent: replays after a reconnect are harmless). */
export function applyRevocation(list: RevocationList, event: RevocationEvent): void {
  const atMs = Date.parse(event.at);
  const untilMs = Date.parse(event.expiresAt);
  switch (event.kind) {
    case 'session':
      list.revoke(event.subjectId, Math.ceil(untilMs / 1000));
      break;
    case 'user':
      list.revokeSubject(event.subjectId, atMs, untilMs);
      break;
    case 'membership':
      list.revokeMembership(event.subjectId, event.orgId!, atMs, untilMs);
      break;
    case 'api_key':
      list.revokeApiKey(event.subjectId, atMs, untilMs);
      break;
  }
}
