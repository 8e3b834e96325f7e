import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** A caller-influenced URL points somewhere integrations must not connect to (spec §16.3, W2). */
export class OutboundUrlBlockedError extends Error {
  constructor(readonly host: string, reason: string) {
    super(`Outbound URL not allowed: ${host} (${reason})`);
    this.name = 'OutboundUrlBlockedError';
  }
}

// Loopback, private, link-local (cloud metadata lives at 169.254.169.254), CGNAT, multicast, reserved,
// documentation and benchmarking ranges: nothing a public API is served from.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** IPv4 embedded in IPv6 (`::ffff:a.b.c.d` mapped, `64:ff9b::a.b.c.d` NAT64) is judged as the IPv4 it reaches. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    return v4 !== null ? !blocked.check(v4, 'ipv4') : !blocked.check(address, 'ipv6');
  }
  return false;
}

export interface OutboundPolicy {
  /** Scheme, credentials-in-URL and literal-address checks; throws OutboundUrlBlockedError. */
  check(url: URL): void;
  /**
   * A `lookup` for node:http(s) that refuses non-public addresses at connect time, so the address that was
   * checked is the one connected to (no second resolution for DNS rebinding to exploit).
   */
  lookupFor(url: URL): LookupFunction;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

export function createOutboundPolicy(allowedPrivateHosts: readonly string[]): OutboundPolicy {
  const allowed = new Set(allowedPrivateHosts.map((h) => h.toLowerCase()));
  const isAllowListed = (url: URL) => allowed.has(hostOf(url)) || allowed.has(`${hostOf(url)}:${defaultPort(url)}`);
  return {
    check(url) {
      const host = hostOf(url);
      if (url.username || url.password) throw new OutboundUrlBlockedError(host, 'credentials in the URL');
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isAllowListed(url))) throw new OutboundUrlBlockedError(host, 'only https is allowed');
      if (isIP(host) !== 0 && !isAllowListed(url) && !isPublicAddress(host)) throw new OutboundUrlBlockedError(host, 'private or reserved address');
    },
    lookupFor(url) {
      const exempt = isAllowListed(url);
      const host = hostOf(url);
      return ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
        dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
          if (err) return callback(err, []);
          const list = addresses as LookupAddress[];
          const refused = exempt ? undefined : list.find((a) => !isPublicAddress(a.address));
          if (refused || list.length === 0) return callback(new OutboundUrlBlockedError(host, 'resolves to a private or reserved address'), []);
          if ((options as { all?: boolean }).all) return callback(null, list);
          callback(null, list[0]!.address, list[0]!.family);
        });
      }) as LookupFunction;
    },
  };
}
