import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../errors/error-codes.js';
import { createFixedWindowLimiter } from './fixed-window-limiter.js';
import { isPreflight } from './cors.js';

export interface RateLimitOptions {
  windowMs: number;
  max: number;
  /** Path prefixes never limited (probes, metrics, docs). */
  exemptPrefixes: readonly string[];
}

/**
 * Request-level rate limit per client address (libraries.md W17), on when RATE_LIMIT_ENABLED=true. The
 * address is the socket peer: forwarded-for headers are not trusted. Answers 429 with Retry-After and the
 * IETF RateLimit-* headers.
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const limiter = createFixedWindowLimiter({ windowMs: options.windowMs, max: options.max });
  app.addHook('onRequest', (request, reply, done) => {
    // Preflights cost nothing to answer, and a browser sends one before many of its requests.
    if (
      isPreflight(request) ||
      options.exemptPrefixes.some(
        (prefix) =>
          request.url === prefix || request.url.startsWith(`${prefix}/`) || request.url.startsWith(`${prefix}?`),
      )
    ) {
      return done();
    }
    const { allowed, remaining, resetMs } = limiter.hit(request.ip);
    const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
    reply.header('ratelimit-limit', String(options.max));
    reply.header('ratelimit-remaining', String(remaining));
    reply.header('ratelimit-reset', String(resetSeconds));
    if (allowed) return done();
    reply.code(429).header('retry-after', String(resetSeconds)).send({
      error: 'Too many requests; slow down and retry later',
      code: ErrorCodes.rateLimited,
      requestId: request.id,
    });
  });
}
