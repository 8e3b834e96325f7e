import type { ServiceApp } from '@symbia/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyAllows,
  createApiKeyIntrospector,
  createJwtVerifier,
  createServiceTokenClient,
  EXECUTE_SCOPE,
  optionalAuth,
  requireAuth,
  requireEntitlement,
  type Principal,
} from '../../src/index.js';
import { buildTestApp } from '../support/test-app.js';
import { AUDIENCE, ISSUER, TestIdentity } from '../support/test-identity.js';

const READ_KEY = `sk_${'a1'.repeat(32)}`;
const WRITE_KEY = `sk_${'b2'.repeat(32)}`;
const EXECUTE_KEY = `sk_${'c3'.repeat(32)}`;
const NO_SCOPE_KEY = `sk_${'d4'.repeat(32)}`;

let identity: TestIdentity;
let app: ServiceApp;
let unscoped: ServiceApp;
let userToken: string;

beforeAll(async () => {
  identity = await TestIdentity.start();
  const key = (key_id: string, scopes: string[]) => ({
    sub: 'key-owner',
    sub_typ: 'user' as const,
    key_id,
    org: 'org-a',
    scopes,
    ent: ['cap:catalog.read'],
  });
  identity.apiKeys.set(READ_KEY, key('k-read', ['read:resources']));
  identity.apiKeys.set(WRITE_KEY, key('k-write', ['catalog:read', 'catalog:write', 'write']));
  identity.apiKeys.set(EXECUTE_KEY, key('k-exec', [EXECUTE_SCOPE]));
  identity.apiKeys.set(NO_SCOPE_KEY, key('k-none', []));
  const options = () => {
    const serviceTokens = createServiceTokenClient({
      identityUrl: identity.url,
      serviceId: 'catalog',
      secret: identity.secret,
    });
    return {
      verifier: createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE }),
      apiKeys: createApiKeyIntrospector({ identityUrl: identity.url, getServiceToken: () => serviceTokens.getToken() }),
    };
  };
  const routes = (a: ServiceApp) => {
    const whoami = async (request: { principal: Principal | null }) => ({ id: request.principal?.id ?? null });
    a.get('/things', { preHandler: requireAuth }, whoami);
    a.post('/things', { preHandler: [requireAuth, requireEntitlement('cap:catalog.read')] }, whoami);
    a.delete('/things/:id', { preHandler: optionalAuth }, whoami);
    // A read that travels as POST (a search body) declares the read scope.
    a.post('/search', { config: { apiKeyScope: 'catalog:read' }, preHandler: optionalAuth }, whoami);
    // Spending stored provider keys is its own scope, outside the broad write label.
    a.post('/execute', { config: { apiKeyScope: EXECUTE_SCOPE }, onRequest: requireAuth }, whoami);
  };
  ({ app } = await buildTestApp({ ...options(), apiKeyScopeDomain: 'catalog' }, routes));
  ({ app: unscoped } = await buildTestApp(options(), routes));
  userToken = await identity.mint({ sub: 'user-1' });
});
afterAll(async () => {
  await app.close();
  await unscoped.close();
  await identity.close();
});

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, target = app) =>
  target.inject({ method, url, headers });
const expectScopeMissing = (res: Awaited<ReturnType<typeof call>>, scope: string) => {
  expect(res.statusCode).toBe(403);
  expect(res.json()).toMatchObject({ code: 'api_key_scope_missing', details: { requiredScope: scope } });
  expect(res.json().error).toContain(scope);
};

describe('authPlugin API-key scopes (apiKeyScopeDomain)', () => {
  it('lets a read:resources key read and refuses it every write with 403 api_key_scope_missing naming the scope', async () => {
    const key = { 'x-api-key': READ_KEY };
    expect((await call('GET', '/things', key)).json()).toEqual({ id: 'key-owner' });
    expectScopeMissing(await call('POST', '/things', key), 'catalog:write');
    // Also on a route whose guard is optional: presenting the key is what counts.
    expectScopeMissing(await call('DELETE', '/things/1', key), 'catalog:write');
  });

  it("honours a route's declared scope over the method's default", async () => {
    expect((await call('POST', '/search', { 'x-api-key': READ_KEY })).statusCode).toBe(200);
    expectScopeMissing(await call('POST', '/execute', { 'x-api-key': WRITE_KEY }), EXECUTE_SCOPE);
    expect((await call('POST', '/execute', { 'x-api-key': EXECUTE_KEY })).statusCode).toBe(200);
    expectScopeMissing(await call('GET', '/things', { 'x-api-key': EXECUTE_KEY }), 'catalog:read');
  });

  it('lets a key with the write scope write, and refuses a key without scopes everything', async () => {
    expect((await call('POST', '/things', { 'x-api-key': WRITE_KEY })).statusCode).toBe(200);
    expect((await call('POST', '/things', { authorization: `Bearer ${WRITE_KEY}` })).statusCode).toBe(200);
    expectScopeMissing(await call('GET', '/things', { 'x-api-key': NO_SCOPE_KEY }), 'catalog:read');
  });

  it('leaves JWT callers alone', async () => {
    const bearer = { authorization: `Bearer ${userToken}` };
    expect((await call('POST', '/things', bearer)).statusCode).toBe(200);
    expect((await call('POST', '/execute', bearer)).statusCode).toBe(200);
  });

  it('enforces nothing in a service registered without a domain', async () => {
    expect((await call('POST', '/things', { 'x-api-key': READ_KEY }, unscoped)).statusCode).toBe(200);
  });
});

describe('apiKeyAllows', () => {
  const principal = (overrides: Partial<Principal>): Principal => ({
    type: 'user',
    id: 'u',
    orgId: null,
    orgs: [],
    entitlements: [],
    roles: [],
    isSuperAdmin: false,
    sessionId: null,
    via: 'jwt',
    ...overrides,
  });

  it('passes anything not authenticated by a key, and a key only with the scope', () => {
    expect(apiKeyAllows(principal({}), 'messaging:write')).toBe(true);
    const key = principal({ via: 'api_key', scopes: ['read'] });
    expect(apiKeyAllows(key, 'messaging:read')).toBe(true);
    expect(apiKeyAllows(key, 'messaging:write')).toBe(false);
    expect(apiKeyAllows(principal({ via: 'api_key' }), 'messaging:read')).toBe(false);
  });
});
