import { createService, loadServiceConfig, type ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFinding, sweepMalformedInput } from '../src/index.js';

// A small kit service with the two faults the sweep exists to find: a lookup by a caller-given name on a plain
// object (`__proto__` and `constructor` find Object's), and a handler that never answers an oversized value.
let app: ServiceApp;
let baseUrl: string;
const plans: Record<string, { limit: number }> = { free: { limit: 1 }, team: { limit: 10 } };

beforeAll(async () => {
  const config = loadServiceConfig({ serviceId: 'sweep-fixture', env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
  app = await createService({ config, description: 'Sweep fixture', logDestination: createLogCapture().destination });
  app.get(
    '/api/plans/:plan',
    { schema: { params: z.object({ plan: z.string() }), response: { 200: z.object({ limit: z.number() }) } } },
    async (request) => {
      const plan = plans[request.params.plan];
      if (!plan) throw Object.assign(new Error('Unknown plan'), { statusCode: 404 });
      return { limit: plan.limit.valueOf() };
    },
  );
  app.post('/api/notes', { schema: { body: z.object({ text: z.string() }) } }, async (request) => {
    if (request.body.text.length > 5000) await new Promise(() => undefined);
    return { ok: true };
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app?.close());

describe('sweepMalformedInput', () => {
  it('reports the 5xx and the hang, and nothing the kit refuses with a 4xx', async () => {
    const result = await sweepMalformedInput({
      baseUrl,
      timeoutMs: 1000,
      skip: ({ route }) => !/^\/api\/(plans|notes)/.test(route),
    });
    expect(result.operations).toBe(2);
    expect(result.findings.map((f) => `${f.method} ${f.route} ${f.input} → ${f.outcome}`)).toEqual([
      'GET /api/plans/{plan} params.plan=__proto__ → 500',
      'GET /api/plans/{plan} params.plan=constructor → 500',
      'POST /api/notes body.text=oversized → timeout',
    ]);
    expect(describeFinding(result.findings[0]!)).toContain('(anonymous) → 500');
    expect(result.statuses.get(400)).toBeGreaterThan(0);
  }, 60_000);
});
