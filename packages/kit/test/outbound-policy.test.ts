import { describe, expect, it } from 'vitest';
import { createOutboundPolicy, isPublicAddress, OutboundUrlBlockedError } from '../src/net/outbound-policy.js';

const resolve = (lookup: ReturnType<ReturnType<typeof createOutboundPolicy>['lookupFor']>, host: string) =>
  new Promise<unknown>((ok, fail) => {
    (lookup as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown) => void) => void)(
      host,
      {},
      (err, address) => (err ? fail(err) : ok(address)),
    );
  });

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local (metadata), CGNAT, multicast and IPv4 hidden in IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::10.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(address), address).toBe(true);
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });
});

describe('isPublicAddress, IPv6 forms that carry or hide a non-public address', () => {
  it('refuses IPv4-compatible, IPv4-translated, 6to4, NAT64 and hex-mapped forms of private IPv4', () => {
    for (const address of [
      '::127.0.0.1',
      '::7f00:1',
      '::10.0.0.1',
      '::169.254.169.254', // IPv4-compatible
      '::ffff:0:127.0.0.1',
      '::ffff:0:7f00:1',
      '::ffff:0:a9fe:a9fe', // IPv4-translated
      '2002:7f00:1::',
      '2002:7f00:0001::1',
      '2002:a9fe:a9fe::',
      '2002:c0a8:0101:1::2', // 6to4 around loopback, metadata, 192.168.1.1
      '64:ff9b::7f00:1',
      '64:ff9b::127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::8.8.8.8', // NAT64, local-use NAT64
      '::ffff:7f00:1',
      '::FFFF:127.0.0.1',
      '0:0:0:0:0:ffff:127.0.0.1',
      '0000:0000:0000:0000:0000:ffff:0a00:0001', // mapped
      '::',
      '0:0:0:0:0:0:0:0',
      '::0',
      '::1',
      '0:0:0:0:0:0:0:1',
      'fec0::1',
      'feff:ffff::1', // site-local
      '2001::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
      '3fff::1',
      'fe80::1%eth0',
      '0.1.2.3',
      '0.0.0.0',
      '192.88.99.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('accepts public addresses in the same forms', () => {
    for (const address of [
      '2002:0808:0808::1',
      '64:ff9b::8.8.8.8',
      '::ffff:0808:0808',
      '::ffff:0:8.8.8.8',
      '2a00:1450:4001::200e',
      'fbff::1',
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('refuses URLs naming such addresses, and IPv4 written in decimal, octal or hex', () => {
    const policy = createOutboundPolicy([]);
    for (const url of [
      'https://[::127.0.0.1]/',
      'https://[::ffff:0:127.0.0.1]/',
      'https://[2002:7f00:1::]/',
      'https://[fec0::1]/',
      'https://[64:ff9b::7f00:1]/',
      'https://[::ffff:7f00:1]/',
      'https://[::]/',
      'https://0.0.0.0/',
      'https://0/',
      'https://2130706433/',
      'https://0177.0.0.1/',
      'https://0x7f.0.0.1/',
      'https://0x7f000001/',
      'https://127.1/',
      'https://0xa9.0xfe.0xa9.0xfe/',
      'https://3232235777/',
    ]) {
      expect(() => policy.check(new URL(url)), url).toThrow(OutboundUrlBlockedError);
    }
    expect(() => policy.check(new URL('https://[2606:4700::1111]/'))).not.toThrow();
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
    await expect(resolve(policy.lookupFor(new URL('https://localhost/v1')), 'localhost')).rejects.toBeInstanceOf(
      OutboundUrlBlockedError,
    );
    await expect(resolve(policy.lookupFor(new URL('https://localhost:8443/')), 'localhost')).rejects.toBeInstanceOf(
      OutboundUrlBlockedError,
    );
    const exempt = createOutboundPolicy(['localhost']);
    await expect(resolve(exempt.lookupFor(new URL('https://localhost/v1')), 'localhost')).resolves.toBeTruthy();
  });
});

describe('createOutboundPolicy with http and private addresses allowed (network W11)', () => {
  const policy = createOutboundPolicy([], { allowHttp: true, allowPrivate: true });

  it('accepts http(s) to loopback and private addresses', () => {
    for (const url of ['http://127.0.0.1:5005/api/network/receive', 'https://10.0.0.5/x', 'http://[::1]:80/x'])
      expect(() => policy.check(new URL(url)), url).not.toThrow();
  });

  it('refuses other schemes and link-local or metadata addresses, also hidden in IPv6', () => {
    for (const url of [
      'ftp://127.0.0.1/x',
      'file:///etc/passwd',
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/x',
      'http://[::ffff:169.254.169.254]/x',
      'http://[fd00:ec2::254]/x',
    ])
      expect(() => policy.check(new URL(url)), url).toThrow(OutboundUrlBlockedError);
  });

  it('refuses a name that resolves to a link-local address at connect time', async () => {
    const lookup = policy.lookupFor(new URL('http://metadata.test/x'));
    await expect(resolve(lookup, '169.254.169.254')).rejects.toThrow(OutboundUrlBlockedError);
    await expect(resolve(lookup, '127.0.0.1')).resolves.toBeTruthy();
  });
});
