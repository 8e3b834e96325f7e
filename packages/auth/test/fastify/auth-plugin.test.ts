import type { ServiceApp } from '@symbia/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authenticate,
  createApiKeyIntrospector,
  createJwtVerifier,
  createRevocationList,
  createServiceTokenClient,
  optionalAuth,
  requireAuth,
  requireEntitlement,
  requireService,
  type JwtVerifier,
  type Principal,
} from '../../src/index.js';
import { buildTestApp } from '../support/test-app.js';
import { AUDIENCE, ISSUER, TestIdentity, unusedUrl } from '../support/test-identity.js';

const API_KEY = `sk_${'c3'.repeat(32)}`;

let identity: TestIdentity;
let app: ServiceApp;
let logs: Awaited<ReturnType<typeof buildTestApp>>['logs'];
let userToken: string;
let verifyCalls = 0;
const revocations = createRevocationList();

beforeAll(async () => {
  identity = await TestIdentity.start();
  identity.apiKeys.set(API_KEY, {
    sub: 'user-key-owner',
    sub_typ: 'user',
    key_id: 'k1',
    org: 'org-a',
    scopes: ['cap:catalog.read'],
    ent: ['cap:catalog.read'],
  });
  const jwt = createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE });
  // Counts verifications to prove one resolution per request; the plugin gets the revocation list, the verifier not.
  const verifier: JwtVerifier = {
    verify: (token) => {
      verifyCalls += 1;
      return jwt.verify(token);
    },
  };
  const serviceTokens = createServiceTokenClient({
    identityUrl: identity.url,
    serviceId: 'catalog',
    secret: identity.secret,
  });
  const apiKeys = createApiKeyIntrospector({
    identityUrl: identity.url,
    getServiceToken: () => serviceTokens.getToken(),
  });
  ({ app, logs } = await buildTestApp({ verifier, apiKeys, revocations }, (a) => {
    const whoami = async (request: { principal: Principal | null }) => ({ principal: request.principal });
    a.get('/whoami', { preHandler: optionalAuth }, whoami);
    a.get('/private', { preHandler: requireAuth }, whoami);
    a.get('/twice', { preHandler: [requireAuth, requireEntitlement('cap:catalog.read'), optionalAuth] }, whoami);
    a.get('/internal', { preHandler: requireService() }, whoami);
    a.get('/public', async (request) => ({ principal: request.principal }));
    a.get('/handler-auth', async (request) => ({ principal: await authenticate(request) }));
  }));
  userToken = await identity.mint({ sub: 'user-1', sid: 'sid-user-1' });
});
afterAll(async () => {
  await app.close();
  await identity.close();
});
beforeEach(() => {
  verifyCalls = 0;
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('authPlugin credential resolution', () => {
  it('treats a request without credentials as anonymous, and requireAuth answers 401 in the kit error shape', async () => {
    expect((await get('/whoami')).json()).toEqual({ principal: null });
    const res = await get('/private');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({
      error: 'Authentication required',
      code: 'authentication_required',
      requestId: expect.any(String),
    });
  });

  it('authenticates a bearer JWT', async () => {
    const res = await get('/private', { authorization: `Bearer ${userToken}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().principal).toMatchObject({ type: 'user', id: 'user-1', via: 'jwt', orgId: 'org-a' });
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'Unsupported Authorization scheme'],
    ['Bearer', 'Malformed bearer token'],
    ['Bearer    ', 'Malformed bearer token'],
    ['Bearer two tokens', 'Malformed bearer token'],
    ['Token abc', 'Unsupported Authorization scheme'],
    ['', 'Empty Authorization header'],
  ])('answers 401 with a clear message for Authorization %j', async (authorization, message) => {
    const res = await get('/whoami', { authorization });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_authorization_header' });
    expect(res.json().error).toContain(message);
  });

  it('optionalAuth still answers 401 for an invalid credential', async () => {
    const res = await get('/whoami', { authorization: 'Bearer not.a.jwt' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_token');
  });

  it('lets the Authorization header win over X-API-Key and the cookie, with no fall-through when it is bad', async () => {
    const other = await identity.mint({ sub: 'cookie-user' });
    const both = await get('/private', {
      authorization: `Bearer ${userToken}`,
      'x-api-key': API_KEY,
      cookie: `token=${other}`,
    });
    expect(both.json().principal.id).toBe('user-1');
    const badHeader = await get('/private', {
      authorization: 'Bearer x.y.z',
      'x-api-key': API_KEY,
      cookie: `token=${other}`,
    });
    expect(badHeader.statusCode).toBe(401);
  });

  it('authenticates X-API-Key (and Bearer sk_…) through introspection', async () => {
    const viaHeader = await get('/private', { 'x-api-key': API_KEY });
    expect(viaHeader.statusCode).toBe(200);
    expect(viaHeader.json().principal).toMatchObject({
      id: 'user-key-owner',
      via: 'api_key',
      apiKeyId: 'k1',
      isSuperAdmin: false,
    });
    const viaBearer = await get('/private', { authorization: `Bearer ${API_KEY}` });
    expect(viaBearer.json().principal.via).toBe('api_key');
    const unknown = await get('/private', { 'x-api-key': `sk_${'0'.repeat(64)}` });
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, 'invalid_api_key']);
    const doubled = await get('/private', { 'x-api-key': `${API_KEY}, ${API_KEY}` });
    expect(doubled.statusCode).toBe(401);
  });

  it('authenticates the token cookie and ignores other or empty cookies', async () => {
    const res = await get('/private', { cookie: `theme=dark; token=${userToken}; other=1` });
    expect(res.json().principal.id).toBe('user-1');
    expect((await get('/whoami', { cookie: 'token=; theme=dark' })).json()).toEqual({ principal: null });
    expect((await get('/whoami', { cookie: `symbia_token=${userToken}` })).json()).toEqual({ principal: null });
    expect((await get('/whoami', { cookie: 'token=garbage' })).statusCode).toBe(401);
  });

  it('never derives a principal from X-Service-Id, X-Org-Id or X-Forwarded-For', async () => {
    const spoof = {
      'x-service-id': 'messaging',
      'x-service-auth': 'internal',
      'x-org-id': 'org-b',
      'x-forwarded-for': '127.0.0.1',
      'x-as-user-id': 'root',
    };
    expect((await get('/whoami', spoof)).json()).toEqual({ principal: null });
    expect((await get('/internal', spoof)).statusCode).toBe(401);
    const asUser = await get('/whoami', { ...spoof, authorization: `Bearer ${userToken}` });
    expect(asUser.json().principal).toMatchObject({ type: 'user', id: 'user-1', orgId: 'org-a' });
    expect(asUser.json().principal.serviceId).toBeUndefined();
    expect((await get('/internal', { ...spoof, authorization: `Bearer ${userToken}` })).statusCode).toBe(403);
  });

  it('refuses a revoked session through the plugin revocation list even if the verifier has none', async () => {
    const token = await identity.mint({ sid: 'sid-to-revoke' });
    expect((await get('/private', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    revocations.revoke('sid-to-revoke', Math.floor(Date.now() / 1000) + 900);
    expect((await get('/private', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
  });

  it('resolves the credential once per request however many guards run', async () => {
    const res = await get('/twice', { authorization: `Bearer ${userToken}` });
    expect(res.statusCode).toBe(200);
    expect(verifyCalls).toBe(1);
  });

  it('does nothing on routes without a guard (lazy), and authenticate() works inside a handler', async () => {
    const res = await get('/public', { authorization: 'Bearer x.y.z' });
    expect([res.statusCode, res.json()]).toEqual([200, { principal: null }]);
    expect(verifyCalls).toBe(0);
    expect((await get('/handler-auth', { authorization: `Bearer ${userToken}` })).json().principal.id).toBe('user-1');
  });

  it('never writes tokens or API keys to the request log', async () => {
    await get('/private', { authorization: `Bearer ${userToken}` });
    await get('/private', { 'x-api-key': API_KEY });
    await get('/private', { cookie: `token=${userToken}` });
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(userToken);
    expect(logs.text()).not.toContain(API_KEY);
  });
});

describe('authPlugin when identity is down', () => {
  it('answers 503, never 200, for an API key', async () => {
    const down = await unusedUrl();
    const { app: downApp } = await buildTestApp(
      {
        verifier: createJwtVerifier({ jwksUrl: `${down}/.well-known/jwks.json`, issuer: ISSUER, audience: AUDIENCE }),
        apiKeys: createApiKeyIntrospector({ identityUrl: down, getServiceToken: async () => 'svc' }),
      },
      (a) => a.get('/private', { preHandler: requireAuth }, async () => ({ ok: true })),
    );
    try {
      const key = await downApp.inject({ method: 'GET', url: '/private', headers: { 'x-api-key': API_KEY } });
      expect([key.statusCode, key.json().code]).toEqual([503, 'dependency_unavailable']);
      const jwt = await downApp.inject({
        method: 'GET',
        url: '/private',
        headers: { authorization: `Bearer ${userToken}` },
      });
      expect([jwt.statusCode, jwt.json().code]).toEqual([503, 'dependency_unavailable']);
    } finally {
      await downApp.close();
    }
  });

  it('refuses X-API-Key with 401 when the service accepts no API keys', async () => {
    const { app: jwtOnly } = await buildTestApp(
      { verifier: createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE }) },
      (a) => a.get('/private', { preHandler: requireAuth }, async () => ({ ok: true })),
    );
    try {
      const res = await jwtOnly.inject({ method: 'GET', url: '/private', headers: { 'x-api-key': API_KEY } });
      expect([res.statusCode, res.json().code]).toEqual([401, 'invalid_api_key']);
    } finally {
      await jwtOnly.close();
    }
  });
});
