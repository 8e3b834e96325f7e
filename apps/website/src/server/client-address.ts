import { BlockList, isIP } from 'node:net';

/** The proxies in front of the website whose `X-Forwarded-For` it passes on (WEBSITE_TRUSTED_PROXIES). */
export interface TrustedProxies {
  has(address: string): boolean;
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the IPv4 address, so services see one form per client. */
export function normalizeAddress(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  return mapped ? mapped[1]! : value.toLowerCase();
}

/** Comma-separated addresses and CIDR ranges; throws naming `variable` for an entry that is neither. */
export function parseTrustedProxies(raw: string | undefined, variable: string): TrustedProxies {
  const list = new BlockList();
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [rawAddress = '', rawPrefix, extra] = entry.split('/');
    const address = normalizeAddress(rawAddress);
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const prefix = rawPrefix === undefined ? max : /^\d{1,3}$/.test(rawPrefix) ? Number(rawPrefix) : Number.NaN;
    if (version === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      throw new Error(`${variable}: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, ::1)`);
    }
    list.addSubnet(address, prefix, version === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    has(address) {
      const normalized = normalizeAddress(address);
      const version = isIP(normalized);
      return version !== 0 && list.check(normalized, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * The `X-Forwarded-For` the website sends on: the chain a trusted proxy in front of it wrote, then the socket
 * peer. From any other peer an incoming value is the client's own claim and is dropped (DESIGN §6), so a
 * service that trusts the website learns the real peer and nothing the client wrote.
 */
export function forwardedFor(
  peer: string | undefined,
  incoming: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  const client = normalizeAddress(peer);
  if (incoming === undefined || !trusted.has(client)) return client;
  const chain = (Array.isArray(incoming) ? incoming.join(',') : incoming)
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return [...chain, client].join(', ');
}
