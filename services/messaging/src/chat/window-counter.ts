import { createFixedWindowLimiter } from '@symbia/kit';
import type { Redis } from 'ioredis';

export interface WindowDecision {
  allowed: boolean;
  resetMs: number;
}

/** Fixed-window counting under a key: `max` hits per `windowMs`. */
export interface WindowCounter {
  hit(key: string, max: number): Promise<WindowDecision>;
}

/** In-process counts: N replicas allow N times the budget. */
export function createLocalWindowCounter(options: { windowMs: number; clock?: () => number }): WindowCounter {
  const limiters = new Map<number, ReturnType<typeof createFixedWindowLimiter>>();
  return {
    async hit(key, max) {
      let limiter = limiters.get(max);
      if (!limiter)
        limiters.set(
          max,
          (limiter = createFixedWindowLimiter({ windowMs: options.windowMs, max, clock: options.clock })),
        );
      const decision = limiter.hit(key);
      return { allowed: decision.allowed, resetMs: decision.resetMs };
    },
  };
}

/**
 * Counts shared by every replica in Redis (STYLE 15): one INCR per hit on a key per window, which expires on its
 * own after the window, so no cleanup is needed.
 */
export function createRedisWindowCounter(
  redis: Redis,
  options: { keyPrefix: string; windowMs: number; clock?: () => number },
): WindowCounter {
  const { keyPrefix, windowMs, clock = Date.now } = options;
  return {
    async hit(key, max) {
      const now = clock();
      const window = Math.floor(now / windowMs);
      const redisKey = `${keyPrefix}:${key}:${window}`;
      const results = await redis
        .multi()
        .incr(redisKey)
        .pexpire(redisKey, windowMs * 2)
        .exec();
      const [error, count] = results?.[0] ?? [new Error('redis transaction aborted'), 0];
      if (error) throw error;
      return { allowed: Number(count) <= max, resetMs: (window + 1) * windowMs - now };
    },
  };
}
