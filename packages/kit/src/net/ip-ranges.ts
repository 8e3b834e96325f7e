import { BlockList, isIP } from 'node:net';

// Loopback, private, link-local (cloud metadata lives at 169.254.169.254), CGNAT, IETF protocol assignments, the
// 6to4 relay anycast, multicast, reserved, documentation and benchmarking ranges: nothing a public API is served from.
const blockedV4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blockedV4.addSubnet(net, prefix, 'ipv4');

// IPv6 ranges that are not public unicast in their own right. The ranges that embed an IPv4 address
// (::/96 with :: and ::1, ::ffff:0:0/96, ::ffff:0:0:0/96, 64:ff9b::/96, 2002::/16) are judged by that address.
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo: the client's IPv4 is obfuscated inside; nothing public is served from it
  ['2001:10::', 28],
  ['2001:20::', 28], // ORCHID
  ['2001:db8::', 32],
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed on some networks)
  ['ff00::', 8], // multicast
] as const)
  blockedV6.addSubnet(net, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address in any textual form (`::`, embedded dotted quad, zone id), or null. */
export function ipv6Bytes(address: string): number[] | null {
  const text = address.replace(/%.*$/, '');
  if (isIP(text) !== 6) return null;
  let groups = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    groups = `${groups.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = groups.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const words =
    tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  if (words.length !== 8) return null;
  return words.flatMap((word) => [word >> 8, word & 255]);
}

/**
 * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`,
 * IPv4-translated `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:AABB:CCDD::/48`.
 */
export function embeddedIpv4(bytes: readonly number[]): string | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const quad = (at: number) => bytes.slice(at, at + 4).join('.');
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2);
  const lastFour = quad(12);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return lastFour;
  if (zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zero(10, 12)) return lastFour;
  if (zero(0, 12)) return lastFour;
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return lastFour;
  return null;
}

/** Whether a caller-supplied URL may reach this literal address (DESIGN §6). Anything that is not an IP is refused. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return !blockedV4.check(address, 'ipv4');
  if (family !== 6) return false;
  const bytes = ipv6Bytes(address);
  if (!bytes) return false;
  const v4 = embeddedIpv4(bytes);
  if (v4 !== null) return !blockedV4.check(v4, 'ipv4');
  const canonical = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(
    ':',
  );
  return !blockedV6.check(canonical, 'ipv6');
}

const linkLocalV4 = new BlockList();
linkLocalV4.addSubnet('169.254.0.0', 16, 'ipv4');
const linkLocalV6 = new BlockList();
linkLocalV6.addSubnet('fe80::', 10, 'ipv6');
// AWS's IPv6 instance metadata address sits in unique-local space, not link-local.
linkLocalV6.addAddress('fd00:ec2::254', 'ipv6');

/**
 * Link-local and cloud metadata addresses (169.254.169.254, fe80::/10, fd00:ec2::254), also when an IPv6 address
 * carries them: refused even where private addresses are allowed (network W11). Anything that is not an IP is too.
 */
export function isLinkLocalAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return linkLocalV4.check(address, 'ipv4');
  if (family !== 6) return true;
  const bytes = ipv6Bytes(address);
  if (!bytes) return true;
  const v4 = embeddedIpv4(bytes);
  if (v4 !== null) return linkLocalV4.check(v4, 'ipv4');
  const canonical = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(
    ':',
  );
  return linkLocalV6.check(canonical, 'ipv6');
}
