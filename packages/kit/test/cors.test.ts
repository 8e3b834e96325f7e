import { afterEach, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(env: Record<string, string>) {
  ({ app } = await buildTestService({ env }));
  await app.ready();
  return app;
}

const preflight = (origin: string, url = '/api/items') => ({
  method: 'OPTIONS' as const,
  url,
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type,authorization',
  },
});

describe('CORS', () => {
  it('sends no CORS headers when there is no Origin', async () => {
    const app = await build({ CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const res = await app.inject({ method: 'GET', url: '/api/hello' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes an allowed origin with credentials and exposes the request id', async () => {
    const app = await build({ CORS_ALLOWED_ORIGINS: 'https://app.example.com/, *.symbia.dev' });
    for (const origin of ['https://app.example.com', 'https://chat.symbia.dev']) {
      const res = await app.inject({ method: 'GET', url: '/api/hello', headers: { origin } });
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    }
  });

  it('answers an allowed preflight with methods, headers and max-age', async () => {
    const app = await build({ CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const res = await app.inject(preflight('https://app.example.com'));
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toContain('X-Trace-Id');
    expect(res.headers['access-control-max-age']).toBe('86400');
  });

  it('refuses a preflight from an unlisted origin with 403 in production', async () => {
    const app = await build({ NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const res = await app.inject(preflight('https://evil.example'));
    expect(res.statusCode).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await app.inject({ method: 'GET', url: '/api/hello', headers: { origin: 'https://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows localhost outside production but not in production', async () => {
    const dev = await build({ NODE_ENV: 'development' });
    const res = await dev.inject({ method: 'GET', url: '/api/hello', headers: { origin: 'http://localhost:5000' } });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5000');
    await dev.close();
    app = undefined;
    const prod = await build({ NODE_ENV: 'production' });
    const refused = await prod.inject(preflight('http://localhost:5000'));
    expect(refused.statusCode).toBe(403);
  });

  it('never turns a "*" allow-list into wildcard-with-credentials', async () => {
    const app = await build({ NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: '*' });
    const res = await app.inject({ method: 'GET', url: '/api/hello', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('serves docs to any origin with * and no credentials', async () => {
    const app = await build({ NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const res = await app.inject({
      method: 'GET',
      url: '/docs/openapi.json',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
