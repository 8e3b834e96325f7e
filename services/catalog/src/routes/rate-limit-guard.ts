import { AppError, ErrorCodes } from '@symbia/kit/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitBucket, RateLimiter } from '../rate-limits/rate-limiter.js';

export type RateLimitGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
export type RateLimitGuards = Record<RateLimitBucket, RateLimitGuard>;

/**
 * preHandlers placed after the auth guard, so the caller is known. Every limited answer carries
 * X-RateLimit-Limit/-Remaining/-Reset (epoch seconds), the first one included (catalog.md §7).
 */
export function createRateLimitGuards(limiter: RateLimiter): RateLimitGuards {
  const guard =
    (bucket: RateLimitBucket): RateLimitGuard =>
    async (request, reply) => {
      const decision = await limiter.check(bucket, { principal: request.principal, ip: request.ip });
      if (!decision) return;
      const headers = {
        'x-ratelimit-limit': String(decision.limit),
        'x-ratelimit-remaining': String(decision.remaining),
        'x-ratelimit-reset': String(Math.ceil(decision.resetsAt.getTime() / 1000)),
      };
      if (decision.allowed) {
        reply.headers(headers);
        return;
      }
      const retryAfter = Math.max(1, Math.ceil((decision.resetsAt.getTime() - Date.now()) / 1000));
      throw new AppError(429, ErrorCodes.rateLimited, `Too many ${bucket} requests, please try again later`, {
        headers: { ...headers, 'retry-after': String(retryAfter) },
      });
    };
  return { write: guard('write'), search: guard('search'), upload: guard('upload') };
}
