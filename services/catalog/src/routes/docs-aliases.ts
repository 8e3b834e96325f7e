import type { ServiceApp } from '@symbia/kit';

/** catalog.md §8.1 doc paths the kit does not alias itself: `/` and `/api/openapi.json`. */
export function registerDocsAliases(app: ServiceApp): void {
  const hidden = { schema: { hide: true } };
  app.get('/', hidden, async (_request, reply) => reply.redirect('/docs/llms.txt', 302));
  app.get('/api/openapi.json', hidden, async (_request, reply) => reply.redirect('/docs/openapi.json', 302));
}
