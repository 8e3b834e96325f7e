import { serviceUnavailable, unauthorized } from '@symbia/kit/errors';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { describeError, silentLogger, systemClock, type AuthLogger, type Clock, type FetchLike } from './logger.js';

export interface JwksKeyStoreOptions {
  jwksUrl: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: AuthLogger;
  /** Minimum time between refetches triggered by unknown `kid`s, so garbage kids cannot hammer identity. */
  cooldownMs?: number;
  /** Shorter wait before retrying after a failed fetch (identity restarting). */
  failureCooldownMs?: number;
  /** Keys older than this are refreshed in the background (picks up key removal). */
  maxAgeMs?: number;
  timeoutMs?: number;
}

export interface JwksKeyStore {
  /** The Ed25519 public key for `kid`; 401 when identity does not publish it, 503 when identity is unreachable. */
  getKey(kid: string | undefined): Promise<CryptoKey>;
}

type KeyMap = ReadonlyMap<string, CryptoKey>;

export function createJwksKeyStore(options: JwksKeyStoreOptions): JwksKeyStore {
  const {
    jwksUrl,
    fetch: fetchImpl = globalThis.fetch,
    clock = systemClock,
    logger = silentLogger,
    cooldownMs = 30_000,
    failureCooldownMs = 2_000,
    maxAgeMs = 10 * 60_000,
    timeoutMs = 5_000,
  } = options;

  let keys: KeyMap = new Map();
  let fetchedAtMs = Number.NEGATIVE_INFINITY;
  let lastAttemptMs = Number.NEGATIVE_INFINITY;
  let lastAttemptFailed = false;
  let lastUnknownKidRefreshMs = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | null = null;

  const fetchKeys = async (): Promise<KeyMap> => {
    const res = await fetchImpl(jwksUrl, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`JWKS endpoint answered ${res.status}`);
    const body = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS document has no keys array');
    const next = new Map<string, CryptoKey>();
    for (const jwk of body.keys as JWK[]) {
      if (!isUsableEd25519Key(jwk)) continue;
      try {
        next.set(jwk.kid, (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA')) as CryptoKey);
      } catch (err) {
        logger.warn({ kid: jwk.kid, ...describeError(err) }, 'skipping unusable JWKS key');
      }
    }
    return next;
  };

  const refresh = (reason: string): Promise<void> => {
    if (inFlight) return inFlight;
    lastAttemptMs = clock();
    inFlight = fetchKeys()
      .then((next) => {
        keys = next;
        fetchedAtMs = clock();
        lastAttemptFailed = false;
        logger.info({ jwksUrl, reason, keyCount: next.size }, 'JWKS refreshed');
      })
      .catch((err: unknown) => {
        lastAttemptFailed = true;
        logger.error({ jwksUrl, reason, ...describeError(err) }, 'JWKS fetch failed; identity unreachable?');
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const failureCooledDown = (now: number): boolean => !lastAttemptFailed || now - lastAttemptMs >= failureCooldownMs;

  // The cooldown counts from the last refetch an unknown kid caused, not from the last fetch: a key
  // rotated in right after a scheduled fetch is still picked up at once, and garbage kids cost at most
  // one request per cooldown.
  const mayRefetchForUnknownKid = (now: number): boolean => {
    if (!failureCooledDown(now)) return false;
    if (fetchedAtMs === Number.NEGATIVE_INFINITY) return true;
    return now - lastUnknownKidRefreshMs >= cooldownMs;
  };

  return {
    async getKey(kid) {
      if (kid === undefined || kid.length === 0) throw unauthorized('Invalid or expired token', 'invalid_token');
      const known = keys.get(kid);
      const now = clock();
      if (known) {
        // Stale keys keep verifying while the refresh runs: the hot path never waits on identity.
        if (now - fetchedAtMs >= maxAgeMs && failureCooledDown(now)) void refresh('max_age');
        return known;
      }
      if (inFlight) {
        await inFlight;
      } else if (mayRefetchForUnknownKid(now)) {
        const cold = fetchedAtMs === Number.NEGATIVE_INFINITY;
        if (!cold) lastUnknownKidRefreshMs = now;
        await refresh(cold ? 'initial' : 'unknown_kid');
      }
      const found = keys.get(kid);
      if (found) return found;
      // We cannot tell a forged kid from a new key while identity is down: that is its outage, not the caller's fault.
      if (lastAttemptFailed) throw serviceUnavailable('Identity keys are unavailable; try again shortly');
      throw unauthorized('Invalid or expired token', 'invalid_token');
    },
  };
}

function isUsableEd25519Key(jwk: JWK): jwk is JWK & { kid: string; kty: 'OKP'; crv: 'Ed25519'; x: string } {
  return (
    jwk !== null &&
    typeof jwk === 'object' &&
    jwk.kty === 'OKP' &&
    jwk.crv === 'Ed25519' &&
    typeof jwk.x === 'string' &&
    typeof jwk.kid === 'string' &&
    jwk.kid.length > 0 &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (jwk.alg === undefined || jwk.alg === 'EdDSA' || jwk.alg === 'Ed25519')
  );
}
