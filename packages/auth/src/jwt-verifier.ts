import { AppError, unauthorized } from '@symbia/kit/errors';
import { jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { claimsToPrincipal, parseAccessTokenClaims } from './claims.js';
import { hashSecret } from './hash-secret.js';
import { createJwksKeyStore } from './jwks-key-store.js';
import { systemClock, type AuthLogger, type Clock, type FetchLike } from './logger.js';
import type { Principal } from './principal.js';
import type { RevocationList } from './revocation-list.js';
import type { RevocationFeedFollower } from './revocations/revocation-feed-follower.js';
import { tokenRevoked } from './revocations/token-confirmer.js';
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
  /**
   * Checked on every verify, cached or not, so a revoked session is refused at once. A full list (the
   * revocation feed follower's) also refuses tokens of revoked subjects and drops orgs their subject left.
   */
  revocations?: Pick<RevocationList, 'isRevoked'> & Partial<Pick<RevocationList, 'screen'>>;
  /** The revocation feed follower: while it is stale, user and agent tokens are confirmed with identity. */
  feed?: Pick<RevocationFeedFollower, 'isStale' | 'confirm'>;
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

interface Verified {
  principal: Principal;
  /** When identity minted the token (ms), for revocations recorded at a moment. */
  issuedAtMs: number;
}

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * `iat` has second precision; identity's `jti` is a UUIDv7 drawn right after it, whose first 48 bits are the
 * millisecond. Used when consistent with `iat`, so a token minted just after a revocation in the same second
 * is not refused; otherwise the start of the `iat` second (refusing, never trusting, in doubt).
 */
export function issuedAtMsOf(iat: number, jti: unknown): number {
  const floor = iat * 1000;
  const m = typeof jti === 'string' ? UUID_V7.exec(jti) : null;
  if (m === null) return floor;
  const ms = Number.parseInt(m[1]! + m[2]!, 16);
  return ms >= floor && ms < floor + 2_000 ? ms : floor;
}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const { issuer, audience, clock = systemClock, revocations, feed, clockToleranceSeconds = 5 } = options;
  const keyStore = createJwksKeyStore({
    jwksUrl: options.jwksUrl,
    fetch: options.fetch,
    clock,
    logger: options.logger,
    cooldownMs: options.jwksCooldownMs,
  });
  const cache = createTtlLruCache<Verified>({ maxEntries: options.cacheSize ?? 10_000, clock });
  const getKey = (header: JWTHeaderParameters): Promise<CryptoKey> => keyStore.getKey(header.kid);

  // The principal as it may be trusted now, or null when identity revoked it after the token was minted.
  const screen = ({ principal, issuedAtMs }: Verified): Principal | null => {
    if (revocations === undefined) return principal;
    if (revocations.screen !== undefined) return revocations.screen(principal, issuedAtMs);
    return principal.sessionId !== null && revocations.isRevoked(principal.sessionId) ? null : principal;
  };

  const verifyUncached = async (token: string): Promise<Verified> => {
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
      const claims = parseAccessTokenClaims(payload);
      return { principal: claimsToPrincipal(claims), issuedAtMs: issuedAtMsOf(claims.iat, claims.jti) };
    } catch {
      throw invalidToken();
    }
  };

  return {
    async verify(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) throw invalidToken();
      const key = hashSecret(token);
      let verified = cache.get(key);
      if (verified === undefined) {
        verified = await verifyUncached(token);
        // Cached until exp exactly: the clock tolerance only applies to a full verification.
        const { expiresAt } = verified.principal;
        if (expiresAt !== undefined) cache.set(key, verified, expiresAt * 1000);
      }
      const principal = screen(verified);
      if (principal === null) {
        cache.delete(key);
        throw tokenRevoked();
      }
      // Out of touch with the feed: membership and rights come from identity, not from the token (DESIGN §6).
      if (feed !== undefined && principal.type !== 'service' && feed.isStale()) return feed.confirm(token, principal);
      return principal;
    },
  };
}
