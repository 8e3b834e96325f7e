import { BlockList, isIP } from 'node:net';

/** The proxies whose `X-Forwarded-For` identity believes (TRUSTED_PROXIES: addresses and CIDR ranges). */
export interface TrustedProxies {
  has(address: string): boolean;
}

/**
 * One form per address, so a throttle key never differs by notation: IPv4-mapped IPv6 (`::ffff:a.b.c.d`)
 * is the IPv4 address, IPv6 is lower case, brackets and a port (`[::1]:80`, `1.2.3.4:80`) are dropped.
 * Anything that is not an IP address afterwards is `undefined`.
 */
export function normalizeAddress(raw: string): string | undefined {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const version = isIP(value);
  if (version === 0) return undefined;
  return version === 6 ? value.toLowerCase() : value;
}

/** `entries` as written in TRUSTED_PROXIES; the problems name each entry that is neither an address nor a CIDR range. */
export function parseTrustedProxies(raw: string | undefined): { entries: string[]; problems: string[] } {
  const entries: string[] = [];
  const problems: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    if (subnetOf(entry)) entries.push(entry);
    else
      problems.push(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, ::1)`);
  }
  return { entries, problems };
}

function subnetOf(entry: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [rawAddress = '', rawPrefix, extra] = entry.split('/');
  if (extra !== undefined) return undefined;
  const address = normalizeAddress(rawAddress);
  if (address === undefined || rawAddress.includes('[')) return undefined;
  const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = type === 'ipv4' ? 32 : 128;
  if (rawPrefix === undefined) return { address, prefix: max, type };
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > max) return undefined;
  return { address, prefix: Number(rawPrefix), type };
}

export function createTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const subnet = subnetOf(entry);
    if (subnet) list.addSubnet(subnet.address, subnet.prefix, subnet.type);
  }
  return {
    has(address) {
      const normalized = normalizeAddress(address);
      if (normalized === undefined) return false;
      return list.check(normalized, isIP(normalized) === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * The client's address (DESIGN §6: a bare X-Forwarded-For never grants anything). The socket peer, unless the
 * peer is a trusted proxy: then `X-Forwarded-For` is walked from the right, each hop written by the trusted
 * proxy after it, and the first address that is not itself a trusted proxy is the client. Everything left of
 * it was written by the client and proves nothing. A hop that is not an address stops the walk at the last
 * address known to be true; a chain of trusted proxies only ends at its leftmost hop.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies,
): string {
  let client = normalizeAddress(peer ?? '') ?? 'unknown';
  if (forwardedFor === undefined || !trusted.has(client)) return client;
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizeAddress(hops[i]!);
    if (hop === undefined) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}
