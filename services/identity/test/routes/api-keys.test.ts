import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrg,
  fieldsOf,
  loginRoot,
  registerUser,
  serviceSession,
  startIdentity,
  withRoot,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

let h: Harness;
let owner: Session;
let stranger: Session;

beforeAll(async () => {
  h = await startIdentity(withRoot);
  [owner, stranger] = [await registerUser(h.app), await registerUser(h.app)];
});
afterAll(() => h.close());

const create = (s: Session, payload: Record<string, unknown>, base = '/api/api-keys') =>
  h.app.inject({ method: 'POST', url: base, headers: s.headers, payload });
const verify = async (apiKey?: string) =>
  (
    await h.app.inject({
      method: 'POST',
      url: '/api/auth/verify-api-key',
      payload: apiKey === undefined ? {} : { apiKey },
    })
  ).json();

describe('API keys', () => {
  it('creates a key shown once with a visible prefix, lists it without key or hash, and verifies it', async () => {
    const res = await create(owner, { name: 'ci', scopes: ['read'] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.key).toMatch(/^sk_[0-9a-f]{64}$/);
    expect(body.keyPrefix).toBe(body.key.slice(0, 11));
    const list = await h.app.inject({ method: 'GET', url: '/api/auth/keys', headers: owner.headers });
    expect(list.json().map((k: { id: string }) => k.id)).toContain(body.id);
    expect(list.body).not.toContain(body.key);
    expect(list.body).not.toMatch(/keyHash|key_hash/);
    expect(await verify(body.key)).toMatchObject({
      valid: true,
      scopes: ['read'],
      createdBy: owner.id,
      creator: { id: owner.id },
    });
    expect(await verify('sk_bad')).toEqual({ valid: false, error: 'Invalid API key' });
    expect(await verify()).toEqual({ valid: false, error: 'API key is required' });
  });

  it('refuses rights the creator does not hold, org keys from non-admins, malformed bodies and anonymous callers', async () => {
    const platform = await create(owner, { name: 'x', scopes: ['cap:catalog.admin'] });
    expect([platform.statusCode, platform.json().code]).toEqual([403, 'capability_platform_only']);
    const notHeld = await create(owner, { name: 'x', scopes: ['cap:catalog.write'] });
    expect([notHeld.statusCode, notHeld.json().code]).toEqual([403, 'capability_not_held']);
    const org = await createOrg(h.app, stranger, 'S', 'strangers');
    expect(refusalOf(await create(owner, { name: 'x', orgId: org }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect((await create(stranger, { name: 'org key', orgId: org })).statusCode).toBe(200);
    const bad = await create(owner, { name: '', scopes: 'read', expiresAt: 'tomorrow' });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.name', 'body.scopes', 'body.expiresAt']));
    expect(refusalOf(await h.app.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'x' } }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it('rotates (keeping the creator), revokes, expires and deletes keys; another user gets 404', async () => {
    const key = (await create(owner, { name: 'rot' })).json();
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: `/api/api-keys/${key.id}`, headers: stranger.headers })),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(
      refusalOf(
        await h.app.inject({ method: 'POST', url: `/api/api-keys/${key.id}/revoke`, headers: stranger.headers }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    const rotated = (
      await h.app.inject({ method: 'POST', url: `/api/auth/keys/${key.id}/rotate`, headers: owner.headers })
    ).json();
    expect(rotated.rotatedFrom).toBe(key.id);
    expect(await verify(key.key)).toEqual({ valid: false, error: 'API key has been revoked' });
    expect(
      refusalOf(await h.app.inject({ method: 'POST', url: `/api/api-keys/${key.id}/rotate`, headers: owner.headers })),
    ).toEqual({ status: 400, code: 'api_key_revoked' });
    expect(
      (await h.app.inject({ method: 'POST', url: `/api/api-keys/${rotated.id}/revoke`, headers: owner.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (await h.app.inject({ method: 'POST', url: `/api/api-keys/${rotated.id}/revoke`, headers: owner.headers })).json()
        .error,
    ).toBe('API key is already revoked');
    const expired = (await create(owner, { name: 'old', expiresAt: '2020-01-01T00:00:00Z' })).json();
    expect(await verify(expired.key)).toEqual({ valid: false, error: 'API key has expired' });
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/api-keys/${expired.id}`, headers: owner.headers })).statusCode,
    ).toBe(200);
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: `/api/api-keys/${expired.id}`, headers: owner.headers })),
    ).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('API-key scopes and rights (DESIGN §6)', () => {
  let orgAdmin: Session;
  let orgId: string;
  let introspect: (key: string) => Promise<{ active: boolean; scopes?: string[]; ent?: string[] }>;

  beforeAll(async () => {
    orgAdmin = await registerUser(h.app, { orgName: 'Key Makers' });
    orgId = (await h.app.inject({ method: 'GET', url: '/api/orgs', headers: orgAdmin.headers })).json().organizations[0]
      .id;
    const catalog = await serviceSession(h.app, 'catalog');
    introspect = async (key) =>
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/introspect',
          headers: catalog.headers,
          payload: { token: key },
        })
      ).json();
  });

  it('accepts the API-key scope vocabulary and refuses labels outside it and the registry (400 capability_unknown)', async () => {
    const ok = await create(owner, {
      name: 'reader',
      scopes: ['read:resources', 'catalog:write', 'integrations:execute'],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    for (const scope of ['catalog:delete', 'cap:everything', 'admin:all']) {
      const res = await create(owner, { name: 'bad', scopes: ['read', scope] });
      expect([res.statusCode, res.json().code]).toEqual([400, 'capability_unknown']);
      expect(fieldsOf(res)).toEqual(['body.scopes']);
    }
  });

  it("lets an org admin put its org's org-scoped rights on an org key, never a platform right", async () => {
    const key = await create(orgAdmin, {
      name: 'org writer',
      orgId,
      scopes: ['catalog:write', 'cap:catalog.write', 'role:publisher'],
    });
    expect(key.statusCode, key.body).toBe(200);
    expect(await introspect(key.json().key)).toMatchObject({
      active: true,
      ent: ['cap:catalog.write', 'role:publisher'],
    });
    for (const scope of ['messaging:admin', 'cap:registry.publish', 'role:admin']) {
      const res = await create(orgAdmin, { name: 'escalate', orgId, scopes: [scope] });
      expect([res.statusCode, res.json().code], scope).toEqual([403, 'capability_platform_only']);
    }
    // Without the org, the same admin holds no such right itself.
    const orgless = await create(orgAdmin, { name: 'org-less', scopes: ['cap:catalog.write'] });
    expect([orgless.statusCode, orgless.json().code]).toEqual([403, 'capability_not_held']);
  });

  it('never lets a key exceed its creator: a right the creator loses leaves the key at once', async () => {
    const root = await loginRoot(h.app);
    const holder = await registerUser(h.app);
    const grantUrl = `/api/admin/users/${holder.id}/entitlements`;
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: grantUrl,
          headers: root.headers,
          payload: { entitlementKey: 'cap:registry.write' },
        })
      ).statusCode,
    ).toBe(200);
    const key = await create(holder, { name: 'registry', scopes: ['catalog:write', 'cap:registry.write'] });
    expect(key.statusCode, key.body).toBe(200);
    expect((await introspect(key.json().key)).ent).toEqual(['cap:registry.write']);
    await h.app.inject({ method: 'DELETE', url: `${grantUrl}/cap%3Aregistry.write`, headers: root.headers });
    expect(await introspect(key.json().key)).toMatchObject({
      active: true,
      scopes: ['catalog:write', 'cap:registry.write'],
      ent: [],
    });
    // A super admin's key carries platform rights only while its creator is a super admin.
    const platformKey = (
      await create(root, { name: 'moderator', scopes: ['messaging:write', 'messaging:admin'] })
    ).json();
    expect(platformKey.scopes).toEqual(['messaging:write', 'cap:messaging.admin']);
    expect((await introspect(platformKey.key)).ent).toEqual(['cap:messaging.admin']);
  });
});
