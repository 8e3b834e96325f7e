import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './ip-ranges.js';

/** A caller-influenced URL points somewhere integrations must not connect to (spec §16.3, W2). */
export class OutboundUrlBlockedError extends Error {
  constructor(
    readonly host: string,
    reason: string,
  ) {
    super(`Outbound URL not allowed: ${host} (${reason})`);
    this.name = 'OutboundUrlBlockedError';
  }
}

export { isPublicAddress } from './ip-ranges.js';

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
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isAllowListed(url)))
        throw new OutboundUrlBlockedError(host, 'only https is allowed');
      if (isIP(host) !== 0 && !isAllowListed(url) && !isPublicAddress(host))
        throw new OutboundUrlBlockedError(host, 'private or reserved address');
    },
    lookupFor(url) {
      const exempt = isAllowListed(url);
      const host = hostOf(url);
      return ((
        hostname: string,
        options: object,
        callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
      ) => {
        dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
          if (err) return callback(err, []);
          const list = addresses as LookupAddress[];
          const refused = exempt ? undefined : list.find((a) => !isPublicAddress(a.address));
          if (refused || list.length === 0)
            return callback(new OutboundUrlBlockedError(host, 'resolves to a private or reserved address'), []);
          if ((options as { all?: boolean }).all) return callback(null, list);
          callback(null, list[0]!.address, list[0]!.family);
        });
      }) as LookupFunction;
    },
  };
}
