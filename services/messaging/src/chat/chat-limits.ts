import { createFixedWindowLimiter } from '@symbia/kit';
import { serviceUnavailable, tooManyRequests } from '@symbia/kit/errors';
import { MessagingErrorCodes } from '../errors.js';

export interface ChatAdmission {
  /** Throws 503 when the chat is off, 429 (with Retry-After) when the client or the whole process is over budget. */
  admit(clientKey: string): void;
}

const MINUTE = 60_000;

/**
 * W1: the website chat must not become an anonymous, unmetered LLM proxy. Budgets are per client (the
 * principal when signed in, else the client address) and for the whole process. In-process counters:
 * N replicas allow N times the global budget, the documented trade-off of the kit's fixed-window limiter.
 */
export function createChatAdmission(options: { enabled: boolean; perClientPerMinute: number; globalPerMinute: number; clock?: () => number }): ChatAdmission {
  const perClient = createFixedWindowLimiter({ windowMs: MINUTE, max: options.perClientPerMinute, clock: options.clock });
  const global = createFixedWindowLimiter({ windowMs: MINUTE, max: options.globalPerMinute, clock: options.clock });
  return {
    admit(clientKey) {
      if (!options.enabled) throw serviceUnavailable('The website chat is disabled on this deployment', MessagingErrorCodes.chatDisabled);
      const mine = perClient.hit(clientKey);
      if (!mine.allowed) throw tooManyRequests('Too many chat messages; wait a minute and try again', mine.resetMs / 1000);
      const all = global.hit('*');
      if (!all.allowed) throw tooManyRequests('The chat is busy; try again in a minute', all.resetMs / 1000);
    },
  };
}

const normalize = (address: string): string => address.replace(/^::ffff:/i, '').trim();

/**
 * The client's address for rate limiting. `X-Forwarded-For` is read only when the TCP peer is a proxy named
 * in DEMO_CHAT_TRUSTED_PROXIES (the website server); then the rightmost address not itself a trusted proxy
 * wins, since everything left of it was written by the client and proves nothing.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const remote = normalize(peer ?? 'unknown');
  if (!trustedProxies.includes(remote) || !forwardedFor) return remote;
  const hops = forwardedFor.split(',').map(normalize).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  }
  return remote;
}
