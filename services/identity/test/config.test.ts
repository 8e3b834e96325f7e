import { randomBytes } from 'node:crypto';
import { ConfigError } from '@symbia/kit';
import { describe, expect, it } from 'vitest';
import { loadIdentityConfig } from '../src/config.js';

const env = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://x@127.0.0.1/db',
  INTERNAL_SERVICE_SECRET: randomBytes(32).toString('hex'),
  CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  PUBLIC_BASE_URL: 'https://web.example',
  ...extra,
});
const problemsOf = (extra: Record<string, string>) => {
  try {
    loadIdentityConfig(env(extra));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
};

describe('SMTP configuration', () => {
  it('disables email without SMTP_URL', () => {
    expect(loadIdentityConfig(env()).identity.smtp).toBeNull();
  });

  it('reads smtp:// and smtps:// URLs with default ports, credentials and the sender', () => {
    expect(
      loadIdentityConfig(env({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'Symbia <ops@example.com>' })).identity
        .smtp,
    ).toEqual({
      server: { host: '127.0.0.1', port: 2525, secure: false, auth: null },
      from: { header: 'Symbia <ops@example.com>', address: 'ops@example.com' },
    });
    expect(loadIdentityConfig(env({ SMTP_URL: 'smtps://mailer:p%40ss@mail.example.com' })).identity.smtp).toEqual({
      server: { host: 'mail.example.com', port: 465, secure: true, auth: { user: 'mailer', pass: 'p@ss' } },
      from: { header: 'Symbia <no-reply@web.example>', address: 'no-reply@web.example' },
    });
  });

  it('refuses credentials in clear to another host, other schemes, a bad sender, and SMTP_FROM alone', () => {
    expect(problemsOf({ SMTP_URL: 'smtp://u:p@mail.example.com' })).toMatch(
      /SMTP_URL carries credentials over plain smtp/,
    );
    expect(problemsOf({ SMTP_URL: 'smtp://u:p@localhost:2525' })).toBe('');
    expect(problemsOf({ SMTP_URL: 'http://mail.example.com' })).toMatch(/SMTP_URL must start with smtp/);
    expect(problemsOf({ SMTP_URL: 'smtp://127.0.0.1', SMTP_FROM: 'nobody' })).toMatch(
      /SMTP_FROM must be an email address/,
    );
    expect(problemsOf({ SMTP_FROM: 'a@b.c' })).toMatch(/SMTP_FROM is set but SMTP_URL is not/);
  });
});
