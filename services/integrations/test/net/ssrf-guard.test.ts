import { describe, expect, it } from 'vitest';
import { createOutboundPolicy, isPublicAddress, OutboundUrlBlockedError } from '../../src/net/ssrf-guard.js';

const resolve = (lookup: ReturnType<ReturnType<typeof createOutboundPolicy>['lookupFor']>, host: string) =>
  new Promise<unknown>((ok, fail) => {
    (lookup as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown) => void) => void)(host, {}, (err, address) => (err ? fail(err) : ok(address)));
  });

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local (metadata), CGNAT, multicast and IPv4 hidden in IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(address), address).toBe(true);
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });
});

describe('createOutboundPolicy', () => {
  const policy = createOutboundPolicy(['127.0.0.1:8443', 'intranet.example']);

  it('checks scheme, credentials and literal addresses before connecting', () => {
    expect(() => policy.check(new URL('http://api.example.com/v1'))).toThrow(OutboundUrlBlockedError);
    expect(() => policy.check(new URL('https://user:pw@api.example.com/v1'))).toThrow(/credentials/);
    expect(() => policy.check(new URL('https://10.0.0.5/v1'))).toThrow(/Outbound URL not allowed: 10.0.0.5/);
    expect(() => policy.check(new URL('https://[::1]/v1'))).toThrow(OutboundUrlBlockedError);
    expect(() => policy.check(new URL('https://api.example.com/v1'))).not.toThrow();
    // Allow-listed host:port may be private and plain http; the same host on another port may not.
    expect(() => policy.check(new URL('http://127.0.0.1:8443/v1'))).not.toThrow();
    expect(() => policy.check(new URL('https://127.0.0.1:9000/v1'))).toThrow(OutboundUrlBlockedError);
  });

  it('refuses names that resolve to private addresses at connect time, unless allow-listed', async () => {
    await expect(resolve(policy.lookupFor(new URL('https://localhost/v1')), 'localhost')).rejects.toBeInstanceOf(OutboundUrlBlockedError);
    await expect(resolve(policy.lookupFor(new URL('https://localhost:8443/')), 'localhost')).rejects.toBeInstanceOf(OutboundUrlBlockedError);
    const exempt = createOutboundPolicy(['localhost']);
    await expect(resolve(exempt.lookupFor(new URL('https://localhost/v1')), 'localhost')).resolves.toBeTruthy();
  });
});
