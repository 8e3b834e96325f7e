import { randomBytes } from 'node:crypto';
import { ConfigError } from '@symbia/kit';
import { describe, expect, it } from 'vitest';
import { loadIdentityConfig } from '../../src/config.js';
import {
  createTrustedProxies,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from '../../src/throttle/trusted-proxies.js';

const proxies = createTrustedProxies(['10.0.0.5', '192.168.0.0/16', '::1', 'fd00::/8']);

describe('client address behind trusted proxies (DESIGN §6)', () => {
  it('is the socket peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', proxies)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:203.0.113.9', '10.0.0.5, 198.51.100.1', proxies)).toBe('203.0.113.9');
    expect(resolveClientAddress('203.0.113.9', undefined, createTrustedProxies([]))).toBe('203.0.113.9');
  });

  it('takes the rightmost address that is not itself a trusted proxy, ignoring what the client wrote left of it', () => {
    expect(resolveClientAddress('10.0.0.5', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('10.0.0.5', 'spoofed-by-client, 203.0.113.1, 198.51.100.7, 192.168.4.4', proxies)).toBe(
      '198.51.100.7',
    );
    expect(resolveClientAddress('::1', ['203.0.113.1', '198.51.100.7'], proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('::ffff:10.0.0.5', '[2001:DB8::1]:443', proxies)).toBe('2001:db8::1');
  });

  it('stops at the last true address when a hop is not an address, and at the leftmost hop of an all-trusted chain', () => {
    expect(resolveClientAddress('10.0.0.5', 'not-an-ip', proxies)).toBe('10.0.0.5');
    expect(resolveClientAddress('10.0.0.5', '203.0.113.1, garbage, 192.168.1.1', proxies)).toBe('192.168.1.1');
    expect(resolveClientAddress('10.0.0.5', '192.168.1.1, fd00::2', proxies)).toBe('192.168.1.1');
    expect(resolveClientAddress('10.0.0.5', '', proxies)).toBe('10.0.0.5');
  });

  it('writes every address one way, so one client is one throttle key', () => {
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('127.0.0.1:5000')).toBe('127.0.0.1');
    expect(normalizeAddress('[::1]:80')).toBe('::1');
    expect(normalizeAddress('2001:DB8::A')).toBe('2001:db8::a');
    expect(normalizeAddress('example.com')).toBeUndefined();
    expect(resolveClientAddress(undefined, '198.51.100.7', proxies)).toBe('unknown');
  });

  it('parses TRUSTED_PROXIES and names each entry that is neither an address nor a CIDR range', () => {
    expect(parseTrustedProxies(' 10.0.0.5 , 10.0.0.0/8,::1,fd00::/8 ')).toEqual({
      entries: ['10.0.0.5', '10.0.0.0/8', '::1', 'fd00::/8'],
      problems: [],
    });
    expect(parseTrustedProxies(undefined)).toEqual({ entries: [], problems: [] });
    const { problems } = parseTrustedProxies('10.0.0.0/33,localhost,::1/129,1.2.3.4/8/9,10.0.0.1/x');
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^TRUSTED_PROXIES: "10\.0\.0\.0\/33"/);
  });

  it('refuses to start with a malformed TRUSTED_PROXIES, naming the variable', () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://localhost/x',
      INTERNAL_SERVICE_SECRET: randomBytes(32).toString('hex'),
      CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    expect(loadIdentityConfig({ ...env, TRUSTED_PROXIES: '127.0.0.1,::1' }).identity.trustedProxies).toEqual([
      '127.0.0.1',
      '::1',
    ]);
    expect(loadIdentityConfig(env).identity.trustedProxies).toEqual([]);
    expect(() => loadIdentityConfig({ ...env, TRUSTED_PROXIES: 'the-website' })).toThrow(ConfigError);
    expect(() => loadIdentityConfig({ ...env, TRUSTED_PROXIES: 'the-website' })).toThrow(
      /TRUSTED_PROXIES: "the-website"/,
    );
  });
});
