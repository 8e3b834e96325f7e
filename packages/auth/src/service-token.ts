import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Wire format a service uses to prove INTERNAL_SERVICE_SECRET to identity (DESIGN §6) without sending it:
 * `POST /api/auth/service-token` with this body; identity answers `{ token, expiresAt }`.
 */
export interface ServiceTokenRequest {
  serviceId: string;
  /** Milliseconds since the epoch at signing time. */
  timestamp: number;
  /** Lowercase hex HMAC-SHA256(secret, `${serviceId}.${timestamp}`). */
  signature: string;
}

export interface ServiceTokenResponse {
  token: string;
  /** ISO-8601 UTC. */
  expiresAt: string;
}

export const SERVICE_TOKEN_PATH = '/api/auth/service-token';
export const DEFAULT_SERVICE_TOKEN_SKEW_MS = 60_000;

// Service ids are short slugs (`messaging`, `assistants`); the pattern keeps the signed string unambiguous.
const SERVICE_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;
const SIGNATURE_SHAPE = /^[0-9a-f]{64}$/;

function sign(secret: string, serviceId: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${serviceId}.${timestamp}`, 'utf8').digest('hex');
}

export function signServiceTokenRequest({
  serviceId,
  secret,
  now,
}: {
  serviceId: string;
  secret: string;
  now: number;
}): ServiceTokenRequest {
  if (!SERVICE_ID_SHAPE.test(serviceId)) throw new TypeError('serviceId must be a short slug');
  if (secret.length === 0) throw new TypeError('secret must not be empty');
  const timestamp = Math.trunc(now);
  return { serviceId, timestamp, signature: sign(secret, serviceId, timestamp) };
}

/** True when `body` is a well-formed request signed with `secret` within ±`skewMs` of `now`. */
export function verifyServiceTokenRequest(input: {
  body: unknown;
  secret: string;
  now: number;
  skewMs?: number;
}): boolean {
  const { body, secret, now, skewMs = DEFAULT_SERVICE_TOKEN_SKEW_MS } = input;
  if (secret.length === 0 || typeof body !== 'object' || body === null) return false;
  const { serviceId, timestamp, signature } = body as Record<string, unknown>;
  if (typeof serviceId !== 'string' || !SERVICE_ID_SHAPE.test(serviceId)) return false;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) return false;
  if (typeof signature !== 'string' || !SIGNATURE_SHAPE.test(signature)) return false;
  if (Math.abs(now - timestamp) > skewMs) return false;
  const expected = Buffer.from(sign(secret, serviceId, timestamp), 'hex');
  const presented = Buffer.from(signature, 'hex');
  // timingSafeEqual throws on unequal lengths; the shape check makes both 32 bytes, this keeps it explicit.
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
