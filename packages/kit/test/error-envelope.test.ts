import { createLogCapture } from '../src/testing/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError,
  createService,
  loadServiceConfig,
  setErrorEnvelope,
  type ServiceApp,
  type ZodTypeProvider,
} from '../src/index.js';

class UpstreamError extends AppError {
  constructor(readonly upstream: string) {
    super(502, 'upstream_failed', 'The upstream failed');
  }
}

let app: ServiceApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** One route group with its own envelope, and the same routes outside it. */
async function build() {
  const logs = createLogCapture();
  const config = loadServiceConfig({ serviceId: 'envelope-test', env: { NODE_ENV: 'test', LOG_LEVEL: 'info' } });
  app = await createService({ config, description: 'error envelope under test', logDestination: logs.destination });
  const routes = (scope: ServiceApp, prefix: string) => {
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    typed.post(`${prefix}/items`, { schema: { body: z.object({ name: z.string().min(1) }) } }, async () => ({
      ok: true,
    }));
    typed.get(`${prefix}/conflict`, async () => {
      throw new AppError(409, 'already_exists', 'Item already exists', { details: { key: 'a' } });
    });
    typed.get(`${prefix}/upstream`, async () => {
      throw new UpstreamError('provider-x');
    });
    typed.get(`${prefix}/bug`, async () => {
      throw new Error('secret detail of a bug');
    });
  };
  await app.register(async (group) => {
    setErrorEnvelope(group, {
      fields: (error, status) => ({
        success: false,
        retryable: status >= 500,
        ...(error instanceof UpstreamError && { upstream: error.upstream }),
      }),
      warning: (error) => (error instanceof UpstreamError ? { upstream: error.upstream } : null),
    });
    routes(group as ServiceApp, '/grouped');
  });
  routes(app, '/plain');
  await app.ready();
  return { app, logs };
}

describe('setErrorEnvelope', () => {
  it("adds the group's fields to a domain error and keeps the platform's", async () => {
    const { app } = await build();
    const res = await app.inject({ url: '/grouped/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      success: false,
      retryable: false,
      error: 'Item already exists',
      code: 'already_exists',
      details: { key: 'a' },
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers a validation failure in the envelope, naming the field', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'POST', url: '/grouped/items', payload: { name: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, code: 'validation_failed', details: [{ field: 'body.name' }] });
  });

  it("logs an expected upstream failure as a warning with the group's fields", async () => {
    const { app, logs } = await build();
    const res = await app.inject({ url: '/grouped/upstream' });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({
      success: false,
      retryable: true,
      upstream: 'provider-x',
      code: 'upstream_failed',
    });
    const entry = logs.entries().find((e) => e.msg === 'The upstream failed');
    expect(entry).toMatchObject({ level: 40, upstream: 'provider-x' });
  });

  it("keeps an unknown error's detail in the log only", async () => {
    const { app } = await build();
    const res = await app.inject({ url: '/grouped/bug' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ success: false, code: 'internal_error', error: 'Internal server error' });
    expect(res.body).not.toContain('secret detail');
  });

  it('leaves routes outside the group in the platform shape', async () => {
    const { app, logs } = await build();
    const res = await app.inject({ url: '/plain/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: 'Item already exists',
      code: 'already_exists',
      details: { key: 'a' },
      requestId: res.headers['x-request-id'],
    });
    const upstream = await app.inject({ url: '/plain/upstream' });
    expect(upstream.json()).not.toHaveProperty('success');
    expect(logs.entries().find((e) => e.msg === 'The upstream failed')).toMatchObject({ level: 50 });
  });
});
