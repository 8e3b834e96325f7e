import { SESSION_REVOKED_EVENT } from '@symbia/auth';
import type { RevocationEvent } from '../revocations/revocation-feed.js';

/** The network event types of identity's revocation feed kinds (network issue: every kind, for any subscriber). */
export const revocationEventTypes = {
  session: SESSION_REVOKED_EVENT,
  user: 'identity.user.revoked',
  membership: 'identity.membership.revoked',
  api_key: 'identity.api_key.revoked',
} as const satisfies Record<RevocationEvent['kind'], string>;

/** What identity's contracts to the platform services allow (network.md §3.2 `prefix.*`). */
export const IDENTITY_EVENT_PATTERN = 'identity.*';

/**
 * One feed entry as a network event. `data` is the feed entry itself (so `@symbia/auth`'s parseRevocationEvent and
 * applyRevocation accept it, and `cursor` lets a subscriber drop the copy another identity replica published),
 * plus `sid`/`exp` on sessions, the shape `RevocationList.ingest` has always read (DESIGN §6).
 */
export function toNetworkEvent(event: RevocationEvent): { type: string; data: Record<string, unknown> } {
  const data: Record<string, unknown> = { ...event };
  if (event.kind === 'session') {
    data.sid = event.subjectId;
    data.exp = Math.ceil(Date.parse(event.expiresAt) / 1000);
  }
  return { type: revocationEventTypes[event.kind], data };
}
