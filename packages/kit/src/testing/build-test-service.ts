import { z } from 'zod';
import { loadServiceConfig } from '../config/load-service-config.js';
import { createService, type CreateServiceOptions, type ServiceApp } from '../create-service.js';
import { notFound } from '../errors/app-error.js';
import { propagationHeaders } from '../http/request-context.js';
import { createLogCapture } from './log-capture.js';

export interface TestServiceOptions {
  env?: Record<string, string | undefined>;
  readinessChecks?: CreateServiceOptions['readinessChecks'];
  responseHeaders?: CreateServiceOptions['responseHeaders'];
}

const itemSchema = z.object({ id: z.string(), name: z.string(), quantity: z.number().int() });

/**
 * A tiny service on the kit with a few representative routes, used by the kit's own tests and benchmarks.
 * Returns the app (not listening) and the captured log lines.
 */
export async function buildTestService(
  options: TestServiceOptions = {},
): Promise<{ app: ServiceApp; logs: ReturnType<typeof createLogCapture> }> {
  const logs = createLogCapture();
  const config = loadServiceConfig({
    serviceId: 'kit-test',
    env: { NODE_ENV: 'test', LOG_LEVEL: 'info', BODY_LIMIT_BYTES: '1024', ...options.env },
  });
  const app = await createService({
    config,
    description: 'Kit conventions exercised by tests',
    endpoints: { items: '/api/items' },
    authentication: ['none'],
    readinessChecks: options.readinessChecks,
    responseHeaders: options.responseHeaders,
    logDestination: logs.destination,
  });
  const items = new Map<string, z.infer<typeof itemSchema>>([['a1', { id: 'a1', name: 'first', quantity: 1 }]]);

  app.get(
    '/api/hello',
    { schema: { summary: 'Say hello', response: { 200: z.object({ hello: z.string() }) } } },
    async () => ({ hello: 'world' }),
  );

  app.get(
    '/api/items/:id',
    { schema: { summary: 'Read an item', params: z.object({ id: z.string().min(1) }), response: { 200: itemSchema } } },
    async (request) => {
      const item = items.get(request.params.id);
      if (!item) throw notFound('Item not found');
      // The extra field must not reach the client: response schemas whitelist output.
      return { ...item, internalSecretHash: 'do-not-leak' };
    },
  );

  app.post(
    '/api/items',
    {
      schema: {
        summary: 'Create an item',
        body: z.object({ name: z.string().min(1).max(100), quantity: z.number().int().min(0) }),
        response: { 201: itemSchema },
      },
    },
    async (request, reply) => {
      const item = { id: `i${items.size + 1}`, ...request.body };
      items.set(item.id, item);
      request.log.info(
        { body: { ...request.body, password: 'hunter2-secret', nested: { apiKey: 'sk_live_leak', token: 'tkn' } } },
        'item created',
      );
      return reply.code(201).send(item);
    },
  );

  app.get(
    '/api/slow',
    {
      schema: {
        summary: 'Answer after a delay',
        querystring: z.object({ ms: z.coerce.number().int().min(0).max(10_000).default(500) }),
      },
    },
    async (request) => {
      await new Promise((resolve) => setTimeout(resolve, request.query.ms));
      return { done: true };
    },
  );

  app.get(
    '/api/outgoing-headers',
    { schema: { summary: 'Headers this service would send downstream' } },
    async (request) => propagationHeaders(request),
  );

  app.get(
    '/api/broken-response',
    { schema: { summary: 'Return data its schema forbids', response: { 200: itemSchema } } },
    async () => ({ id: 7 }) as never,
  );

  app.get('/api/boom', { schema: { summary: 'Fail unexpectedly' } }, async () => {
    throw new Error('database password=hunter2 exploded at /srv/app.js:12');
  });
  return { app, logs };
}
