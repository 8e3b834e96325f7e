import { isAppError } from '@symbia/kit/errors';
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialAuthenticator } from '../credentials/credential-authenticator.js';
import type { Principal } from '../principal.js';

/**
 * What a Socket.IO client presented in its handshake, as request headers for `CredentialAuthenticator`:
 * `auth.token`, then `auth.apiKey`, then the Authorization / X-API-Key / Cookie headers (messaging.md §3,
 * network.md §12.3).
 */
export function handshakeCredentials(auth: unknown, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const given = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>) : {};
  if (typeof given.token === 'string' && given.token.trim() !== '') {
    // Clients sometimes pass the header value; the bare token is what we verify (messaging W6).
    return { authorization: `Bearer ${given.token.trim().replace(/^Bearer\s+/i, '')}` };
  }
  if (typeof given.apiKey === 'string' && given.apiKey.trim() !== '') return { 'x-api-key': given.apiKey.trim() };
  const picked: IncomingHttpHeaders = {};
  if (headers.authorization !== undefined) picked.authorization = headers.authorization;
  if (headers['x-api-key'] !== undefined) picked['x-api-key'] = headers['x-api-key'];
  if (headers.cookie !== undefined) picked.cookie = headers.cookie;
  return picked;
}

/** A refused handshake; `data.code` reaches the client as `connect_error`'s `data`. */
export class HandshakeError extends Error {
  constructor(
    message: string,
    readonly data: { code: string },
  ) {
    super(message);
  }
}

/**
 * The handshake's principal, verified like a REST request (JWTs locally, API keys introspected once): null when no
 * credential was presented. A presented but invalid credential is a HandshakeError reading "Authentication
 * required"; identity being unreachable reads "Authentication service unavailable", which the client should retry
 * rather than treat as a bad credential.
 */
export async function authenticateHandshake(
  authenticator: CredentialAuthenticator,
  credentials: IncomingHttpHeaders,
): Promise<Principal | null> {
  try {
    return await authenticator.authenticate(credentials);
  } catch (error) {
    if (isAppError(error) && error.status >= 500)
      throw new HandshakeError('Authentication service unavailable', { code: error.code });
    throw new HandshakeError('Authentication required', { code: isAppError(error) ? error.code : 'invalid_token' });
  }
}

/** The Socket.IO `next(error)` value for a refusal: the client reads `error.message` and `error.data.code`. */
export function handshakeRefusal(error: unknown): Error & { data: { code: string } } {
  const refusal =
    error instanceof HandshakeError
      ? error
      : new HandshakeError('Authentication required', { code: 'authentication_required' });
  return Object.assign(new Error(refusal.message), { data: refusal.data });
}
