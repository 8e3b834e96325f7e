import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceTokenClient, type ServiceTokenClientOptions } from '../src/index.js';
import { rejection } from './support/app-error-rejection.js';
import { createCaptureLogger } from './support/capture-logger.js';
import { TestIdentity } from './support/test-identity.js';

let identity: TestIdentity;
let now: number;
const sleeps: number[] = [];

beforeEach(async () => {
  identity = await TestIdentity.start();
  now = Date.now();
  identity.now = () => now;
  sleeps.length = 0;
});
afterEach(async () => {
  await identity.close();
});

const clientFor = (overrides: Partial<ServiceTokenClientOptions> = {}) =>
  createServiceTokenClient({
    identityUrl: identity.url,
    serviceId: 'messaging',
    secret: identity.secret,
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });

describe('createServiceTokenClient', () => {
  it('obtains a service token identity accepts and caches it', async () => {
    const client = clientFor();
    const token = await client.getToken();
    expect(identity.issuedServiceTokens.has(token)).toBe(true);
    expect(await client.getToken()).toBe(token);
    expect(identity.requests.serviceToken).toBe(1);
  });

  it('concurrent callers share one request', async () => {
    const client = clientFor();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(identity.requests.serviceToken).toBe(1);
  });

  it('renews in the background when 20% of the lifetime remains, and blocks once the token has expired', async () => {
    const client = clientFor();
    const first = await client.getToken();

    now += 700_000; // 200 s left of 900: not yet due
    expect(await client.getToken()).toBe(first);
    expect(identity.requests.serviceToken).toBe(1);

    now += 25_000; // 175 s left (< 180 s = 20%): still valid, so served while a renewal runs
    expect(await client.getToken()).toBe(first);
    await vi.waitFor(() => expect(identity.requests.serviceToken).toBe(2));
    const second = await vi.waitFor(async () => {
      const t = await client.getToken();
      expect(t).not.toBe(first);
      return t;
    });
    expect(identity.requests.serviceToken).toBe(2);

    now += 901_000; // the renewed token is expired too: the caller waits for a fresh one
    const third = await client.getToken();
    expect(third).not.toBe(second);
    expect(identity.requests.serviceToken).toBe(3);
  });

  it('invalidate() forces a new token on the next call', async () => {
    const client = clientFor();
    const first = await client.getToken();
    client.invalidate();
    expect(await client.getToken()).not.toBe(first);
    expect(identity.requests.serviceToken).toBe(2);
  });

  it('surfaces a 503 AppError at once when identity rejects the secret (no retry loop)', async () => {
    const client = clientFor({ secret: 'f'.repeat(64) });
    const err = await rejection(client.getToken());
    expect(err.status).toBe(503);
    expect(err.code).toBe('dependency_unavailable');
    expect(identity.requests.serviceToken).toBe(1);
  });

  it('is refused by identity when its clock is more than 60 s off', async () => {
    const client = clientFor({ clock: () => now + 61_000 });
    expect((await rejection(client.getToken())).status).toBe(503);
  });

  it('retries with growing backoff and gives up with a 503 after maxAttempts', async () => {
    identity.failWith = 500;
    const client = clientFor({ maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 250 });
    const err = await rejection(client.getToken());
    expect(err.status).toBe(503);
    expect(identity.requests.serviceToken).toBe(4);
    expect(sleeps).toHaveLength(3);
    // Jittered to 50–100% of 100, 200, 250 (capped).
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[2]).toBeGreaterThanOrEqual(125);
    expect(sleeps[2]).toBeLessThanOrEqual(250);
  });

  it('recovers when identity comes back during the retries', async () => {
    let failures = 2;
    const flakyFetch: typeof fetch = async (input, init) => {
      if (failures > 0) {
        failures -= 1;
        throw new TypeError('fetch failed');
      }
      return fetch(input, init);
    };
    const token = await clientFor({ fetch: flakyFetch }).getToken();
    expect(identity.issuedServiceTokens.has(token)).toBe(true);
    expect(sleeps).toHaveLength(2);
  });

  it('never logs the secret or the token', async () => {
    const logger = createCaptureLogger();
    const ok = clientFor({ logger });
    const token = await ok.getToken();
    await rejection(clientFor({ logger, secret: 'e'.repeat(64) }).getToken());
    identity.failWith = 502;
    await rejection(clientFor({ logger, maxAttempts: 2 }).getToken());
    expect(logger.lines.length).toBeGreaterThanOrEqual(3);
    const text = logger.text();
    expect(text).not.toContain(identity.secret);
    expect(text).not.toContain('e'.repeat(64));
    expect(text).not.toContain(token);
  });
});
