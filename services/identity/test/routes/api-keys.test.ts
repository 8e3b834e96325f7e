import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, registerUser, startIdentity, type Harness, type Session } from '../helpers/identity-harness.js';

let h: Harness;
let owner: Session;
let stranger: Session;

beforeAll(async () => {
  h = await startIdentity();
  [owner, stranger] = [await registerUser(h.app), await registerUser(h.app)];
});
afterAll(() => h.close());

const create = (s: Session, payload: Record<string, unknown>, base = '/api/api-keys') => h.app.inject({ method: 'POST', url: base, headers: s.headers, payload });
const verify = async (apiKey?: string) => (await h.app.inject({ method: 'POST', url: '/api/auth/verify-api-key', payload: apiKey === undefined ? {} : { apiKey } })).json();

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
    expect(await verify(body.key)).toMatchObject({ valid: true, scopes: ['read'], createdBy: owner.id, creator: { id: owner.id } });
    expect(await verify('sk_bad')).toEqual({ valid: false, error: 'Invalid API key' });
    expect(await verify()).toEqual({ valid: false, error: 'API key is required' });
  });

  it('refuses rights the creator does not hold, org keys from non-admins, malformed bodies and anonymous callers', async () => {
    expect((await create(owner, { name: 'x', scopes: ['cap:catalog.admin'] })).json().code).toBe('scope_not_held');
    const org = (await h.app.inject({ method: 'POST', url: '/api/orgs', headers: stranger.headers, payload: { name: 'S', slug: 'strangers' } })).json().id;
    expect((await create(owner, { name: 'x', orgId: org })).statusCode).toBe(403);
    expect((await create(stranger, { name: 'org key', orgId: org })).statusCode).toBe(200);
    const bad = await create(owner, { name: '', scopes: 'read', expiresAt: 'tomorrow' });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.name', 'body.scopes', 'body.expiresAt']));
    expect((await h.app.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'x' } })).statusCode).toBe(401);
  });

  it('rotates (keeping the creator), revokes, expires and deletes keys; another user gets 404', async () => {
    const key = (await create(owner, { name: 'rot' })).json();
    expect((await h.app.inject({ method: 'GET', url: `/api/api-keys/${key.id}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: `/api/api-keys/${key.id}/revoke`, headers: stranger.headers })).statusCode).toBe(404);
    const rotated = (await h.app.inject({ method: 'POST', url: `/api/auth/keys/${key.id}/rotate`, headers: owner.headers })).json();
    expect(rotated.rotatedFrom).toBe(key.id);
    expect(await verify(key.key)).toEqual({ valid: false, error: 'API key has been revoked' });
    expect((await h.app.inject({ method: 'POST', url: `/api/api-keys/${key.id}/rotate`, headers: owner.headers })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: `/api/api-keys/${rotated.id}/revoke`, headers: owner.headers })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: `/api/api-keys/${rotated.id}/revoke`, headers: owner.headers })).json().error).toBe('API key is already revoked');
    const expired = (await create(owner, { name: 'old', expiresAt: '2020-01-01T00:00:00Z' })).json();
    expect(await verify(expired.key)).toEqual({ valid: false, error: 'API key has expired' });
    expect((await h.app.inject({ method: 'DELETE', url: `/api/api-keys/${expired.id}`, headers: owner.headers })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/api/api-keys/${expired.id}`, headers: owner.headers })).statusCode).toBe(404);
  });
});
