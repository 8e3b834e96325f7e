import type { FastifyInstance } from 'fastify';

export interface BootstrapInfo {
  service: string;
  version: string;
  description: string;
  endpoints: Record<string, string>;
  authentication: string[];
  [extra: string]: unknown;
}

/** `GET /api/bootstrap/service` (libraries.md §1.1): what this service is and where its docs live. */
export function registerBootstrapRoute(app: FastifyInstance, info: BootstrapInfo): void {
  const body = {
    ...info,
    docsUrls: { openapi: '/docs/openapi.json', llms: '/docs/llms.txt', llmsFull: '/docs/llms-full.txt' },
  };
  app.get('/api/bootstrap/service', { schema: { tags: ['meta'], summary: 'Describe this service' } }, async () => body);
}
