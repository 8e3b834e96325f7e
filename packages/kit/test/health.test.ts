import { afterEach, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('health probes', () => {
  it('answers /health, /health/live and /health/ready when every check passes', async () => {
    ({ app } = await buildTestService({ readinessChecks: { database: async () => undefined } }));
    await app.ready();
    for (const url of ['/health', '/health/live', '/health/ready']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', timestamp: expect.any(String) });
    }
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).json().checks).toEqual({
      database: { status: 'ok' },
    });
  });

  it('reports a failing dependency as 503 with the check named', async () => {
    ({ app } = await buildTestService({
      readinessChecks: {
        database: async () => {
          throw new Error('connection refused');
        },
      },
    }));
    app.addReadinessCheck('migrations', () => undefined);
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'unhealthy',
      checks: { database: { status: 'fail', message: 'connection refused' }, migrations: { status: 'ok' } },
    });
    // Liveness does not depend on peers.
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('turns /health and /health/ready to 503 once shutdown starts', async () => {
    ({ app } = await buildTestService());
    await app.ready();
    app.health.accepting = false;
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'degraded' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.server.message).toBe('Server not ready');
  });
});
