import { API_KEY_SCOPE_MISSING, apiKeyAllows, type CredentialAuthenticator, type Principal } from '@symbia/auth';
import { isAppError } from '@symbia/kit/errors';
import type { IncomingHttpHeaders } from 'node:http';

/** API-key scopes of the socket (DESIGN §6): opening one reads, posting over it writes. */
export const MESSAGING_READ = 'messaging:read';
export const MESSAGING_WRITE = 'messaging:write';

/** What the client presented in the handshake, in messaging.md §3 order: auth.token, auth.apiKey, then headers/cookies. */
export function handshakeCredentials(auth: unknown, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const given = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>) : {};
  if (typeof given.token === 'string' && given.token.trim() !== '') {
    // Clients sometimes pass the header value; the bare token is what we verify (W6).
    return { authorization: `Bearer ${given.token.trim().replace(/^Bearer\s+/i, '')}` };
  }
  if (typeof given.apiKey === 'string' && given.apiKey.trim() !== '') return { 'x-api-key': given.apiKey.trim() };
  const picked: IncomingHttpHeaders = {};
  if (headers.authorization !== undefined) picked.authorization = headers.authorization;
  if (headers['x-api-key'] !== undefined) picked['x-api-key'] = headers['x-api-key'];
  if (headers.cookie !== undefined) picked.cookie = headers.cookie;
  return picked;
}

/** The bare bearer JWT of a handshake, kept only for the assistants webhook (never on socket.data, which replicas share). */
export function bearerOf(credentials: IncomingHttpHeaders): string | null {
  const match = /^Bearer +(\S+)$/i.exec(credentials.authorization ?? '');
  return match?.[1] && !match[1].startsWith('sk_') ? match[1] : null;
}

export class HandshakeError extends Error {
  constructor(
    message: string,
    readonly data: { code: string },
  ) {
    super(message);
  }
}

/**
 * Authenticates a handshake like a REST request. Every refusal reads "Authentication required" (§7), except
 * identity being unreachable, which the client should retry rather than treat as a bad credential.
 */
export async function authenticateHandshake(
  authenticator: CredentialAuthenticator,
  credentials: IncomingHttpHeaders,
): Promise<Principal> {
  let principal: Principal | null;
  try {
    principal = await authenticator.authenticate(credentials);
  } catch (error) {
    if (isAppError(error) && error.status >= 500)
      throw new HandshakeError('Authentication service unavailable', { code: error.code });
    throw new HandshakeError('Authentication required', { code: isAppError(error) ? error.code : 'invalid_token' });
  }
  if (principal === null) throw new HandshakeError('Authentication required', { code: 'authentication_required' });
  if (principal.type === 'service')
    throw new HandshakeError('Service principals cannot open a socket', { code: 'service_principal_not_allowed' });
  // DESIGN §6: a socket reads the conversations of its principal, so an API key needs messaging:read to open one.
  if (!apiKeyAllows(principal, MESSAGING_READ))
    throw new HandshakeError(`This API key lacks the ${MESSAGING_READ} scope`, { code: API_KEY_SCOPE_MISSING });
  return principal;
}
