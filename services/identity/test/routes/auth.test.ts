import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, login, registerUser, startIdentity, type Harness } from '../helpers/identity-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.close());

describe('registration and login', () => {
  it('registers a user who is never a super admin, even the first one, with an HttpOnly cookie and an org', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: ' First@X.io ', password: 'longpass1', name: 'First', orgName: 'Acme Inc' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ email: 'first@x.io', isSuperAdmin: false });
    expect(body.organization.slug).toBe('acme-inc');
    expect(String(res.headers['set-cookie'])).toMatch(/token=.+HttpOnly/);
    expect(res.body).not.toMatch(/argon2|passwordHash/i);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'e@x.io', password: 'longpass1', name: 'E', orgName: 'Acme Inc' },
    });
    expect(again.json(), again.body).toMatchObject({ organization: { slug: 'acme-inc-2' } });
  });

  it('refuses a duplicate email case-insensitively and malformed bodies naming the fields', async () => {
    const dup = await h.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'FIRST@x.io', password: 'longpass1', name: 'X' },
    });
    expect(refusalOf(dup)).toEqual({ status: 400, code: 'email_in_use' });
    expect(dup.json().error).toBe('Email already in use');
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'nope', password: 'short' },
    });
    expect(refusalOf(bad)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name']));
    const badLogin = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 3 } });
    expect(refusalOf(badLogin)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(badLogin)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
  });

  it('answers the same 401 for a wrong password and an unknown email, and audits the failure', async () => {
    const u = await registerUser(h.app);
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: u.email, password: 'wrong-password' },
    });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ghost@x.io', password: 'wrong-password' },
    });
    expect(refusalOf(wrong)).toEqual({ status: 401, code: 'invalid_credentials' });
    expect(refusalOf(unknown)).toEqual({ status: 401, code: 'invalid_credentials' });
    expect(wrong.json().error).toBe(unknown.json().error);
    const ok = await login(h.app, u.email, u.password);
    expect(ok.token).toBeTruthy();
  });

  it('locks an account after repeated failures, whatever X-Forwarded-For says', async () => {
    const u = await registerUser(h.app);
    for (let i = 0; i < 5; i += 1) {
      await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
        payload: { email: u.email, password: 'nope-nope' },
      });
    }
    const locked = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-for': '198.51.100.7' },
      payload: { email: u.email, password: u.password },
    });
    expect(refusalOf(locked)).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('serves /api/auth/me and /api/users/me by bearer or cookie, without hashes; 401 without or with garbage', async () => {
    const u = await registerUser(h.app);
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ type: 'user', user: { id: u.id, email: u.email } });
    expect(me.body).not.toMatch(/password|hash/i);
    const byCookie = await h.app.inject({
      method: 'GET',
      url: '/api/users/me',
      headers: { cookie: `token=${u.token}` },
    });
    expect(byCookie.statusCode).toBe(200);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/users/me' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(
        await h.app.inject({ method: 'GET', url: '/api/users/me', headers: { authorization: 'Bearer garbage' } }),
      ),
    ).toEqual({ status: 401, code: 'invalid_token' });
  });

  it('refuses the access token right after logout, publishes identity.session.revoked, and introspects it inactive', async () => {
    const u = await registerUser(h.app);
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: u.headers });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/token=;/);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    const intro = await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: u.token } });
    expect(intro.json()).toEqual({ active: false });
    expect(h.events.some((e) => e.type === 'identity.session.revoked')).toBe(true);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
  });

  it('refuses a session this replica has just seen active once it is revoked here (logout, password change)', async () => {
    const u = await registerUser(h.app);
    const other = await login(h.app, u.email, u.password);
    // Both sessions are now in the session cache.
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: other.headers })).statusCode).toBe(200);
    await h.app.inject({
      method: 'POST',
      url: '/api/users/me/password',
      headers: u.headers,
      payload: { currentPassword: u.password, newPassword: 'changed password 1' },
    });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: other.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: u.headers });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('without the session cache (SESSION_CACHE_TTL_MS=0) another replica refuses a revoked session at once', async () => {
    const replicaA = await h.rebuild({ SESSION_CACHE_TTL_MS: '0' });
    const replicaB = await h.rebuild({ SESSION_CACHE_TTL_MS: '0' });
    const u = await registerUser(replicaA);
    expect((await replicaB.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
    await replicaA.inject({ method: 'POST', url: '/api/auth/logout', headers: u.headers });
    expect(refusalOf(await replicaB.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('rotates refresh tokens and revokes the session when an old one is replayed', async () => {
    const u = await registerUser(h.app);
    const first = await h.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: u.refreshToken },
    });
    expect(first.statusCode).toBe(200);
    const rotated = first.json();
    expect(rotated.refreshToken).not.toBe(u.refreshToken);
    const replay = await h.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: u.refreshToken },
    });
    expect(refusalOf(replay)).toEqual({ status: 401, code: 'refresh_token_reused' });
    expect(replay.json().code).toBe('refresh_token_reused');
    // The whole session is gone: the newest refresh token and its access token too.
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          payload: { refreshToken: rotated.refreshToken },
        }),
      ),
    ).toEqual({ status: 401, code: 'invalid_refresh_token' });
    expect(
      refusalOf(
        await h.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { authorization: `Bearer ${rotated.token}` },
        }),
      ),
    ).toEqual({ status: 401, code: 'invalid_token' });
  });

  it('refreshes from the HttpOnly cookie and refuses a missing or unknown refresh token', async () => {
    const u = await registerUser(h.app);
    // A browser sends Origin with the cookie; cookie writes without a trusted one are refused (csrf-guard.test.ts).
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `symbia_refresh=${u.refreshToken}`, origin: 'http://localhost:5000' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(refusalOf(await h.app.inject({ method: 'POST', url: '/api/auth/refresh' }))).toEqual({
      status: 401,
      code: 'invalid_refresh_token',
    });
    expect(
      refusalOf(
        await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: 'rt_unknown' } }),
      ),
    ).toEqual({ status: 401, code: 'invalid_refresh_token' });
    expect(
      refusalOf(await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: 42 } })),
    ).toEqual({ status: 400, code: 'validation_failed' });
  });
});

describe('current user', () => {
  it('updates the profile, validating fields', async () => {
    const u = await registerUser(h.app);
    const ok = await h.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: u.headers,
      payload: { name: 'Renamed' },
    });
    expect(ok.json()).toEqual({ id: u.id, email: u.email, name: 'Renamed' });
    const bad = await h.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: u.headers,
      payload: { email: 'not-an-email' },
    });
    expect(fieldsOf(bad)).toContain('body.email');
    expect((await h.app.inject({ method: 'PATCH', url: '/api/users/me', payload: { name: 'x' } })).statusCode).toBe(
      401,
    );
  });

  it('changes the password, revoking every other session but the current one', async () => {
    const u = await registerUser(h.app);
    const other = await login(h.app, u.email, u.password);
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/users/me/password',
      headers: u.headers,
      payload: { currentPassword: 'wrong', newPassword: 'abcdefgh' },
    });
    expect(refusalOf(wrong)).toEqual({ status: 400, code: 'current_password_incorrect' });
    expect(wrong.json().error).toBe('Current password is incorrect');
    const empty = await h.app.inject({
      method: 'POST',
      url: '/api/users/me/password',
      headers: u.headers,
      payload: {},
    });
    expect(fieldsOf(empty)).toEqual(expect.arrayContaining(['body.currentPassword', 'body.newPassword']));
    const ok = await h.app.inject({
      method: 'POST',
      url: '/api/users/me/password',
      headers: u.headers,
      payload: { currentPassword: u.password, newPassword: 'brand new password' },
    });
    expect(ok.statusCode).toBe(200);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/users/me', headers: other.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect((await h.app.inject({ method: 'GET', url: '/api/users/me', headers: u.headers })).statusCode).toBe(200);
    await login(h.app, u.email, 'brand new password');
  });
});
