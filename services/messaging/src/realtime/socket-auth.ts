import {
  API_KEY_SCOPE_MISSING,
  apiKeyAllows,
  authenticateHandshake as verifyHandshake,
  HandshakeError,
  type CredentialAuthenticator,
  type Principal,
} from '@symbia/auth';
import type { IncomingHttpHeaders } from 'node:http';

export { handshakeCredentials, HandshakeError } from '@symbia/auth';

/** API-key scopes of the socket (DESIGN §6): opening one reads, posting over it writes. */
export const MESSAGING_READ = 'messaging:read';
export const MESSAGING_WRITE = 'messaging:write';

/** The bare bearer JWT of a handshake, kept only for the assistants webhook (never on socket.data, which replicas share). */
export function bearerOf(credentials: IncomingHttpHeaders): string | null {
  const match = /^Bearer +(\S+)$/i.exec(credentials.authorization ?? '');
  return match?.[1] && !match[1].startsWith('sk_') ? match[1] : null;
}

/**
 * Authenticates a handshake like a REST request (`@symbia/auth`). Every refusal reads "Authentication required"
 * (§7), except identity being unreachable, which the client should retry rather than treat as a bad credential.
 */
export async function authenticateHandshake(
  authenticator: CredentialAuthenticator,
  credentials: IncomingHttpHeaders,
): Promise<Principal> {
  const principal = await verifyHandshake(authenticator, credentials);
  if (principal === null) throw new HandshakeError('Authentication required', { code: 'authentication_required' });
  if (principal.type === 'service')
    throw new HandshakeError('Service principals cannot open a socket', { code: 'service_principal_not_allowed' });
  // DESIGN §6: a socket reads the conversations of its principal, so an API key needs messaging:read to open one.
  if (!apiKeyAllows(principal, MESSAGING_READ))
    throw new HandshakeError(`This API key lacks the ${MESSAGING_READ} scope`, { code: API_KEY_SCOPE_MISSING });
  return principal;
}
