import { createService, loadServiceConfig, type ServiceApp } from '@symbia/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  principalOf,
  registerPeerAuth,
  requestedOrgIdOf,
  requireAuth,
  TOKEN_AUDIENCE,
  type PeerAuth,
} from '../../src/index.js';
import { ISSUER, TestIdentity } from '../support/test-identity.js';

const READ_KEY = `sk_${'d4'.repeat(32)}`;
const OTHER_DOMAIN_KEY = `sk_${'e5'.repeat(32)}`;

/** A kit service with peer authentication registered the way a platform service's app.ts does it. */
async function buildPeerApp(
  identity: TestIdentity,
  internalServiceSecret: string | null,
): Promise<{ app: ServiceApp; auth: PeerAuth }> {
  const config = loadServiceConfig({ serviceId: 'catalog', env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
  const app = await createService({ config, description: 'peer auth under test' });
  const auth = await registerPeerAuth(app, {
    serviceId: 'catalog',
    identityUrl: identity.url,
    issuer: ISSUER,
    audience: TOKEN_AUDIENCE,
    internalServiceSecret,
    apiKeyScopeDomain: 'catalog',
  });
  app.get('/whoami', { preHandler: requireAuth }, async (request) => ({
    id: principalOf(request).id,
    org: requestedOrgIdOf(request) ?? null,
  }));
  await app.ready();
  return { app, auth };
}

let identity: TestIdentity;
let withSecret: Awaited<ReturnType<typeof buildPeerApp>>;
let withoutSecret: Awaited<ReturnType<typeof buildPeerApp>>;
let userToken: string;

beforeAll(async () => {
  identity = await TestIdentity.start();
  identity.apiKeys.set(READ_KEY, {
    sub: 'key-owner',
    sub_typ: 'user',
    key_id: 'k1',
    org: 'org-a',
    scopes: ['catalog:read'],
    ent: [],
  });
  identity.apiKeys.set(OTHER_DOMAIN_KEY, {
    sub: 'key-owner',
    sub_typ: 'user',
    key_id: 'k2',
    org: 'org-a',
    scopes: ['messaging:read'],
    ent: [],
  });
  withSecret = await buildPeerApp(identity, identity.secret);
  withoutSecret = await buildPeerApp(identity, null);
  userToken = await identity.mint({ sub: 'user-1', sid: 'sid-user-1' });
});

afterAll(async () => {
  await withSecret?.app.close();
  await withoutSecret?.app.close();
  await identity?.close();
});

describe('registerPeerAuth', () => {
  it("accepts a token verified against identity's JWKS", async () => {
    const res = await withSecret.app.inject({ url: '/whoami', headers: { authorization: `Bearer ${userToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'user-1', org: null });
  });

  it("introspects an API key at identity as this service and enforces the service's scope domain", async () => {
    const allowed = await withSecret.app.inject({ url: '/whoami', headers: { 'x-api-key': READ_KEY } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().id).toBe('key-owner');
    const refused = await withSecret.app.inject({ url: '/whoami', headers: { 'x-api-key': OTHER_DOMAIN_KEY } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('api_key_scope_missing');
  });

  it('follows the revocation feed and hands the service tokens to the caller', () => {
    expect(withSecret.auth.serviceTokens).not.toBeNull();
    expect(withSecret.auth.feed).toBeDefined();
    expect(withSecret.auth.apiKeys).toBeDefined();
  });

  it('without INTERNAL_SERVICE_SECRET accepts tokens only: an API key is a 401', async () => {
    expect(withoutSecret.auth.serviceTokens).toBeNull();
    expect(withoutSecret.auth.feed).toBeUndefined();
    const token = await withoutSecret.app.inject({ url: '/whoami', headers: { authorization: `Bearer ${userToken}` } });
    expect(token.statusCode).toBe(200);
    const key = await withoutSecret.app.inject({ url: '/whoami', headers: { 'x-api-key': READ_KEY } });
    expect(key.statusCode).toBe(401);
    expect(key.json().code).toBe('invalid_api_key');
  });
});

describe('requestedOrgIdOf', () => {
  const ask = (orgHeader: string) =>
    withSecret.app.inject({ url: '/whoami', headers: { authorization: `Bearer ${userToken}`, 'x-org-id': orgHeader } });

  it('reads X-Org-Id trimmed, and an empty one as absent', async () => {
    expect((await ask('  org-b ')).json().org).toBe('org-b');
    expect((await ask('   ')).json().org).toBeNull();
  });

  it('refuses an over-long X-Org-Id with a 400 naming the header', async () => {
    const res = await ask('o'.repeat(256));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'headers.x-org-id', message: 'is too long' }],
    });
  });
});
