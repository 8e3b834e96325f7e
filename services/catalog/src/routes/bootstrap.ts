import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import { summarizeBootstrap } from '../bootstrap/bootstrap-summary.js';
import type { BootstrapService } from '../bootstrap/bootstrap.service.js';
import { resourceSchema } from './resources.schemas.js';

const total = z.object({ total: z.number().int() });
const bootstrapSummarySchema = z.object({
  generatedAt: z.string(),
  contexts: z.object({
    total: z.number().int(),
    categories: z.array(z.object({ id: z.string(), label: z.string(), count: z.number().int() })),
  }),
  graphs: total,
  integrations: total,
  assistants: total,
  components: total,
});

/** catalog.md §8.1: the public bootstrap set, anonymous. */
export function registerBootstrapRoutes(app: ServiceApp, deps: { bootstrap: BootstrapService }): void {
  app.get('/api/bootstrap', { schema: { tags: ['bootstrap'], response: { 200: z.array(resourceSchema) } } }, async () =>
    deps.bootstrap.list(),
  );
  app.get(
    '/api/bootstrap/summary',
    { schema: { tags: ['bootstrap'], response: { 200: bootstrapSummarySchema } } },
    async () => summarizeBootstrap(await deps.bootstrap.list(), new Date()),
  );
}
