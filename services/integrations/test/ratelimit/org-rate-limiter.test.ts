import { openMigratedDatabase } from '@symbia/db';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsDatabase, type IntegrationsDatabase } from '../../src/db/db.js';
import { createRateLimiter } from '../../src/ratelimit/org-rate-limiter.js';
import { createRateWindowStore } from '../../src/ratelimit/rate-window.store.js';

// Real PostgreSQL: the budget is shared through it, so two limiters stand for two replicas.
let testDb: TestDatabase;
let database: IntegrationsDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'integ_rate' });
  database = await openMigratedDatabase(integrationsDatabase, { url: testDb.url, max: 8 });
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('createRateLimiter', () => {
  it('never lets two replicas together pass the limit, under concurrency', async () => {
    const store = createRateWindowStore(database.db);
    const now = () => 1_000_000;
    const replicas = [
      createRateLimiter({ store, windowMs: 60_000, clock: now }),
      createRateLimiter({ store, windowMs: 60_000, clock: now }),
    ];
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => replicas[i % 2]!.take('org:a', 40)));
    expect(decisions.filter((d) => d.allowed).length).toBe(40);
    expect(decisions.find((d) => !d.allowed)).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('starts a fresh budget in the next window and keeps scopes apart', async () => {
    const store = createRateWindowStore(database.db);
    let now = 5_000_000;
    const limiter = createRateLimiter({ store, windowMs: 1_000, clock: () => now });
    expect((await limiter.take('org:b', 1)).allowed).toBe(true);
    expect((await limiter.take('org:b', 1)).allowed).toBe(false);
    expect((await limiter.take('org:c', 1)).allowed).toBe(true);
    now += 1_000;
    expect((await limiter.take('org:b', 1)).allowed).toBe(true);
    expect((await limiter.take('org:b', 0)).allowed).toBe(true);
  });
});
