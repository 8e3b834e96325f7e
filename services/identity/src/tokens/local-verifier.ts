import { createJwtVerifier, type JwtVerifier } from '@symbia/auth';
import { unauthorized } from '@symbia/kit/errors';
import type { KeyRing } from './key-ring.js';

/**
 * Identity verifies its own tokens with the same @symbia/auth verifier other services use, fed from the
 * key ring in process (no HTTP to itself), and then checks the session row: identity is the source of
 * truth for revocation (W5), so logout answers 401 here at once, whichever replica handled it.
 */
export function createLocalVerifier(deps: {
  keyRing: KeyRing;
  issuer: string;
  audience: string;
  isSessionActive: (sessionId: string) => Promise<boolean>;
}): JwtVerifier {
  const jwksFetch: typeof fetch = async () => Response.json(await deps.keyRing.jwks());
  const verifier = createJwtVerifier({
    jwksUrl: 'http://identity.local/.well-known/jwks.json',
    issuer: deps.issuer,
    audience: deps.audience,
    fetch: jwksFetch,
    // Local and cheap: a new kid after a rotation is picked up at once.
    jwksCooldownMs: 0,
  });
  return {
    async verify(token) {
      const principal = await verifier.verify(token);
      if (principal.sessionId !== null && !(await deps.isSessionActive(principal.sessionId))) {
        throw unauthorized('Invalid or expired token', 'invalid_token');
      }
      return principal;
    },
  };
}
