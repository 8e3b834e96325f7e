import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createApiKeyIntrospector,
  createServiceTokenClient,
  type ApiKeyIntrospectorOptions,
  type ServiceTokenClient,
} from '../src/index.js';
import { rejection } from './support/app-error-rejection.js';
import { createCaptureLogger } from './support/capture-logger.js';
import { TestIdentity, unusedUrl } from './support/test-identity.js';

const KEY = `sk_${'a1'.repeat(32)}`;
const OTHER_KEY = `sk_${'b2'.repeat(32)}`;

let identity: TestIdentity;
let serviceTokens: ServiceTokenClient;
let now: number;

beforeEach(async () => {
  identity = await TestIdentity.start();
  now = Date.now();
  serviceTokens = createServiceTokenClient({
    identityUrl: identity.url,
    serviceId: 'catalog',
    secret: identity.secret,
  });
  identity.apiKeys.set(KEY, {
    sub: 'user-7',
    sub_typ: 'user',
    key_id: 'key-1',
    org: 'org-a',
    scopes: ['cap:catalog.read', 'cap:catalog.write'],
    ent: ['cap:catalog.read'],
  });
});
afterEach(async () => {
  await identity.close();
});

const introspectorFor = (overrides: Partial<ApiKeyIntrospectorOptions> = {}) =>
  createApiKeyIntrospector({
    identityUrl: identity.url,
    getServiceToken: () => serviceTokens.getToken(),
    invalidateServiceToken: () => serviceTokens.invalidate(),
    clock: () => now,
    ...overrides,
  });

describe('createApiKeyIntrospector', () => {
  it('maps an active key to a least-privilege principal', async () => {
    const principal = await introspectorFor().verify(KEY);
    expect(principal).toEqual({
      type: 'user',
      id: 'user-7',
      orgId: 'org-a',
      orgs: [{ id: 'org-a', role: 'member' }],
      entitlements: ['cap:catalog.read'],
      roles: [],
      isSuperAdmin: false,
      sessionId: null,
      via: 'api_key',
      apiKeyId: 'key-1',
      scopes: ['cap:catalog.read', 'cap:catalog.write'],
    });
  });

  it('never yields a super admin, even if identity says so', async () => {
    identity.apiKeys.set(OTHER_KEY, { ...identity.apiKeys.get(KEY)!, sub_typ: 'agent', sa: true });
    const principal = await introspectorFor().verify(OTHER_KEY);
    expect(principal.isSuperAdmin).toBe(false);
    expect(principal.type).toBe('agent');
  });

  it('caches a positive answer for 30 s (no second HTTP request)', async () => {
    const introspector = introspectorFor();
    const first = await introspector.verify(KEY);
    expect(await introspector.verify(KEY)).toBe(first);
    expect(identity.requests.introspect).toBe(1);
    now += 29_000;
    await introspector.verify(KEY);
    expect(identity.requests.introspect).toBe(1);
    now += 2_000;
    await introspector.verify(KEY);
    expect(identity.requests.introspect).toBe(2);
  });

  it('caches no longer than the key lives', async () => {
    identity.apiKeys.set(OTHER_KEY, { ...identity.apiKeys.get(KEY)!, exp: Math.floor(now / 1000) + 10 });
    const introspector = introspectorFor();
    await introspector.verify(OTHER_KEY);
    now += 11_000;
    identity.apiKeys.delete(OTHER_KEY);
    expect((await rejection(introspector.verify(OTHER_KEY))).status).toBe(401);
    expect(identity.requests.introspect).toBe(2);
  });

  it('caches a negative answer for 5 s', async () => {
    const introspector = introspectorFor();
    const err = await rejection(introspector.verify(OTHER_KEY));
    expect([err.status, err.code]).toEqual([401, 'invalid_api_key']);
    await rejection(introspector.verify(OTHER_KEY));
    expect(identity.requests.introspect).toBe(1);
    now += 5_001;
    identity.apiKeys.set(OTHER_KEY, { ...identity.apiKeys.get(KEY)!, key_id: 'key-2' });
    expect((await introspector.verify(OTHER_KEY)).apiKeyId).toBe('key-2');
    expect(identity.requests.introspect).toBe(2);
  });

  it('refuses malformed keys without asking identity', async () => {
    const introspector = introspectorFor();
    for (const bad of [
      '',
      'sk_',
      'sk_short',
      'pk_'.concat('a'.repeat(64)),
      `sk_${'a'.repeat(64)}!`,
      `sk_${'a'.repeat(300)}`,
    ]) {
      expect((await rejection(introspector.verify(bad))).status).toBe(401);
    }
    expect(identity.requests.introspect).toBe(0);
  });

  it('concurrent checks of one key share one request', async () => {
    const introspector = introspectorFor();
    await Promise.all(Array.from({ length: 10 }, () => introspector.verify(KEY)));
    expect(identity.requests.introspect).toBe(1);
  });

  it('fails closed with 503 when identity is unreachable', async () => {
    const logger = createCaptureLogger();
    const introspector = introspectorFor({
      identityUrl: await unusedUrl(),
      getServiceToken: async () => 'svc-token',
      logger,
    });
    const err = await rejection(introspector.verify(KEY));
    expect([err.status, err.code]).toEqual([503, 'dependency_unavailable']);
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    expect(logger.text()).not.toContain(KEY);
    expect(logger.text()).not.toContain('svc-token');
  });

  it('fails closed with 503 when identity answers an error or breaks the contract', async () => {
    await serviceTokens.getToken();
    identity.failWith = 500;
    expect((await rejection(introspectorFor().verify(KEY))).status).toBe(503);
    identity.failWith = null;
    const liar: typeof fetch = async () => Response.json({ active: true, sub: 'user-7' });
    expect((await rejection(introspectorFor({ fetch: liar }).verify(KEY))).status).toBe(503);
  });

  it('does not cache a failure: the next call asks identity again', async () => {
    await serviceTokens.getToken();
    identity.failWith = 503;
    const introspector = introspectorFor();
    await rejection(introspector.verify(KEY));
    identity.failWith = null;
    expect((await introspector.verify(KEY)).id).toBe('user-7');
  });

  it('fetches a fresh service token once when identity rejects the cached one', async () => {
    const introspector = introspectorFor();
    const stale = await serviceTokens.getToken();
    identity.issuedServiceTokens.delete(stale); // identity restarted with new keys
    expect((await introspector.verify(KEY)).id).toBe('user-7');
    expect(identity.requests.introspect).toBe(2);
    expect(identity.requests.serviceToken).toBe(2);
  });

  it('answers 503 (not 401) when this service cannot authenticate to identity', async () => {
    const introspector = introspectorFor({
      getServiceToken: async () => 'not-a-service-token',
      invalidateServiceToken: undefined,
    });
    expect((await rejection(introspector.verify(KEY))).status).toBe(503);
  });
});
