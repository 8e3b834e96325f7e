import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startIdentity, type Harness } from '../helpers/identity-harness.js';

// A browser may hold any bytes under identity's cookie names: a broken escape is presented as sent (and fails
// verification), NUL or an over-long value reads as no cookie; neither is ever a 500.
let h: Harness;

beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h?.close());

// Same-site, so the CSRF guard lets the cookie-authenticated refresh through to the cookie itself.
const origin = 'http://localhost:3000';
const cases: { cookie: string; me: string }[] = [
  { cookie: 'token=%E0%A4%A; symbia_refresh=%', me: 'invalid_token' },
  { cookie: 'symbia_refresh=%E0%A4%A', me: 'authentication_required' },
  { cookie: '=; token=a%00b; symbia_refresh=a%00b', me: 'authentication_required' },
  { cookie: `token=${'x'.repeat(9000)}; symbia_refresh=${'y'.repeat(9000)}`, me: 'authentication_required' },
];

describe('malformed cookies', () => {
  it('refresh with a malformed refresh cookie is 401 invalid_refresh_token', async () => {
    for (const { cookie } of cases) {
      const res = await h.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: { cookie, origin } });
      expect(refusalOf(res), cookie).toEqual({ status: 401, code: 'invalid_refresh_token' });
      expect(res.json().code, cookie).toBe('invalid_refresh_token');
    }
  });

  it('reading the session with a malformed access cookie is 401 with a code', async () => {
    for (const { cookie, me } of cases) {
      const res = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(refusalOf(res), cookie).toEqual({ status: 401, code: me });
      expect(res.json().code, cookie).toBe(me);
    }
  });

  it('a malformed cookie beside a valid bearer token does not get in the way', async () => {
    const user = await registerUser(h.app);
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { ...user.headers, cookie: cases[0]!.cookie },
    });
    expect(me.statusCode).toBe(200);
    const logout = await h.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...user.headers, cookie: cases[2]!.cookie },
    });
    expect(logout.statusCode).toBeLessThan(300);
  });
});
