import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawAnswer } from './helpers/raw-http.js';

// Real identity and website server processes on a real database; nothing is faked. Visitors are told apart by
// the local address they connect from (127.0.0.1, 127.0.0.2, … are all this machine's loopback).
const websiteDir = fileURLToPath(new URL('../', import.meta.url));
const PASSWORD = 'correct-horse-battery';

let database: TestDatabase;
let platform: StartedServices;
let site: string;
let dist: string;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'website_proxy' });
  // The proxy does not need the page: a one-line build keeps Vite out of this test.
  dist = mkdtempSync(path.join(tmpdir(), 'website-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Symbia</title>');
  platform = await startServices({
    services: [
      {
        name: 'identity',
        entry: path.join(websiteDir, '../../services/identity/src/main.ts'),
        env: { TRUSTED_PROXIES: '127.0.0.1,::1' },
      },
      {
        name: 'server',
        entry: path.join(websiteDir, 'src/server.ts'),
        cwd: websiteDir,
        env: { NODE_ENV: 'production', WEBSITE_DIST_DIR: dist, HOST: '127.0.0.1' },
      },
    ],
    databaseUrl: database.url,
    env: { LOG_LEVEL: 'warn', ARGON2_MEMORY_KIB: '256', ARGON2_TIME_COST: '1' },
    readyTimeoutMs: 60_000,
  });
  site = platform.urls.server!;
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

const login = (email: string, password: string, from: string, headers: Record<string, string> = {}) =>
  rawRequest(site, '/api/identity/auth/login', {
    body: JSON.stringify({ email, password }),
    localAddress: from,
    headers,
  });

async function register(email: string, from: string): Promise<void> {
  const answer = await rawRequest(site, '/api/identity/auth/register', {
    body: JSON.stringify({ email, password: PASSWORD, name: 'Visitor' }),
    localAddress: from,
  });
  expect(answer.status).toBe(200);
}

/** Fails logins from `from` until identity answers 429 (the address or the pair is slowed down). */
async function failUntilThrottled(emailFor: (i: number) => string, from: string, send = login): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = [];
  for (let i = 0; i < 40; i += 1) {
    const answer = await send(emailFor(i), 'wrong-password', from, {});
    answers.push(answer);
    if (answer.status !== 401) break;
  }
  return answers;
}

describe('login throttling behind the website proxy', () => {
  it('slows an address that fails logins for many e-mails, and leaves a user elsewhere able to sign in', async () => {
    await register('owner-a@example.test', '127.0.0.2');
    const attack = await failUntilThrottled((i) => `nobody-${i}@example.test`, '127.0.0.1');
    expect(attack.length).toBeGreaterThanOrEqual(21);
    expect(attack.at(-1)!.status).toBe(429);
    expect(attack.at(-1)!.json().code).toBe('rate_limited');
    expect(Number(attack.at(-1)!.headers['retry-after'])).toBeGreaterThan(0);

    const owner = await login('owner-a@example.test', PASSWORD, '127.0.0.2');
    expect(owner.status).toBe(200);
    expect(owner.json().token).toEqual(expect.any(String));
  });

  it("slows an attacker failing the owner's own e-mail without locking the owner out from elsewhere", async () => {
    await register('owner-b@example.test', '127.0.0.2');
    const attack = await failUntilThrottled(() => 'owner-b@example.test', '127.0.0.3');
    expect(attack.length).toBeGreaterThanOrEqual(6);
    expect(attack.at(-1)!.status).toBe(429);
    // The attacker's address stays slowed for this account even with the right password.
    expect((await login('owner-b@example.test', PASSWORD, '127.0.0.3')).status).toBe(429);

    const owner = await login('owner-b@example.test', PASSWORD, '127.0.0.2');
    expect(owner.status).toBe(200);
  });

  it('slows a visitor who invents X-Forwarded-For, Forwarded or X-Real-IP as itself', async () => {
    await register('owner-c@example.test', '127.0.0.5');
    let spoofed = 0;
    const attack = await failUntilThrottled(
      (i) => `ghost-${i}@example.test`,
      '127.0.0.4',
      (email, password, from) =>
        login(email, password, from, {
          'x-forwarded-for': `203.0.113.${(spoofed += 1)}`,
          forwarded: `for=198.51.100.${spoofed}`,
          'x-real-ip': `198.51.100.${spoofed}`,
        }),
    );
    expect(attack.at(-1)!.status).toBe(429);
    expect(attack.length).toBeLessThanOrEqual(40);
    expect((await login('owner-c@example.test', PASSWORD, '127.0.0.5')).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer identity does not trust', async () => {
    await register('owner-d@example.test', '127.0.0.7');
    const identity = platform.urls.identity!;
    let spoofed = 0;
    const direct = (email: string, password: string, from: string) =>
      rawRequest(identity, '/api/auth/login', {
        body: JSON.stringify({ email, password }),
        localAddress: from,
        headers: { 'x-forwarded-for': `203.0.113.${(spoofed += 1)}` },
      });
    const attack = await failUntilThrottled((i) => `direct-${i}@example.test`, '127.0.0.6', direct);
    expect(attack.at(-1)!.status).toBe(429);
    expect(attack.at(-1)!.json().code).toBe('rate_limited');
    // Naming the owner's address in the header changes nothing either.
    expect(
      (
        await rawRequest(identity, '/api/auth/login', {
          body: JSON.stringify({ email: 'owner-d@example.test', password: PASSWORD }),
          localAddress: '127.0.0.6',
          headers: { 'x-forwarded-for': '127.0.0.7' },
        })
      ).status,
    ).toBe(429);
    expect((await login('owner-d@example.test', PASSWORD, '127.0.0.7')).status).toBe(200);
  });
});

describe('website proxy paths and statuses', () => {
  it('refuses paths that would leave /api or the service prefix with 400 invalid_path', async () => {
    const escapes = [
      '/api/identity/../metrics',
      '/api/identity/../../metrics',
      '/api/identity/%2e%2e/metrics',
      '/api/identity/.%2E/%2e%2e/metrics',
      '/api/identity/..%2fmetrics',
      '/api/identity/auth%2f..%2f..%2fmetrics',
      '/api/identity/..\\metrics',
      '/api/identity/%5c..%5cmetrics',
      '/api/identity//metrics',
      '/api/identity/auth//login',
      '/api/identity/./auth/me',
      '/svc/identity/docs/../metrics',
      '/svc/identity//127.0.0.1:1/metrics',
      '/svc/identity/%zz',
    ];
    for (const escape of escapes) {
      const answer = await rawRequest(site, escape);
      expect({ escape, status: answer.status, code: answer.json().code }).toEqual({
        escape,
        status: 400,
        code: 'invalid_path',
      });
    }
  });

  it("does not serve a service's /metrics publicly", async () => {
    for (const url of [
      '/svc/identity/metrics',
      '/svc/identity/metrics/',
      '/svc/identity/metrics?format=json',
      '/svc/identity/%6detrics',
    ]) {
      const answer = await rawRequest(site, url);
      expect({ url, status: answer.status, code: answer.json().code }).toEqual({ url, status: 404, code: 'not_found' });
      expect(answer.text).not.toContain('# HELP');
    }
    // The service still serves it on its own port, and the rest of /svc still passes.
    expect((await rawRequest(platform.urls.identity!, '/metrics')).status).toBe(200);
    expect((await rawRequest(site, '/svc/identity/health')).status).toBe(200);
    expect((await rawRequest(site, '/api/identity/auth/me')).status).toBe(401);
  });

  it("passes the service's own status through: a body over the service's limit is its 413, not a 502", async () => {
    // The service answers 413 and closes while the body is still arriving, with or without Content-Length.
    for (const [size, chunked] of [
      [2, false],
      [8, false],
      [2, true],
      [8, true],
    ] as const) {
      const big = JSON.stringify({ email: 'big@example.test', password: 'x'.repeat(size * 1024 * 1024) });
      const answer = await rawRequest(site, '/api/identity/auth/login', {
        body: big,
        chunked,
        localAddress: '127.0.0.8',
      });
      expect({ size, chunked, status: answer.status, code: answer.json().code }).toEqual({
        size,
        chunked,
        status: 413,
        code: 'payload_too_large',
      });
    }
    const unknown = await rawRequest(site, '/api/identity/no-such-route');
    expect([unknown.status, unknown.json().code]).toEqual([404, 'route_not_found']);
    // A body within the limit still reaches the service whole: parsed, then refused by the schema.
    const ordinary = await rawRequest(site, '/api/identity/auth/login', {
      body: JSON.stringify({ email: 'big@example.test', password: 'y'.repeat(200_000) }),
      chunked: true,
      localAddress: '127.0.0.8',
    });
    expect([ordinary.status, ordinary.json().code]).toEqual([400, 'validation_failed']);
  });
});
