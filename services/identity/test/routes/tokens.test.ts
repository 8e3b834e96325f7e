import { refusalOf } from '@symbia/testing';
import { signServiceTokenRequest } from '@symbia/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  fieldsOf,
  registerUser,
  SERVICE_SECRET,
  startIdentity,
  type Harness,
} from '../helpers/identity-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.close());

const serviceToken = async (serviceId: string, secret = SERVICE_SECRET, now = Date.now()) =>
  h.app.inject({
    method: 'POST',
    url: '/api/auth/service-token',
    payload: signServiceTokenRequest({ serviceId, secret, now }),
  });

describe('JWKS', () => {
  it('refuses to start on a database whose signing keys were sealed with another CREDENTIAL_ENCRYPTION_KEY, naming it', async () => {
    const otherKey = Buffer.alloc(32, 7).toString('base64');
    await expect(h.rebuild({ CREDENTIAL_ENCRYPTION_KEY: otherKey })).rejects.toThrow(
      /CREDENTIAL_ENCRYPTION_KEY does not open the signing key/,
    );
    // The stored key is untouched: an instance with the right key still signs and publishes it.
    const again = await h.rebuild();
    const jwks = await again.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.json().keys).toEqual(
      (await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys,
    );
  });

  it('publishes one Ed25519 key with a kid, and no private part', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0].d).toBeUndefined();
  });
});

describe('service tokens', () => {
  it('mints a service JWT for a known service proving the secret', async () => {
    const res = await serviceToken('integrations');
    expect(res.statusCode).toBe(200);
    const intro = await h.app.inject({
      method: 'POST',
      url: '/api/auth/introspect',
      payload: { token: res.json().token },
    });
    expect(intro.json()).toMatchObject({
      active: true,
      type: 'service',
      serviceId: 'integrations',
      entitlements: expect.arrayContaining(['cap:identity.credentials.read']),
    });
  });

  it("gives the models service the catalog's registry rights (cap:registry.write, cap:registry.publish) and nothing more", async () => {
    const res = await serviceToken('models');
    expect(res.statusCode, res.body).toBe(200);
    const intro = (
      await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: res.json().token } })
    ).json();
    expect(intro).toMatchObject({ active: true, type: 'service', serviceId: 'models' });
    expect([...intro.entitlements].sort()).toEqual([
      'cap:identity.introspect',
      'cap:registry.publish',
      'cap:registry.write',
    ]);
    // Least privilege: a service with no registry business does not get them.
    const logging = (
      await h.app.inject({
        method: 'POST',
        url: '/api/auth/introspect',
        payload: { token: (await serviceToken('logging')).json().token },
      })
    ).json();
    expect(logging.entitlements).toEqual(['cap:identity.introspect']);
  });

  it('refuses a wrong secret or a stale timestamp with 401, an unknown service with 403, a malformed body with 400', async () => {
    expect(refusalOf(await serviceToken('integrations', 'not-the-secret'))).toEqual({
      status: 401,
      code: 'invalid_service_proof',
    });
    expect(refusalOf(await serviceToken('integrations', SERVICE_SECRET, Date.now() - 61_000))).toEqual({
      status: 401,
      code: 'invalid_service_proof',
    });
    expect(refusalOf(await serviceToken('evil'))).toEqual({ status: 403, code: 'unknown_service' });
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/api/auth/service-token',
      payload: { serviceId: 'x' },
    });
    expect(refusalOf(malformed)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(malformed)).toEqual(expect.arrayContaining(['body.timestamp', 'body.signature']));
  });

  it('never lets X-Service-Id, X-Service-Auth or X-Forwarded-For headers stand in for a service token', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/introspect',
      headers: {
        'x-service-id': 'integrations',
        'x-service-auth': 'internal',
        'x-forwarded-for': '127.0.0.1',
        'x-internal-auth': SERVICE_SECRET,
      },
      payload: { token: `sk_${'a'.repeat(64)}` },
    });
    expect(refusalOf(res)).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/bootstrap/internal' }))).toEqual({
      status: 404,
      code: 'route_not_found',
    });
  });
});

describe('introspection', () => {
  it('describes an active user token and answers {active:false} for junk or nothing', async () => {
    const u = await registerUser(h.app);
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: u.token } });
    expect(res.json()).toMatchObject({
      active: true,
      type: 'user',
      sub: u.id,
      email: u.email,
      isSuperAdmin: false,
      token_type: 'Bearer',
    });
    expect(res.body).not.toMatch(/password/i);
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: 'x' } })).json(),
    ).toEqual({ active: false });
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: {} })).json()).toEqual({
      active: false,
    });
    expect(
      refusalOf(await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: 5 } })),
    ).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('introspects API keys only for service principals', async () => {
    const u = await registerUser(h.app);
    const key = (
      await h.app.inject({
        method: 'POST',
        url: '/api/api-keys',
        headers: u.headers,
        payload: { name: 'ci', scopes: ['read'] },
      })
    ).json().key;
    const asUser = await h.app.inject({
      method: 'POST',
      url: '/api/auth/introspect',
      headers: u.headers,
      payload: { token: key },
    });
    expect(refusalOf(asUser)).toEqual({ status: 403, code: 'insufficient_permissions' });
    const svc = (await serviceToken('catalog')).json().token;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/introspect',
      headers: bearer(svc),
      payload: { token: key },
    });
    expect(res.json()).toMatchObject({
      active: true,
      typ: 'api_key',
      sub: u.id,
      sub_typ: 'user',
      scopes: ['read'],
      ent: [],
      sa: false,
    });
  });
});
