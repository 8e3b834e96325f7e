import { refusalOf } from '@symbia/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startIdentity, type Harness, type Session } from '../helpers/identity-harness.js';

// W20: cookie-authenticated writes need a trusted Origin (or Referer); bearer-token calls are unaffected.
let h: Harness;
let u: Session & { email: string };

const slug = () => `org-${randomBytes(4).toString('hex')}`;
const createOrg = (headers: Record<string, string>) =>
  h.app.inject({ method: 'POST', url: '/api/orgs', headers, payload: { name: 'Org', slug: slug() } });
const orgCount = async () =>
  (await h.app.inject({ method: 'GET', url: '/api/orgs', headers: u.headers })).json().organizations.length;

beforeAll(async () => {
  h = await startIdentity({
    PUBLIC_BASE_URL: 'https://web.example/app',
    CORS_ALLOWED_ORIGINS: 'https://app.example',
    IDENTITY_ISSUER: 'https://id.example',
  });
  u = await registerUser(h.app);
});
afterAll(() => h.close());

describe('cookie-authenticated writes', () => {
  it('refuses a foreign, opaque or missing origin with 403 and changes nothing', async () => {
    const cookie = `token=${u.token}`;
    const before = await orgCount();
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      {},
      { referer: 'https://evil.example/page' },
      { origin: 'https://web.example.evil.example' },
    ];
    for (const extra of attempts) {
      const res = await createOrg({ cookie, ...extra });
      expect(refusalOf(res), JSON.stringify(extra)).toEqual({ status: 403, code: 'csrf_origin_refused' });
      expect(res.json().code).toBe('csrf_origin_refused');
    }
    expect(await orgCount()).toBe(before);
  });

  it('accepts the website, the CORS allow-list, identity itself, a Referer from them, and localhost outside production', async () => {
    const cookie = `token=${u.token}`;
    const trusted: Record<string, string>[] = [
      { origin: 'https://web.example' },
      { origin: 'https://app.example' },
      { origin: 'https://id.example' },
      { referer: 'https://web.example/settings?tab=orgs' },
      { origin: 'http://localhost:5173' },
      { origin: 'https://identity.internal:8443', host: 'identity.internal:8443' },
    ];
    for (const extra of trusted) {
      expect((await createOrg({ cookie, ...extra })).statusCode, JSON.stringify(extra)).toBe(200);
    }
  });

  it('guards the refresh and logout cookies too: a cross-site refresh neither rotates nor revokes', async () => {
    const s = await registerUser(h.app);
    const refresh = (origin: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { cookie: `symbia_refresh=${s.refreshToken}`, origin },
      });
    expect(refusalOf(await refresh('https://evil.example'))).toEqual({ status: 403, code: 'csrf_origin_refused' });
    const logout = await h.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `token=${s.token}`, origin: 'https://evil.example' },
    });
    expect(refusalOf(logout)).toEqual({ status: 403, code: 'csrf_origin_refused' });
    expect((await h.app.inject({ method: 'GET', url: '/api/users/me', headers: s.headers })).statusCode).toBe(200);
    // The refresh token was not spent by the refused request.
    expect((await refresh('https://web.example')).statusCode).toBe(200);
  });

  it('leaves reads and anonymous calls alone', async () => {
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/users/me',
          headers: { cookie: `token=${u.token}`, origin: 'https://evil.example' },
        })
      ).statusCode,
    ).toBe(200);
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: u.email, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('bearer-token writes', () => {
  it('are unaffected by Origin, cookies or their absence', async () => {
    expect((await createOrg({ ...u.headers, origin: 'https://evil.example' })).statusCode).toBe(200);
    expect(
      (await createOrg({ ...u.headers, cookie: `token=${u.token}`, origin: 'https://evil.example' })).statusCode,
    ).toBe(200);
    expect((await createOrg(u.headers)).statusCode).toBe(200);
  });
});

describe('in production', () => {
  it('trusts only the configured origins (no localhost)', async () => {
    const prod = await startIdentity({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://web.example',
      CORS_ALLOWED_ORIGINS: 'https://app.example',
      NETWORK_HASH_SECRET: randomBytes(32).toString('hex'), // production requires it (network.md §15)
    });
    try {
      const s = await registerUser(prod.app);
      const create = (origin: string) =>
        prod.app.inject({
          method: 'POST',
          url: '/api/orgs',
          headers: { cookie: `token=${s.token}`, origin },
          payload: { name: 'P', slug: slug() },
        });
      expect(refusalOf(await create('http://localhost:5000'))).toEqual({ status: 403, code: 'csrf_origin_refused' });
      expect((await create('https://app.example')).statusCode).toBe(200);
      expect((await create('https://web.example')).statusCode).toBe(200);
    } finally {
      await prod.close();
    }
  });
});
