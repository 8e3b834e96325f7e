import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCredential,
  fieldsOf,
  loginRoot,
  registerUser,
  serviceSession,
  startIdentity,
  withRoot,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

// DESIGN §6: impersonation belongs to service principals holding cap:impersonate, in the services they call.
let h: Harness;
let root: Session;
let u: Session;

beforeAll(async () => {
  h = await startIdentity(withRoot);
  root = await loginRoot(h.app);
  u = await registerUser(h.app);
});
afterAll(() => h.close());

const introspect = async (token: string, caller: Record<string, string>) =>
  (await h.app.inject({ method: 'POST', url: '/api/auth/introspect', headers: caller, payload: { token } })).json();

describe('X-As-User-Id on identity', () => {
  it('is refused for every caller, super admins and impersonating services included, and never changes who is answered', async () => {
    const assistants = await serviceSession(h.app, 'assistants');
    for (const headers of [root.headers, u.headers, assistants.headers, {}]) {
      const res = await h.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { ...headers, 'x-as-user-id': u.id },
      });
      expect(refusalOf(res)).toEqual({ status: 403, code: 'impersonation_not_allowed' });
      expect(res.json().code).toBe('impersonation_not_allowed');
    }
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: root.headers })).json().user.isSuperAdmin,
    ).toBe(true);
  });
});

describe('cap:impersonate', () => {
  it('is minted only into the service tokens of the services that act for users (assistants, integrations)', async () => {
    const caller = (await serviceSession(h.app, 'catalog')).headers;
    const entitlementsOf = async (serviceId: string) =>
      (await introspect((await serviceSession(h.app, serviceId)).token, caller)).entitlements as string[];
    expect(await entitlementsOf('assistants')).toContain('cap:impersonate');
    expect(await entitlementsOf('integrations')).toContain('cap:impersonate');
    for (const serviceId of ['messaging', 'catalog', 'network', 'runtime', 'logging', 'models', 'server']) {
      expect(await entitlementsOf(serviceId), serviceId).not.toContain('cap:impersonate');
    }
  });

  it('can never be granted to a user, an agent or an API key (400 naming the field)', async () => {
    const grant = await h.app.inject({
      method: 'POST',
      url: `/api/admin/users/${u.id}/entitlements`,
      headers: root.headers,
      payload: { entitlementKey: 'cap:impersonate' },
    });
    expect(refusalOf(grant)).toEqual({ status: 400, code: 'reserved_capability' });
    expect(grant.json().code).toBe('reserved_capability');
    expect(fieldsOf(grant)).toEqual(['body.entitlementKey']);
    const assistants = await serviceSession(h.app, 'assistants');
    const agent = await h.app.inject({
      method: 'POST',
      url: '/api/auth/agent/register',
      headers: assistants.headers,
      payload: {
        agentId: 'agent:mimic',
        credential: agentCredential(),
        name: 'Mimic',
        capabilities: ['cap:messaging.send', 'cap:impersonate'],
      },
    });
    expect(fieldsOf(agent)).toEqual(['body.capabilities']);
    const key = await h.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: root.headers,
      payload: { name: 'k', scopes: ['cap:impersonate'] },
    });
    expect(fieldsOf(key)).toEqual(['body.scopes']);
    // Other grants still work.
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: `/api/admin/users/${u.id}/entitlements`,
          headers: root.headers,
          payload: { entitlementKey: 'cap:catalog.read' },
        })
      ).statusCode,
    ).toBe(200);
  });
});
