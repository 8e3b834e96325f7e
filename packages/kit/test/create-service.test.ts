import { afterEach, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import { requestRaw, valuesOf } from './fixtures/raw-response.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(options?: Parameters<typeof buildTestService>[0]) {
  const built = await buildTestService(options);
  app = built.app;
  await app.ready();
  return built;
}

describe('request ids and trace context', () => {
  it('generates a UUIDv7 request id and a W3C trace when the caller sends none', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/hello' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('starts a new trace when traceparent is malformed, and logs its id once it is propagated', async () => {
    const { app, logs } = await build();
    const malformed = '00-00000000000000000000000000000000-00f067aa0ba902b7-01';
    const res = await app.inject({ method: 'GET', url: '/api/outgoing-headers', headers: { traceparent: malformed } });
    const [, traceId] = res.json().traceparent.split('-');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    const line = logs.entries().find((entry) => entry.msg === 'request completed');
    expect(line?.traceId).toBe(traceId);
  });

  it('a request that neither continues nor propagates a trace is logged by request id alone', async () => {
    const { app, logs } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/hello' });
    const line = logs.entries().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({ requestId: res.headers['x-request-id'], path: '/api/hello' });
    expect(line).not.toHaveProperty('traceId');
  });

  it('keeps a sane caller request id and accepts x-trace-id as an alias', async () => {
    const { app } = await build();
    const a = await app.inject({ method: 'GET', url: '/api/hello', headers: { 'x-request-id': 'req-abc.123' } });
    expect(a.headers['x-request-id']).toBe('req-abc.123');
    const b = await app.inject({ method: 'GET', url: '/api/hello', headers: { 'x-trace-id': 't-123' } });
    expect(b.headers['x-trace-id']).toBe('t-123');
  });

  it('replaces a request id that could inject into logs or headers', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'GET',
      url: '/api/hello',
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(res.headers['x-request-id']).not.toContain('bad');
  });

  it('continues the caller trace from traceparent', async () => {
    const { app, logs } = await build();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await app.inject({ method: 'GET', url: '/api/hello', headers: { traceparent } });
    const line = logs.entries().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', path: '/api/hello', status: 200 });
  });
});

describe('propagation to downstream calls', () => {
  it('forwards the request id and a traceparent in the same trace with this service as parent', async () => {
    const { app } = await build();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app.inject({
      method: 'GET',
      url: '/api/outgoing-headers',
      headers: { traceparent, 'x-request-id': 'r-42' },
    });
    const headers = res.json();
    expect(headers['x-request-id']).toBe('r-42');
    const [, traceId, parentId] = headers.traceparent.split('-');
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parentId).toMatch(/^[0-9a-f]{16}$/);
    expect(parentId).not.toBe('00f067aa0ba902b7');
  });
});

describe('response schemas', () => {
  it('whitelist output: fields not in the schema never reach the client', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/items/a1' });
    expect(res.json()).toEqual({ id: 'a1', name: 'first', quantity: 1 });
    expect(res.body).not.toContain('do-not-leak');
  });
});

describe('bootstrap and security headers', () => {
  it('describes the service at /api/bootstrap/service', async () => {
    const { app } = await build();
    const body = (await app.inject({ method: 'GET', url: '/api/bootstrap/service' })).json();
    expect(body).toMatchObject({
      service: 'kit-test',
      description: 'Kit conventions exercised by tests',
      docsUrls: { openapi: '/docs/openapi.json', llms: '/docs/llms.txt', llmsFull: '/docs/llms-full.txt' },
      endpoints: { items: '/api/items' },
    });
  });

  it('sets baseline security headers', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/hello' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('lets a service add response headers or replace one of the baseline values, on every response', async () => {
    const { app } = await build({
      responseHeaders: { 'x-xss-protection': '1; mode=block', 'referrer-policy': 'strict-origin-when-cross-origin' },
    });
    for (const url of ['/api/hello', '/api/nowhere']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-xss-protection']).toBe('1; mode=block');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('response headers over a real socket', () => {
  it('carries each security header exactly once on answers, errors and 404s, and a page keeps its own CSP', async () => {
    const { app } = await build({
      env: { NODE_ENV: 'production' },
      responseHeaders: { 'x-xss-protection': '1; mode=block' },
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const [path, status] of [
      ['/api/hello', 200],
      ['/api/items/missing', 404],
      ['/api/nowhere', 404],
    ] as const) {
      const { status: got, lines } = await requestRaw(`${base}${path}`);
      expect(got).toBe(status);
      expect(valuesOf(lines, 'x-frame-options')).toEqual(['DENY']);
      expect(valuesOf(lines, 'x-content-type-options')).toEqual(['nosniff']);
      expect(valuesOf(lines, 'strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
      expect(valuesOf(lines, 'content-security-policy')).toEqual(["default-src 'none'; frame-ancestors 'none'"]);
      expect(valuesOf(lines, 'x-xss-protection')).toEqual(['1; mode=block']);
      expect(valuesOf(lines, 'x-request-id')).toHaveLength(1);
    }
    const docs = await requestRaw(`${base}/docs`);
    expect(valuesOf(docs.lines, 'content-security-policy')).toEqual([
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    ]);
    expect(valuesOf(docs.lines, 'x-frame-options')).toEqual(['DENY']);
  });

  it('answers a preflight to any path, and a plain OPTIONS with a 404', async () => {
    const { app } = await build({ env: { CORS_ALLOWED_ORIGINS: 'https://app.example.com' } });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/not-a-route',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const plain = await app.inject({ method: 'OPTIONS', url: '/api/hello' });
    expect(plain.statusCode).toBe(404);
    expect(plain.json()).toMatchObject({ code: 'route_not_found', error: 'Route OPTIONS /api/hello not found' });
  });
});
