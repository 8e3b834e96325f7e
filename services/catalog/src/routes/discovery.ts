import { optionalAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { ResourceService } from '../resources/resource.service.js';
import { namespaceQuery, namespaceResponse, searchBody, statsResponse, tagsResponse } from './discovery.schemas.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import { resourcePageSchema } from './resources.schemas.js';

/**
 * catalog.md §8.1, §8.2, §8.4: search, tags, stats and the namespace document. Every one applies the same
 * read rule as GET /api/resources (W2), so anonymous callers see public published rows only.
 */
export function registerDiscoveryRoutes(
  app: ServiceApp,
  deps: { resources: ResourceService; version: string; limits: RateLimitGuards },
): void {
  const { resources } = deps;
  const tags = ['discovery'];
  const opts = { preHandler: [optionalAuth, deps.limits.search] };
  // A search body travels as POST but only reads: an API key needs catalog:read for it (DESIGN §6).
  const readConfig = { config: { apiKeyScope: 'catalog:read' } };

  // catalog.md §8.4: /api/nl/search answers exactly like /api/search (no semantic ranking), so it is the same route.
  for (const path of ['/api/search', '/api/nl/search']) {
    app.post(
      path,
      { schema: { tags, body: searchBody, response: { 200: resourcePageSchema } }, ...readConfig, ...opts },
      async (request) => {
        const { query, limit, cursor, ...filters } = request.body;
        return resources.list(request.principal, { ...filters, q: query }, { limit, cursor });
      },
    );
  }
  app.get('/api/tags', { schema: { tags, response: { 200: tagsResponse } }, ...opts }, async (request) => ({
    tags: await resources.tags(request.principal),
  }));
  app.get('/api/stats', { schema: { tags, response: { 200: statsResponse } }, ...opts }, async (request) =>
    resources.stats(request.principal),
  );
  app.get(
    '/symbia-namespace',
    { schema: { tags, querystring: namespaceQuery, response: { 200: namespaceResponse } }, ...opts },
    async (request) => {
      const page = await resources.list(request.principal, {}, request.query);
      return {
        namespace: 'catalog' as const,
        version: deps.version,
        resources: page.items,
        nextCursor: page.nextCursor,
      };
    },
  );
}
