import type { ServiceApp } from '@symbia/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createJwtVerifier,
  optionalAuth,
  requireEntitlement,
  requireOrgMember,
  requireAgent,
  requirePrincipalType,
  requireService,
  requireServiceCapability,
  requireSuperAdmin,
  requireUser,
} from '../../src/index.js';
import { buildTestApp } from '../support/test-app.js';
import { AUDIENCE, ISSUER, TestIdentity } from '../support/test-identity.js';

let identity: TestIdentity;
let app: ServiceApp;
const tokens: Record<'member' | 'superAdmin' | 'agent' | 'messaging' | 'logging', string> = {
  member: '',
  superAdmin: '',
  agent: '',
  messaging: '',
  logging: '',
};

beforeAll(async () => {
  identity = await TestIdentity.start();
  const verifier = createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE });
  ({ app } = await buildTestApp({ verifier }, (a) => {
    const ok = async () => ({ ok: true });
    a.get('/catalog/publish', { preHandler: requireEntitlement('cap:catalog.publish', 'cap:catalog.admin') }, ok);
    a.get(
      '/orgs/:orgId',
      { preHandler: requireOrgMember((request) => (request.params as { orgId: string }).orgId) },
      ok,
    );
    a.get(
      '/scoped',
      { preHandler: requireOrgMember((request) => request.headers['x-org-id'] as string | undefined) },
      ok,
    );
    a.get('/internal', { preHandler: requireService() }, ok);
    a.get('/internal/messaging', { preHandler: requireService('messaging') }, ok);
    a.get('/agents', { preHandler: requirePrincipalType('agent') }, ok);
    a.get('/users-only', { preHandler: requireUser }, ok);
    a.get('/agents-only', { preHandler: requireAgent }, ok);
    a.get('/impersonate', { preHandler: requireServiceCapability('cap:impersonate') }, ok);
    a.get('/register', { preHandler: requireServiceCapability('cap:agents.register') }, ok);
    // The database says who is a super admin now: 'user-1' (the member token) is, 'root' (sa: true) no longer is.
    const isSuperAdmin = async (id: string) => id === 'user-1';
    a.get('/root', { preHandler: requireSuperAdmin({ isSuperAdmin }) }, ok);
    a.get('/stats', { preHandler: requireSuperAdmin({ isSuperAdmin, allowServices: true }) }, ok);
    // A body schema behind a guard, and the same schema behind optional authentication.
    const body = z.strictObject({ name: z.string() });
    a.post('/guarded-body', { schema: { body }, preHandler: requireEntitlement('cap:catalog.read') }, ok);
    a.post('/optional-body', { schema: { body }, preHandler: optionalAuth }, ok);
  }));
  tokens.member = await identity.mint({
    org: 'org-a',
    orgs: [{ id: 'org-a', role: 'member' }],
    ent: ['cap:catalog.read'],
  });
  tokens.superAdmin = await identity.mint({ sub: 'root', org: undefined, orgs: [], ent: [], sa: true });
  tokens.agent = await identity.mint({
    typ: 'agent',
    sub: 'agent-row',
    agent: 'assistant:demo',
    ent: ['cap:catalog.admin'],
  });
  tokens.messaging = await identity.mintServiceToken('messaging');
  tokens.logging = await identity.mintServiceToken('logging');
});
afterAll(async () => {
  await app.close();
  await identity.close();
});

const get = (url: string, as?: keyof typeof tokens, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: as ? { ...headers, authorization: `Bearer ${tokens[as]}` } : headers });

describe('requireEntitlement', () => {
  it('answers 401 without credentials, 403 without any of the entitlements, 200 with one', async () => {
    expect((await get('/catalog/publish')).statusCode).toBe(401);
    const denied = await get('/catalog/publish', 'member');
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'insufficient_permissions' });
    expect(denied.json().error).toContain('cap:catalog.publish');
    expect((await get('/catalog/publish', 'agent')).statusCode).toBe(200);
    expect((await get('/catalog/publish', 'superAdmin')).statusCode).toBe(200);
  });

  it('refuses to build without entitlements', () => {
    expect(() => requireEntitlement()).toThrow(TypeError);
  });
});

describe('requireOrgMember', () => {
  it('answers 403 for another org and 200 for the own org; super admins pass', async () => {
    expect((await get('/orgs/org-a', 'member')).statusCode).toBe(200);
    const other = await get('/orgs/org-b', 'member');
    expect([other.statusCode, other.json().code]).toEqual([403, 'not_org_member']);
    expect((await get('/orgs/org-b', 'superAdmin')).statusCode).toBe(200);
    expect((await get('/orgs/org-a')).statusCode).toBe(401);
  });

  it('checks an X-Org-Id scope header against memberships instead of trusting it', async () => {
    expect((await get('/scoped', 'member', { 'x-org-id': 'org-a' })).statusCode).toBe(200);
    expect((await get('/scoped', 'member', { 'x-org-id': 'org-b' })).statusCode).toBe(403);
    const missing = await get('/scoped', 'member');
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'org_required']);
  });
});

describe('requireService', () => {
  it('answers 403 to users and agents, 200 to services', async () => {
    expect((await get('/internal', 'member')).statusCode).toBe(403);
    expect((await get('/internal', 'superAdmin')).statusCode).toBe(403);
    expect((await get('/internal', 'agent')).statusCode).toBe(403);
    expect((await get('/internal', 'logging')).statusCode).toBe(200);
  });

  it('honours the allow-list of service ids', async () => {
    expect((await get('/internal/messaging', 'messaging')).statusCode).toBe(200);
    expect((await get('/internal/messaging', 'logging')).statusCode).toBe(403);
  });

  it('ignores a spoofed X-Service-Id', async () => {
    expect((await get('/internal/messaging', 'member', { 'x-service-id': 'messaging' })).statusCode).toBe(403);
    expect((await get('/internal/messaging', 'logging', { 'x-service-id': 'messaging' })).statusCode).toBe(403);
    expect((await get('/internal/messaging', undefined, { 'x-service-id': 'messaging' })).statusCode).toBe(401);
  });
});

describe('requirePrincipalType', () => {
  it('lets only the listed principal types through', async () => {
    expect((await get('/agents', 'agent')).statusCode).toBe(200);
    const user = await get('/agents', 'member');
    expect(user.statusCode).toBe(403);
    expect(user.json().error).toBe('This endpoint is for agent principals only');
    expect(() => requirePrincipalType()).toThrow(TypeError);
  });
});

describe('requireUser and requireAgent', () => {
  it('refuse the other principal types with users_only / agents_only', async () => {
    expect((await get('/users-only', 'member')).statusCode).toBe(200);
    expect((await get('/users-only')).statusCode).toBe(401);
    for (const as of ['agent', 'messaging'] as const) {
      const res = await get('/users-only', as);
      expect([res.statusCode, res.json().code, res.json().error]).toEqual([
        403,
        'users_only',
        'This endpoint is for users only',
      ]);
    }
    expect((await get('/agents-only', 'agent')).statusCode).toBe(200);
    for (const as of ['member', 'superAdmin', 'messaging'] as const) {
      const res = await get('/agents-only', as);
      expect([res.statusCode, res.json().code, res.json().error]).toEqual([
        403,
        'agents_only',
        'This endpoint is for agents only',
      ]);
    }
  });
});

describe('requireServiceCapability', () => {
  it('passes only a service whose token carries the capability; super admins get no implicit pass', async () => {
    expect((await get('/impersonate', 'messaging')).statusCode).toBe(200);
    expect((await get('/impersonate')).statusCode).toBe(401);
    for (const as of ['member', 'superAdmin', 'agent'] as const) {
      const res = await get('/impersonate', as);
      expect([res.statusCode, res.json().code]).toEqual([403, 'capability_required']);
    }
    const lacking = await get('/register', 'messaging');
    expect([lacking.statusCode, lacking.json().code]).toEqual([403, 'capability_required']);
  });
});

describe('requireSuperAdmin', () => {
  it('asks the lookup, not the token: a demoted sa token is refused, agents get users_only', async () => {
    expect((await get('/root', 'member')).statusCode).toBe(200);
    expect((await get('/root')).statusCode).toBe(401);
    const demoted = await get('/root', 'superAdmin');
    expect([demoted.statusCode, demoted.json().code, demoted.json().error]).toEqual([
      403,
      'superadmin_required',
      'Super admin access required',
    ]);
    const agent = await get('/root', 'agent');
    expect([agent.statusCode, agent.json().code]).toEqual([403, 'users_only']);
    const service = await get('/root', 'messaging');
    expect([service.statusCode, service.json().code]).toEqual([403, 'users_only']);
  });

  it('with allowServices lets services through and refuses everyone else with superadmin_required', async () => {
    expect((await get('/stats', 'messaging')).statusCode).toBe(200);
    expect((await get('/stats', 'member')).statusCode).toBe(200);
    for (const as of ['superAdmin', 'agent'] as const) {
      const res = await get('/stats', as);
      expect([res.statusCode, res.json().code, res.json().error]).toEqual([
        403,
        'superadmin_required',
        'Super admin or service access required',
      ]);
    }
  });
});

describe('authentication before validation', () => {
  const post = (url: string, payload: unknown, as?: keyof typeof tokens) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: as ? { authorization: `Bearer ${tokens[as]}` } : {},
    });

  it('answers an anonymous caller 401 whatever it sent: the schema is checked only for callers who may pass', async () => {
    const anonymous = await post('/guarded-body', { unexpected: true });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'authentication_required' });
    const invalid = await app.inject({
      method: 'POST',
      url: '/guarded-body',
      payload: { unexpected: true },
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(invalid.statusCode).toBe(401);
    const malformed = await post('/guarded-body', { unexpected: true }, 'member');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'validation_failed' });
    expect((await post('/guarded-body', { name: 'x' }, 'member')).statusCode).toBe(200);
  });

  it('leaves routes open to anonymous callers validating first', async () => {
    const anonymous = await post('/optional-body', { unexpected: true });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json()).toMatchObject({ code: 'validation_failed' });
  });
});
