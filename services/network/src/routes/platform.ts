import { optionalAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { createPlatformHealth } from '../platform/platform-health.js';
import { principalFrom } from '../access/guards.js';
import { platformHealthSchema } from './platform.schemas.js';

/**
 * `GET /api/platform/health` (network.md §11, §13.6): public in development, any valid principal elsewhere
 * (it names every service's URL).
 */
export function registerPlatformRoutes(
  app: ServiceApp,
  deps: { health: ReturnType<typeof createPlatformHealth>; requireAuth: boolean },
): void {
  app.get(
    '/api/platform/health',
    {
      preHandler: deps.requireAuth ? async (request) => void (await principalFrom(request)) : optionalAuth,
      schema: {
        tags: ['platform'],
        summary: 'Health of the platform services',
        response: { 200: platformHealthSchema, 503: platformHealthSchema },
      },
    },
    async (_request, reply) => {
      const result = await deps.health.check();
      return reply.code(result.platform === 'healthy' ? 200 : 503).send(result);
    },
  );
}
