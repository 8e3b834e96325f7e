import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isLinkLocalAddress, isPublicAddress } from './ip-ranges.js';

/**
 * The SSRF guard every outgoing call to a caller-supplied URL passes (DESIGN §6): integrations' credential base URLs
 * (integrations.md §16.3, W2) and network's node endpoints (network.md §8, network W11).
 */
export class OutboundUrlBlockedError extends Error {
  constructor(
    readonly host: string,
    reason: string,
  ) {
    super(`Outbound URL not allowed: ${host} (${reason})`);
    this.name = 'OutboundUrlBlockedError';
  }
}

export { isLinkLocalAddress, isPublicAddress } from './ip-ranges.js';

export interface OutboundPolicy {
  /** Scheme, credentials-in-URL and literal-address checks; throws OutboundUrlBlockedError. */
  check(url: URL): void;
  /**
   * A `lookup` for node:http(s) that refuses forbidden addresses at connect time, so the address that was
   * checked is the one connected to (no second resolution for DNS rebinding to exploit).
   */
  lookupFor(url: URL): LookupFunction;
}

export interface OutboundPolicyOptions {
  /** Plain `http:` for every host, not only allow-listed ones (default false: https only). */
  allowHttp?: boolean;
  /**
   * Loopback and private addresses for every host (default false). Link-local addresses, where cloud metadata
   * services live, stay refused unless the host is allow-listed.
   */
  allowPrivate?: boolean;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

/**
 * `allowedPrivateHosts` (`host` or `host:port`) may use plain http and any address; everything else needs https
 * and a public address, unless `options` relax that.
 */
export function createOutboundPolicy(
  allowedPrivateHosts: readonly string[],
  options: OutboundPolicyOptions = {},
): OutboundPolicy {
  const allowed = new Set(allowedPrivateHosts.map((h) => h.toLowerCase()));
  const isAllowListed = (url: URL) => allowed.has(hostOf(url)) || allowed.has(`${hostOf(url)}:${defaultPort(url)}`);
  const addressAllowed = (address: string) =>
    options.allowPrivate
      ? !isLinkLocalAddress(address) && isIP(address.replace(/%.*$/, '')) !== 0
      : isPublicAddress(address);
  return {
    check(url) {
      const host = hostOf(url);
      if (url.username || url.password) throw new OutboundUrlBlockedError(host, 'credentials in the URL');
      const httpAllowed = url.protocol === 'http:' && (options.allowHttp === true || isAllowListed(url));
      if (url.protocol !== 'https:' && !httpAllowed)
        throw new OutboundUrlBlockedError(
          host,
          options.allowHttp ? 'only http and https are allowed' : 'only https is allowed',
        );
      if (isIP(host) !== 0 && !isAllowListed(url) && !addressAllowed(host))
        throw new OutboundUrlBlockedError(host, 'private or reserved address');
    },
    lookupFor(url) {
      const exempt = isAllowListed(url);
      const host = hostOf(url);
      return ((
        hostname: string,
        lookupOptions: object,
        callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
      ) => {
        dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
          if (err) return callback(err, []);
          const list = addresses as LookupAddress[];
          const refused = exempt ? undefined : list.find((a) => !addressAllowed(a.address));
          if (refused || list.length === 0)
            return callback(new OutboundUrlBlockedError(host, 'resolves to a private or reserved address'), []);
          if ((lookupOptions as { all?: boolean }).all) return callback(null, list);
          callback(null, list[0]!.address, list[0]!.family);
        });
      }) as LookupFunction;
    },
  };
}
