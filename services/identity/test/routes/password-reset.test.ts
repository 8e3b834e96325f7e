import { refusalOf } from '@symbia/testing';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  fieldsOf,
  login,
  loginRoot,
  registerUser,
  startIdentity,
  withRoot,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';
import { startLoopbackSmtp } from '../helpers/loopback-smtp.js';

// The mailer is the only fake (a third party): it records the links identity would send.
const mails: { to: string; link: string }[] = [];
let h: Harness;
let root: Session;

const forgot = (email: unknown) =>
  h.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email } });
const reset = (token: unknown, password: unknown) =>
  h.app.inject({ method: 'POST', url: '/api/auth/reset-password', payload: { token, password } });
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

beforeAll(async () => {
  h = await startIdentity(
    { ...withRoot, PUBLIC_BASE_URL: 'http://web.test' },
    { mailer: { sendPasswordReset: async (to, link) => void mails.push({ to, link }) } },
  );
  root = await loginRoot(h.app);
});
afterAll(() => h.close());

describe('forgot and reset password', () => {
  it('answers the same neutral message for known and unknown emails, mailing a link only to the real account', async () => {
    const u = await registerUser(h.app);
    const known = await forgot(u.email.toUpperCase());
    const unknown = await forgot('ghost@x.io');
    expect(known.statusCode).toBe(200);
    expect(known.json()).toEqual(unknown.json());
    expect(known.json()).toEqual({ message: 'If an account exists, a reset link has been sent' });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe(u.email);
    expect(mails[0]!.link).toMatch(/^http:\/\/web\.test\/reset-password\?token=[0-9a-f]{64}$/);
    expect(fieldsOf(await forgot('nope'))).toContain('body.email');
  });

  it('resets once: stores only a hash, revokes every session, audits, and refuses reuse', async () => {
    const u = await registerUser(h.app);
    mails.length = 0;
    await forgot(u.email);
    const token = tokenOf(mails[0]!.link);
    const { rows } = await h.database.pool.query('select token_hash from identity.password_reset_tokens');
    expect(rows.map((r: { token_hash: string }) => r.token_hash)).not.toContain(token);
    h.events.length = 0;
    expect(refusalOf(await reset(token, 'short'))).toEqual({ status: 400, code: 'validation_failed' });
    const ok = await reset(token, 'a brand new password');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ message: 'Password has been reset successfully' });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/users/me', headers: u.headers }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect(h.events.map((e) => e.type)).toContain('identity.session.revoked');
    await login(h.app, u.email, 'a brand new password');
    const again = await reset(token, 'another password');
    expect(again.json()).toMatchObject({ error: 'This reset link has already been used', code: 'reset_token_used' });
    const audit = (
      await h.app.inject({
        method: 'GET',
        url: '/api/admin/audit-logs?action=user.password_reset',
        headers: root.headers,
      })
    ).json();
    expect(audit.map((r: { resourceId: string }) => r.resourceId)).toContain(u.id);
  });

  it('refuses unknown and expired tokens and malformed bodies (400 naming the fields)', async () => {
    expect((await reset('f'.repeat(64), 'long enough pw')).json().error).toBe('Invalid or expired reset link');
    const u = await registerUser(h.app);
    mails.length = 0;
    await forgot(u.email);
    const token = tokenOf(mails[0]!.link);
    await h.database.pool.query(
      "update identity.password_reset_tokens set expires_at = now() - interval '1 minute' where used_at is null",
    );
    expect((await reset(token, 'long enough pw')).json()).toMatchObject({
      error: 'This reset link has expired',
      code: 'reset_token_expired',
    });
    expect(fieldsOf(await h.app.inject({ method: 'POST', url: '/api/auth/reset-password', payload: {} }))).toEqual(
      expect.arrayContaining(['body.token', 'body.password']),
    );
  });

  it('lets a super admin issue a reset link for a user (no mailer needed); others get 403/401', async () => {
    const u = await registerUser(h.app);
    expect(
      refusalOf(
        await h.app.inject({ method: 'POST', url: `/api/admin/users/${u.id}/password-reset`, headers: u.headers }),
      ),
    ).toEqual({ status: 403, code: 'superadmin_required' });
    expect((await h.app.inject({ method: 'POST', url: `/api/admin/users/${u.id}/password-reset` })).statusCode).toBe(
      401,
    );
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/admin/users/00000000-0000-7000-8000-000000000000/password-reset',
          headers: root.headers,
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(
      refusalOf(
        await h.app.inject({ method: 'POST', url: '/api/admin/users/nope/password-reset', headers: root.headers }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
    const issued = await h.app.inject({
      method: 'POST',
      url: `/api/admin/users/${u.id}/password-reset`,
      headers: root.headers,
    });
    expect(issued.statusCode).toBe(200);
    expect(issued.json().resetUrl).toBe(`http://web.test/reset-password?token=${issued.json().token}`);
    expect((await reset(issued.json().token, 'set by the user')).statusCode).toBe(200);
    await login(h.app, u.email, 'set by the user');
  });

  it('rate-limits forgot-password per client address (429 with Retry-After)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i += 1) codes.push((await forgot(`n${i}@x.io`)).statusCode);
    expect(codes.at(-1)).toBe(429);
  });
});

describe('without a mailer', () => {
  it('says password reset is unavailable (emailEnabled:false) and stores nothing', async () => {
    const plain = await startIdentity();
    try {
      const u = await registerUser(plain.app);
      const res = await plain.app.inject({
        method: 'POST',
        url: '/api/auth/forgot-password',
        payload: { email: u.email },
      });
      expect(res.json()).toEqual({
        message: 'Password reset is not available at this time. Please contact your administrator.',
        emailEnabled: false,
      });
    } finally {
      await plain.close();
    }
  });
});

describe('by SMTP (SMTP_URL)', () => {
  it('mails the link through the configured relay (AUTH PLAIN), and the mailed link resets the password', async () => {
    // The relay is the only stand-in (a third party): a loopback server speaking SMTP.
    const relay = await startLoopbackSmtp({ requireAuth: { user: 'identity', pass: 'relay pass' } });
    const mailed = await startIdentity({
      SMTP_URL: `smtp://identity:relay%20pass@127.0.0.1:${relay.port}`,
      SMTP_FROM: 'Symbia <no-reply@symbia.test>',
      PUBLIC_BASE_URL: 'http://web.test',
    });
    try {
      const u = await registerUser(mailed.app);
      expect((await mailed.app.inject({ method: 'GET', url: '/api/auth/config' })).json().emailEnabled).toBe(true);
      const res = await mailed.app.inject({
        method: 'POST',
        url: '/api/auth/forgot-password',
        payload: { email: u.email },
      });
      expect(res.json()).toEqual({ message: 'If an account exists, a reset link has been sent' });
      const mail = await relay.nextMail();
      expect(mail).toMatchObject({
        from: 'no-reply@symbia.test',
        to: [u.email],
        auth: { user: 'identity', pass: 'relay pass' },
      });
      const token = /http:\/\/web\.test\/reset-password\?token=([0-9a-f]{64})/.exec(mail.data)?.[1];
      expect(token).toBeDefined();
      const done = await mailed.app.inject({
        method: 'POST',
        url: '/api/auth/reset-password',
        payload: { token, password: 'mailed new password' },
      });
      expect(done.statusCode, done.body).toBe(200);
      await login(mailed.app, u.email, 'mailed new password');
    } finally {
      await mailed.close();
      await relay.close();
    }
  });

  it('answers the same when the relay is down, and logs the failure without the link', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const broken = await startIdentity({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const u = await registerUser(broken.app);
      const res = await broken.app.inject({
        method: 'POST',
        url: '/api/auth/forgot-password',
        payload: { email: u.email },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ message: 'If an account exists, a reset link has been sent' });
      await vi.waitFor(() => expect(broken.logs.text()).toContain('password-reset mail was not sent'));
      expect(broken.logs.text()).not.toMatch(/reset-password\?token=|[0-9a-f]{64}/);
    } finally {
      await broken.close();
    }
  });
});
