import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string };
let bob: Session & { orgId: string };

// catalog.md §14.14 with W15: limits on (RATE_LIMIT_ENABLED), two writes per window, counters in Postgres.
const env = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_WINDOW_MS: '600000',
  RATE_LIMIT_WRITE_MAX: '2',
  RATE_LIMIT_SEARCH_MAX: '3',
  RATE_LIMIT_UPLOAD_MAX: '1',
  RATE_LIMIT_MAX_REQUESTS: '1000',
};
const create = (who: Session & { orgId: string }, key: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/resources',
    headers: who.headers,
    payload: { key, name: key, type: 'graph', orgId: who.orgId },
  });

beforeAll(async () => {
  h = await startCatalog({ definitions: [], env });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
});
afterAll(() => h?.close());

describe('rate limits (catalog.md §7)', () => {
  it('answers the third write of a principal in a window with 429, Retry-After and X-RateLimit-Remaining 0; headers on every answer', async () => {
    const first = await create(alice, 'rl/1');
    expect(first.statusCode).toBe(201);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' });
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect((await create(alice, 'rl/2')).statusCode).toBe(201);
    const third = await create(alice, 'rl/3');
    expect(refusalOf(third)).toEqual({ status: 429, code: 'rate_limited' });
    expect(third.json()).toMatchObject({
      error: 'Too many write requests, please try again later',
      code: 'rate_limited',
    });
    expect(third.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts per principal and per bucket: another user may still write, and reads have their own budget', async () => {
    expect((await create(bob, 'rl/bob')).statusCode).toBe(201);
    const read = await h.app.inject({ method: 'GET', url: '/api/resources', headers: alice.headers });
    expect(read.statusCode).toBe(200);
    expect(read.headers['x-ratelimit-limit']).toBe('3');
  });

  it('shares counters between replicas (Postgres, W15)', async () => {
    const carol = await h.registerOrgAdmin('Initech');
    const replica = await h.rebuild({ definitions: [] });
    expect((await create(carol, 'rl/c1')).statusCode).toBe(201);
    const second = await replica.inject({
      method: 'POST',
      url: '/api/resources',
      headers: carol.headers,
      payload: { key: 'rl/c2', name: 'c2', type: 'graph', orgId: carol.orgId },
    });
    expect(second.statusCode).toBe(201);
    expect(refusalOf(await create(carol, 'rl/c3'))).toEqual({ status: 429, code: 'rate_limited' });
  });

  it('keys anonymous callers by address, leaves public bootstrap and config routes alone, and never limits platform services', async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await h.app.inject({ method: 'POST', url: '/api/search', payload: { query: 'x' } })).statusCode).toBe(
        200,
      );
    expect(refusalOf(await h.app.inject({ method: 'POST', url: '/api/search', payload: { query: 'x' } }))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    for (let i = 0; i < 5; i += 1)
      expect((await h.app.inject({ method: 'GET', url: '/api/bootstrap' })).statusCode).toBe(200);
    const service = await h.serviceSession('assistants');
    for (let i = 0; i < 5; i += 1) {
      const res = await h.app.inject({ method: 'GET', url: '/api/resources', headers: service.headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('describes the buckets at GET /api/rate-limits (not limited itself)', async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await h.app.inject({ method: 'GET', url: '/api/rate-limits' });
      expect(res.json()).toEqual({ enabled: true, windowMs: 600000, limits: { write: 2, search: 3, upload: 1 } });
    }
  });

  it('refuses a malformed limit setting at start, naming the variable', async () => {
    await expect(h.rebuild({ definitions: [], env: { RATE_LIMIT_WRITE_MAX: '0' } })).rejects.toThrow(
      /RATE_LIMIT_WRITE_MAX/,
    );
  });
});
