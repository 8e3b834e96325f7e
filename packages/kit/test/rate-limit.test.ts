import { afterEach, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import { createFixedWindowLimiter, type ServiceApp } from '../src/index.js';

describe('createFixedWindowLimiter', () => {
  it('allows max hits per key per window, then refuses until the next window', () => {
    let now = 1_000;
    const limiter = createFixedWindowLimiter({ windowMs: 1_000, max: 2, clock: () => now });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit('a').allowed).toBe(false);
    expect(limiter.hit('b').allowed).toBe(true);
    now += 1_000;
    expect(limiter.hit('a').allowed).toBe(true);
  });
});

describe('request rate limit', () => {
  let app: ServiceApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is off unless RATE_LIMIT_ENABLED=true', async () => {
    ({ app } = await buildTestService({ env: { RATE_LIMIT_MAX_REQUESTS: '1' } }));
    for (let i = 0; i < 3; i += 1)
      expect((await app.inject({ method: 'GET', url: '/api/hello' })).statusCode).toBe(200);
  });

  it('answers 429 with Retry-After past the budget, per client address, and never limits probes', async () => {
    ({ app } = await buildTestService({
      env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_MAX_REQUESTS: '2', RATE_LIMIT_WINDOW_MS: '60000' },
    }));
    const from = (remoteAddress: string) => ({ method: 'GET' as const, url: '/api/hello', remoteAddress });
    expect((await app.inject(from('10.0.0.1'))).headers['ratelimit-remaining']).toBe('1');
    expect((await app.inject(from('10.0.0.1'))).statusCode).toBe(200);
    const refused = await app.inject(from('10.0.0.1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A spoofed forwarded-for header does not buy a new budget.
    const spoofed = await app.inject({ ...from('10.0.0.1'), headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(spoofed.statusCode).toBe(429);
    expect((await app.inject(from('10.0.0.2'))).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/ready', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/openapi.json', remoteAddress: '10.0.0.1' })).statusCode).toBe(
      200,
    );
  });
});
