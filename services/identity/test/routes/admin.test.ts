import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createOrg,
  fieldsOf,
  login,
  loginRoot,
  registerUser,
  ROOT,
  startIdentity,
  withRoot,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

let h: Harness;
let root: Session;
let b: Session;

beforeAll(async () => {
  h = await startIdentity(withRoot);
  root = await loginRoot(h.app);
  b = await registerUser(h.app);
});
afterAll(() => h.close());

describe('super admin bootstrap', () => {
  it('creates the super admin from SYMBIA_ADMIN_* without ever logging the password', async () => {
    const me = (await h.app.inject({ method: 'GET', url: '/api/users/me', headers: root.headers })).json();
    expect(me.isSuperAdmin).toBe(true);
    expect(h.logs.text()).not.toContain(ROOT.password);
  });

  it('shows one setup token on the terminal, never in the log, when no super admin exists; it works once and registration never makes a super admin', async () => {
    const fresh = await startIdentity();
    try {
      const line = fresh.terminal.find((l) => l.includes('setup token'));
      const token = /(setup_[A-Za-z0-9_-]+)/.exec(line ?? '')?.[1];
      expect(token).toBeDefined();
      expect(fresh.logs.text()).toContain('a one-time setup token was shown on the terminal');
      expect(fresh.logs.text()).not.toContain(token!);
      const first = await registerUser(fresh.app);
      expect(
        refusalOf(await fresh.app.inject({ method: 'GET', url: '/api/admin/users', headers: first.headers })),
      ).toEqual({ status: 403, code: 'superadmin_required' });
      const bad = await fresh.app.inject({
        method: 'POST',
        url: '/api/setup/admin',
        payload: { token: 'setup_wrong', email: 'a@x.io', password: 'longpass1', name: 'A' },
      });
      expect(refusalOf(bad)).toEqual({ status: 401, code: 'invalid_setup_token' });
      const ok = await fresh.app.inject({
        method: 'POST',
        url: '/api/setup/admin',
        payload: { token, email: 'a@x.io', password: 'longpass1', name: 'A' },
      });
      expect(ok.json().user.isSuperAdmin).toBe(true);
      expect(
        refusalOf(
          await fresh.app.inject({
            method: 'POST',
            url: '/api/setup/admin',
            payload: { token, email: 'z@x.io', password: 'longpass1', name: 'Z' },
          }),
        ),
      ).toEqual({ status: 409, code: 'superadmin_exists' });
    } finally {
      await fresh.close();
    }
  });
});

describe('admin routes', () => {
  it('refuses non super admins (403) and anonymous callers (401)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/admin/users', headers: b.headers });
    expect(refusalOf(res)).toEqual({ status: 403, code: 'superadmin_required' });
    expect(res.json().code).toBe('superadmin_required');
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/admin/users' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it('lists users without hashes and grants entitlements that appear in introspection', async () => {
    const users = await h.app.inject({ method: 'GET', url: '/api/admin/users?limit=10', headers: root.headers });
    expect(users.statusCode).toBe(200);
    expect(users.body).not.toMatch(/password|argon/i);
    const grant = await h.app.inject({
      method: 'POST',
      url: `/api/admin/users/${b.id}/entitlements`,
      headers: root.headers,
      payload: { entitlementKey: 'cap:registry.write' },
    });
    expect(grant.json()).toMatchObject({ grantKey: 'cap:registry.write', grantedBy: root.id });
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: `/api/admin/users/${b.id}/entitlements`,
          headers: root.headers,
          payload: { entitlementKey: 'cap:registry.write' },
        }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
    expect(
      fieldsOf(
        await h.app.inject({
          method: 'POST',
          url: `/api/admin/users/${b.id}/entitlements`,
          headers: root.headers,
          payload: {},
        }),
      ),
    ).toContain('body.entitlementKey');
    const intro = await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: b.token } });
    expect(intro.json().entitlements).toContain('cap:registry.write');
    // Fresh tokens carry the grant as `ent`, so API keys may now carry it too.
    const refreshed = (
      await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: b.refreshToken } })
    ).json();
    const key = await h.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: bearer(refreshed.token),
      payload: { name: 'k', scopes: ['cap:registry.write'] },
    });
    expect(key.statusCode).toBe(200);
    b = { ...b, token: refreshed.token, refreshToken: refreshed.refreshToken, headers: bearer(refreshed.token) };
    const del = await h.app.inject({
      method: 'DELETE',
      url: `/api/admin/users/${b.id}/entitlements/cap%3Aregistry.write`,
      headers: root.headers,
    });
    expect(del.statusCode).toBe(200);
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: `/api/admin/users/${b.id}/roles`,
          headers: root.headers,
          payload: { roleKey: 'role:publisher' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it("grants messaging's admin capability as cap:messaging.admin (into the token's ent); the spec's messaging:admin is not a cap:* key (400)", async () => {
    const u = await registerUser(h.app);
    const grant = await h.app.inject({
      method: 'POST',
      url: `/api/admin/users/${u.id}/entitlements`,
      headers: root.headers,
      payload: { entitlementKey: 'cap:messaging.admin' },
    });
    expect(grant.statusCode, grant.body).toBe(200);
    expect(grant.json()).toMatchObject({ grantKey: 'cap:messaging.admin', grantedBy: root.id });
    const token = (await login(h.app, u.email, u.password)).token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { ent: string[] };
    expect(claims.ent).toContain('cap:messaging.admin');
    const spec = await h.app.inject({
      method: 'POST',
      url: `/api/admin/users/${u.id}/entitlements`,
      headers: root.headers,
      payload: { entitlementKey: 'messaging:admin' },
    });
    expect(refusalOf(spec)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(spec)).toEqual(['body.entitlementKey']);
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: `/api/admin/users/${u.id}/entitlements`,
          headers: u.headers,
          payload: { entitlementKey: 'cap:messaging.admin' },
        }),
      ),
    ).toEqual({ status: 403, code: 'superadmin_required' });
  });

  it('grants only what the capability registry knows: unknown names 400 capability_unknown, service-only rights 400 reserved_capability', async () => {
    const u = await registerUser(h.app);
    const grant = (segment: string, payload: Record<string, string>) =>
      h.app.inject({ method: 'POST', url: `/api/admin/users/${u.id}/${segment}`, headers: root.headers, payload });
    const unknown = await grant('entitlements', { entitlementKey: 'cap:everything' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'capability_unknown']);
    expect(fieldsOf(unknown)).toEqual(['body.entitlementKey']);
    const role = await grant('roles', { roleKey: 'role:overlord' });
    expect([role.statusCode, role.json().code]).toEqual([400, 'capability_unknown']);
    expect(fieldsOf(role)).toEqual(['body.roleKey']);
    const reserved = await grant('entitlements', { entitlementKey: 'cap:identity.introspect' });
    expect([reserved.statusCode, reserved.json().code]).toEqual([400, 'reserved_capability']);
    expect((await grant('roles', { roleKey: 'role:admin' })).statusCode).toBe(200);
    expect(
      (
        await h.app.inject({ method: 'GET', url: `/api/admin/users/${u.id}/entitlements`, headers: root.headers })
      ).json().entitlements,
    ).toEqual([]);
  });

  it('refuses plan features that name capabilities outside the registry or reserved for services', async () => {
    const plan = (method: 'POST' | 'PATCH', url: string, features: string[]) =>
      h.app.inject({ method, url, headers: root.headers, payload: { name: `P-${features.join('-')}`, features } });
    const unknown = await plan('POST', '/api/admin/plans', ['basic_access', 'cap:everything']);
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'capability_unknown']);
    expect(fieldsOf(unknown)).toEqual(['body.features']);
    const created = await plan('POST', '/api/admin/plans', ['basic_access', 'cap:messaging.send', 'role:publisher']);
    expect(created.statusCode, created.body).toBe(200);
    const reserved = await plan('PATCH', `/api/admin/plans/${created.json().id}`, ['cap:impersonate']);
    expect([reserved.statusCode, reserved.json().code]).toEqual([400, 'reserved_capability']);
  });

  it('creates plans and assigns them to orgs; refuses deleting the system org and yourself', async () => {
    const plan = await h.app.inject({
      method: 'POST',
      url: '/api/admin/plans',
      headers: root.headers,
      payload: { name: 'Team', priceCents: 900 },
    });
    expect(plan.statusCode).toBe(200);
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/admin/plans',
          headers: root.headers,
          payload: { name: 'Team' },
        }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
    const org = (
      await h.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: b.headers,
        payload: { name: 'Beta', slug: 'beta' },
      })
    ).json();
    expect(
      (
        await h.app.inject({
          method: 'PATCH',
          url: `/api/admin/orgs/${org.id}`,
          headers: root.headers,
          payload: { planId: plan.json().id },
        })
      ).statusCode,
    ).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/api/license/${org.id}`, headers: b.headers })).json().plan).toBe(
      'Team',
    );
    expect(
      refusalOf(
        await h.app.inject({
          method: 'DELETE',
          url: '/api/admin/orgs/00000000-0000-0000-0000-000000000001',
          headers: root.headers,
        }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
    expect(
      refusalOf(await h.app.inject({ method: 'DELETE', url: `/api/admin/users/${root.id}`, headers: root.headers })),
    ).toEqual({ status: 400, code: 'validation_failed' });
    expect(
      refusalOf(
        await h.app.inject({
          method: 'PATCH',
          url: `/api/admin/users/${root.id}`,
          headers: root.headers,
          payload: { isSuperAdmin: false },
        }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('deletes a user: their tokens stop working at once and the revocation is published', async () => {
    const g = await registerUser(h.app);
    h.events.length = 0;
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/admin/users/${g.id}`, headers: root.headers })).statusCode,
    ).toBe(200);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/users/me', headers: g.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: g.token } })).json(),
    ).toEqual({ active: false });
    expect(h.events.map((e) => e.type)).toContain('identity.session.revoked');
  });

  it('rotates the signing key and keeps the old one published so earlier tokens still verify', async () => {
    const before = (await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys;
    const rotated = await h.app.inject({
      method: 'POST',
      url: '/api/admin/signing-keys/rotate',
      headers: root.headers,
    });
    expect(rotated.statusCode).toBe(200);
    const after = (await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys;
    expect(after.map((k: { kid: string }) => k.kid)).toEqual(
      expect.arrayContaining([...before.map((k: { kid: string }) => k.kid), rotated.json().kid]),
    );
    expect((await h.app.inject({ method: 'GET', url: '/api/users/me', headers: b.headers })).statusCode).toBe(200);
    const fresh = await loginRoot(h.app);
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.json().kid);
  });

  it('keeps an audit trail of security events without secrets', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/admin/audit-logs?limit=200', headers: root.headers });
    const actions = res.json().map((r: { action: string }) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'superadmin.created',
        'user.registered',
        'user.login',
        'admin.user.deleted',
        'api_key.created',
        'admin.signing_key.rotated',
      ]),
    );
    expect(res.body).not.toMatch(/root password 1|sk_[0-9a-f]{64}/);
  });

  it('rate-limits super-admin calls per admin', async () => {
    const limited = await startIdentity(
      { SYMBIA_ADMIN_EMAIL: 'r@x.io', SYMBIA_ADMIN_PASSWORD: 'root password 1' },
      { limits: { adminPerMinute: 3 } },
    );
    try {
      const s = await login(limited.app, 'r@x.io', 'root password 1');
      const codes = [];
      for (let i = 0; i < 4; i += 1)
        codes.push(
          (await limited.app.inject({ method: 'GET', url: '/api/admin/users', headers: s.headers })).statusCode,
        );
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('org feature flags', () => {
  it('lets super admins set and remove flags that members read (unexpired only); others get 404/403/401/400', async () => {
    const owner = await registerUser(h.app);
    const outsider = await registerUser(h.app);
    const org = await createOrg(h.app, owner, 'Flags', 'flags');
    const put = (key: string, payload: Record<string, unknown>, headers = root.headers) =>
      h.app.inject({ method: 'PUT', url: `/api/admin/orgs/${org}/features/${key}`, headers, payload });
    expect((await put('beta_ui', {})).json()).toMatchObject({ featureKey: 'beta_ui', enabled: true, expiresAt: null });
    expect((await put('old_thing', { expiresAt: '2000-01-01T00:00:00Z' })).statusCode).toBe(200);
    expect((await put('beta_ui', { enabled: false })).json().enabled).toBe(false);
    expect(refusalOf(await put('x', {}, owner.headers))).toEqual({ status: 403, code: 'superadmin_required' });
    expect(fieldsOf(await put('Bad Key', {}))).toContain('params.featureKey');
    expect(fieldsOf(await put('ok_key', { enabled: 'yes' }))).toContain('body.enabled');
    const list = await h.app.inject({ method: 'GET', url: `/api/entitlements/${org}`, headers: owner.headers });
    expect(list.json().entitlements.map((f: { featureKey: string }) => f.featureKey)).toEqual(['beta_ui']);
    // identity.md §7.6: the org detail carries the same unexpired flags as its `entitlements`.
    const detail = await h.app.inject({ method: 'GET', url: `/api/orgs/${org}`, headers: owner.headers });
    expect(detail.json().entitlements).toEqual([
      expect.objectContaining({ featureKey: 'beta_ui', enabled: false, expiresAt: null }),
    ]);
    expect((await h.app.inject({ method: 'GET', url: `/api/orgs/${org}`, headers: outsider.headers })).statusCode).toBe(
      404,
    );
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: `/api/entitlements/${org}`, headers: outsider.headers })),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: `/api/entitlements/${org}` }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/admin/orgs/${org}/features/beta_ui`, headers: root.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      refusalOf(
        await h.app.inject({ method: 'DELETE', url: `/api/admin/orgs/${org}/features/beta_ui`, headers: root.headers }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(
      refusalOf(
        await h.app.inject({
          method: 'PUT',
          url: '/api/admin/orgs/00000000-0000-7000-8000-000000000000/features/x',
          headers: root.headers,
          payload: {},
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
  });
});
