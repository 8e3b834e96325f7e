import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string };
beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
});
afterAll(() => h?.close());

describe('session routes', () => {
  it('GET /api/auth/config points at identity', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/config' })).json()).toEqual({
      identityServiceUrl: h.identityUrl,
      loginUrl: `${h.identityUrl}/login`,
      logoutUrl: `${h.identityUrl}/api/auth/logout`,
    });
  });

  it('GET /api/auth/me describes the verified caller; 401 anonymously or with a bad token (W14)', async () => {
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: alice.headers });
    expect(me.json().principal).toMatchObject({
      type: 'user',
      id: alice.id,
      isSuperAdmin: false,
      organizations: [{ id: alice.orgId, role: 'admin' }],
    });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/me' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Basic abc' } })),
    ).toEqual({ status: 401, code: 'invalid_authorization_header' });
  });
});
