import { AppError, unauthorized } from '@symbia/kit/errors';
import { jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { claimsToPrincipal, parseAccessTokenClaims } from './claims.js';
import { hashSecret } from './hash-secret.js';
import { createJwksKeyStore } from './jwks-key-store.js';
import { systemClock, type AuthLogger, type Clock, type FetchLike } from './logger.js';
import type { Principal } from './principal.js';
import type { RevocationList } from './revocation-list.js';
import { createTtlLruCache } from './ttl-lru-cache.js';

export interface JwtVerifierOptions {
  /** Identity's `/.well-known/jwks.json`. */
  jwksUrl: string;
  issuer: string;
  /** The audience this service accepts (identity mints for the platform audience). */
  audience: string | string[];
  fetch?: FetchLike;
  clock?: Clock;
  logger?: AuthLogger;
  /** Verified tokens kept in memory (LRU); default 10 000. */
  cacheSize?: number;
  /** Checked on every verify, cached or not, so a revoked session is refused at once. */
  revocations?: Pick<RevocationList, 'isRevoked'>;
  /** Allowed clock skew against identity, in seconds; default 5. */
  clockToleranceSeconds?: number;
  /** JWKS refetch cooldown for unknown `kid`s; default 30 s. */
  jwksCooldownMs?: number;
}

export interface JwtVerifier {
  /** Resolves the token's principal, or throws a 401 AppError (503 when identity's keys are unreachable). */
  verify(token: string): Promise<Principal>;
}

// Access tokens are a few hundred bytes; anything this large is not ours and is not worth hashing.
const MAX_TOKEN_LENGTH = 8_192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const invalidToken = (): AppError => unauthorized('Invalid or expired token', 'invalid_token');

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const { issuer, audience, clock = systemClock, revocations, clockToleranceSeconds = 5 } = options;
  const keyStore = createJwksKeyStore({
    jwksUrl: options.jwksUrl,
    fetch: options.fetch,
    clock,
    logger: options.logger,
    cooldownMs: options.jwksCooldownMs,
  });
  const cache = createTtlLruCache<Principal>({ maxEntries: options.cacheSize ?? 10_000, clock });
  const getKey = (header: JWTHeaderParameters): Promise<CryptoKey> => keyStore.getKey(header.kid);

  const isRevoked = (principal: Principal): boolean =>
    principal.sessionId !== null && revocations !== undefined && revocations.isRevoked(principal.sessionId);

  const verifyUncached = async (token: string): Promise<Principal> => {
    let payload: unknown;
    try {
      // algorithms pins EdDSA before any key is resolved: `alg: none` and HS256 signed with the public key
      // (algorithm confusion) fail here without touching the JWKS.
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: ['EdDSA'],
        issuer,
        audience,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(clock()),
      }));
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw invalidToken();
    }
    try {
      return claimsToPrincipal(parseAccessTokenClaims(payload));
    } catch {
      throw invalidToken();
    }
  };

  return {
    async verify(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) throw invalidToken();
      const key = hashSecret(token);
      const cached = cache.get(key);
      if (cached !== undefined) {
        if (isRevoked(cached)) {
          cache.delete(key);
          throw invalidToken();
        }
        return cached;
      }
      const principal = await verifyUncached(token);
      if (isRevoked(principal)) throw invalidToken();
      // Cached until exp exactly: the clock tolerance only applies to a full verification.
      if (principal.expiresAt !== undefined) cache.set(key, principal, principal.expiresAt * 1000);
      return principal;
    },
  };
}
