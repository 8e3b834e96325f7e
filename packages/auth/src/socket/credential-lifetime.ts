import type { Principal } from '../principal.js';
import type { RevocationEvent } from '../revocations/revocation-event.js';

// setTimeout's ceiling; a credential living longer than this is simply not timed out.
const MAX_TIMER_MS = 2_147_483_647;

/** Whether a revocation concerns the credential a long-lived connection (a socket) opened with (DESIGN §6). */
export function revocationConcerns(event: RevocationEvent, principal: Principal): boolean {
  switch (event.kind) {
    case 'session':
      return principal.sessionId === event.subjectId;
    case 'user':
      return principal.id === event.subjectId;
    case 'membership':
      return principal.id === event.subjectId && principal.orgs.some((o) => o.id === event.orgId);
    case 'api_key':
      return principal.apiKeyId === event.subjectId;
  }
}

/**
 * Calls `onExpired` when the principal's credential expires (JWT `exp`), so a socket lives no longer than the
 * credential it opened with. Returns a cancel function; the timer never holds the process open.
 */
export function onCredentialExpiry(principal: Principal, onExpired: () => void, now = Date.now): () => void {
  if (principal.expiresAt === undefined) return () => undefined;
  const ms = principal.expiresAt * 1000 - now();
  if (ms > MAX_TIMER_MS) return () => undefined;
  const timer = setTimeout(onExpired, Math.max(0, ms));
  timer.unref();
  return () => clearTimeout(timer);
}
