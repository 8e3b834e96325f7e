import { unauthorized } from '@symbia/kit/errors';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyIntrospector } from '../api-key-introspector.js';
import type { JwtVerifier } from '../jwt-verifier.js';
import type { Principal } from '../principal.js';
import type { RevocationList } from '../revocation-list.js';
import { readCredential } from './credential-reader.js';

export interface CredentialAuthenticatorOptions {
  verifier: JwtVerifier;
  /** Without it, API keys are refused with 401. */
  apiKeys?: ApiKeyIntrospector;
  /** Checked here as well, so a verifier built without one still honours revocations. */
  revocations?: Pick<RevocationList, 'isRevoked'>;
  /** Cookie holding the access JWT for browsers; default `token` (identity.md §4.4). */
  cookieName?: string;
}

export interface CredentialAuthenticator {
  /** null without credentials; 401 AppError for a presented but invalid one; 503 when identity is needed and down. */
  authenticate(headers: IncomingHttpHeaders): Promise<Principal | null>;
}

/**
 * Framework-free credential resolution over request headers: the Fastify plugin uses it, and so can a
 * Socket.IO handshake (`socket.handshake.headers`).
 */
export function createCredentialAuthenticator(options: CredentialAuthenticatorOptions): CredentialAuthenticator {
  const { verifier, apiKeys, revocations, cookieName = 'token' } = options;

  const verify = (value: string, isApiKey: boolean): Promise<Principal> => {
    if (!isApiKey) return verifier.verify(value);
    if (apiKeys === undefined) return Promise.reject(unauthorized('API keys are not accepted here', 'invalid_api_key'));
    return apiKeys.verify(value);
  };

  return {
    async authenticate(headers) {
      const credential = readCredential(headers, cookieName);
      if (credential === null) return null;
      // Clients that only know "Authorization: Bearer" may send an API key there (`sk_` cannot start a JWT).
      const isApiKey =
        credential.source === 'api_key' || (credential.source === 'bearer' && credential.value.startsWith('sk_'));
      const principal = await verify(credential.value, isApiKey);
      if (principal.sessionId !== null && revocations?.isRevoked(principal.sessionId) === true) {
        throw unauthorized('Invalid or expired token', 'invalid_token');
      }
      return principal;
    },
  };
}
