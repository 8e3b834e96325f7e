import { serviceUnavailable } from '@symbia/kit/errors';
import { describeError, silentLogger, systemClock, type AuthLogger, type Clock, type FetchLike } from './logger.js';
import { SERVICE_TOKEN_PATH, signServiceTokenRequest } from './service-token.js';

export interface ServiceTokenClientOptions {
  identityUrl: string;
  serviceId: string;
  /** INTERNAL_SERVICE_SECRET; only ever used as an HMAC key, never sent. */
  secret: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: AuthLogger;
  /** Attempts per renewal before giving up with a 503; default 5 (about 4 s of backoff in all). */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ServiceTokenClient {
  /** A valid service JWT for `Authorization: Bearer`; throws a 503 AppError when identity cannot issue one. */
  getToken(): Promise<string>;
  /** Drops the cached token, e.g. after a peer answered 401 to it. */
  invalidate(): void;
}

interface CachedToken {
  token: string;
  expiresAtMs: number;
  renewAtMs: number;
}

/** Identity said no (bad secret, clock skew, unknown service): retrying cannot help. */
class RejectedError extends Error {}

// A token this close to expiry is not handed out: the peer might see it expired.
const EXPIRY_SAFETY_MS = 5_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createServiceTokenClient(options: ServiceTokenClientOptions): ServiceTokenClient {
  const {
    identityUrl,
    serviceId,
    secret,
    fetch: fetchImpl = globalThis.fetch,
    clock = systemClock,
    logger = silentLogger,
    maxAttempts = 5,
    initialBackoffMs = 250,
    maxBackoffMs = 2_000,
    timeoutMs = 5_000,
    sleep = defaultSleep,
  } = options;
  const url = new URL(SERVICE_TOKEN_PATH, identityUrl).toString();
  let current: CachedToken | null = null;
  let inFlight: Promise<CachedToken> | null = null;

  const requestOnce = async (): Promise<CachedToken> => {
    const body = signServiceTokenRequest({ serviceId, secret, now: clock() });
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 400 || res.status === 401 || res.status === 403)
        throw new RejectedError(`identity answered ${res.status}`);
      throw new Error(`identity answered ${res.status}`);
    }
    const payload = (await res.json()) as { token?: unknown; expiresAt?: unknown };
    const expiresAtMs = typeof payload.expiresAt === 'string' ? Date.parse(payload.expiresAt) : Number.NaN;
    const now = clock();
    if (typeof payload.token !== 'string' || payload.token.length === 0 || !(expiresAtMs > now)) {
      throw new Error('identity answered a malformed service token');
    }
    // Renew when 20% of the lifetime (at least 60 s, at most half of it) remains.
    const lifetime = expiresAtMs - now;
    const renewBefore = Math.min(Math.max(lifetime * 0.2, 60_000), lifetime / 2);
    return { token: payload.token, expiresAtMs, renewAtMs: expiresAtMs - renewBefore };
  };

  const requestWithRetry = async (): Promise<CachedToken> => {
    let backoff = initialBackoffMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const token = await requestOnce();
        logger.info({ serviceId, expiresAt: new Date(token.expiresAtMs).toISOString() }, 'service token obtained');
        return token;
      } catch (err) {
        if (err instanceof RejectedError) {
          logger.error(
            { serviceId, url, ...describeError(err) },
            'identity rejected the service-token request; check INTERNAL_SERVICE_SECRET and clock',
          );
          throw serviceUnavailable('Service authentication with identity failed');
        }
        if (attempt >= maxAttempts) {
          logger.error(
            { serviceId, url, attempts: attempt, ...describeError(err) },
            'could not obtain a service token: identity unreachable',
          );
          throw serviceUnavailable('Identity is unavailable; could not obtain a service token');
        }
        logger.warn({ serviceId, url, attempt, ...describeError(err) }, 'service-token request failed; retrying');
        // Jitter spreads the retries of many replicas restarting together.
        await sleep(Math.round(backoff * (0.5 + Math.random() / 2)));
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  };

  const renew = (): Promise<CachedToken> => {
    inFlight ??= requestWithRetry()
      .then((token) => {
        current = token;
        return token;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  return {
    async getToken() {
      const now = clock();
      if (current !== null && now < current.renewAtMs) return current.token;
      if (current !== null && now < current.expiresAtMs - EXPIRY_SAFETY_MS) {
        // Still valid: hand it out and renew in the background; a failed renewal was logged and is retried next call.
        renew().catch(() => {});
        return current.token;
      }
      return (await renew()).token;
    },
    invalidate() {
      current = null;
    },
  };
}
