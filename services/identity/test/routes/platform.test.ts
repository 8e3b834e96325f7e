import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  loginRoot,
  registerUser,
  serviceSession,
  startIdentity,
  withRoot,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

let h: Harness;
let root: Session;
let b: Session;

beforeAll(async () => {
  h = await startIdentity({
    ...withRoot,
    PUBLIC_BASE_URL: 'http://web.test',
  });
  root = await loginRoot(h.app);
  b = await registerUser(h.app, { orgName: 'Beta' });
});
afterAll(() => h.close());

describe('GET /api/auth/config', () => {
  it('tells front-ends where to log in and out, anonymously', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/auth/config' });
    expect(res.json()).toEqual({
      identityServiceUrl: 'http://identity.test',
      loginUrl: 'http://web.test/login',
      logoutUrl: 'http://identity.test/api/auth/logout',
      emailEnabled: false,
    });
  });
});

describe('docs', () => {
  it('redirects the service root to /docs/llms.txt', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/docs/llms.txt');
  });

  it('generates OpenAPI for the new routes from their schemas', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/auth/agent/register',
        '/api/auth/agent/login',
        '/api/credentials',
        '/api/internal/credentials/{userId}/{provider}',
        '/api/auth/forgot-password',
        '/api/orgs/{orgId}/projects',
        '/api/scoped-entitlements',
        '/api/stats',
        '/api/auth/config',
        '/api/entities',
        '/api/entities/resolve',
        '/api/agents',
      ]),
    );
  });
});

describe('GET /symbia-namespace and GET /api/dashboard', () => {
  it("describes identity's namespace anonymously", async () => {
    const res = await h.app.inject({ method: 'GET', url: '/symbia-namespace' });
    expect(res.json()).toMatchObject({
      namespace: 'identity',
      properties: { 'users.count': { type: 'number' }, 'entities.count': { type: 'number' } },
    });
    expect(res.json().properties['entities.count'].description).not.toMatch(/not built/);
  });

  it("shows the caller's organizations on the dashboard; 401 without a token", async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/dashboard', headers: b.headers });
    expect(res.json()).toEqual({
      organizations: [expect.objectContaining({ name: 'Beta', role: 'admin', memberCount: 1, planName: 'free' })],
      recentActivity: [],
    });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/dashboard' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });
});

describe('GET /api/stats (W21)', () => {
  it('answers super admins and service principals with counts', async () => {
    await h.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: root.headers,
      payload: { type: 'service', slug: 'counted', displayName: 'Counted' },
    });
    const res = await h.app.inject({ method: 'GET', url: '/api/stats', headers: root.headers });
    expect(res.json()).toEqual({ totalUsers: 2, totalOrgs: 2, totalAgents: 0, totalEntities: 1 });
    const svc = await serviceSession(h.app, 'server');
    expect((await h.app.inject({ method: 'GET', url: '/api/stats', headers: svc.headers })).statusCode).toBe(200);
  });

  it('refuses anonymous callers (401), plain users and spoofed service headers', async () => {
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/stats' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: '/api/stats', headers: { 'x-service-id': 'server' } })),
    ).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/stats', headers: b.headers }))).toEqual({
      status: 403,
      code: 'superadmin_required',
    });
  });
});

describe('user-only aliases', () => {
  it('serves /api/auth/user/me as the {user, organizations} envelope; 401 without a token', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/auth/user/me', headers: b.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { id: b.id },
      organizations: [expect.objectContaining({ name: 'Beta', role: 'admin' })],
    });
    expect(res.body).not.toMatch(/password|hash/i);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/user/me' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it('refreshes a user session on /api/auth/user/refresh; 401 without a refresh token, 400 for a malformed one', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/user/refresh',
      payload: { refreshToken: b.refreshToken },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toEqual({ id: b.id, email: expect.any(String), name: 'User' });
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/auth/user/me', headers: bearer(res.json().token) })).statusCode,
    ).toBe(200);
    expect(refusalOf(await h.app.inject({ method: 'POST', url: '/api/auth/user/refresh' }))).toEqual({
      status: 401,
      code: 'invalid_refresh_token',
    });
    expect(
      refusalOf(await h.app.inject({ method: 'POST', url: '/api/auth/user/refresh', payload: { refreshToken: 7 } })),
    ).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('refuses an agent refresh token on /api/auth/user/refresh (403) without rotating it', async () => {
    const svc = await serviceSession(h.app, 'assistants');
    const credential = 'c'.repeat(40);
    await h.app.inject({
      method: 'POST',
      url: '/api/auth/agent/register',
      headers: svc.headers,
      payload: { agentId: 'agent:x', credential, name: 'X' },
    });
    const agent = (
      await h.app.inject({ method: 'POST', url: '/api/auth/agent/login', payload: { agentId: 'agent:x', credential } })
    ).json();
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/user/refresh',
          payload: { refreshToken: agent.refreshToken },
        }),
      ),
    ).toEqual({ status: 403, code: 'wrong_session_kind' });
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/agent/refresh',
          payload: { refreshToken: agent.refreshToken },
        })
      ).statusCode,
    ).toBe(200);
  });
});
