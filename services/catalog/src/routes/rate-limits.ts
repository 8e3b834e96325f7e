import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { RateLimitSettings } from '../rate-limits/rate-limiter.js';

const rateLimitsResponse = z.object({
  enabled: z.boolean(),
  windowMs: z.number().int(),
  limits: z.object({ write: z.number().int(), search: z.number().int(), upload: z.number().int() }),
});

/** catalog.md §8.1 `GET /api/rate-limits`: the buckets of §7, per caller and window. Not limited itself. */
export function registerRateLimitRoutes(app: ServiceApp, deps: { settings: RateLimitSettings }): void {
  app.get(
    '/api/rate-limits',
    { schema: { tags: ['session'], response: { 200: rateLimitsResponse } } },
    async () => deps.settings,
  );
}
