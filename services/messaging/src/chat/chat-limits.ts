import { serviceUnavailable, tooManyRequests } from '@symbia/kit/errors';
import { MessagingErrorCodes } from '../errors.js';
import { createLocalWindowCounter, type WindowCounter } from './window-counter.js';

export interface ChatAdmission {
  /** Rejects with 503 when the chat is off (or its shared counter is unreachable), 429 (with Retry-After) over budget. */
  admit(clientKey: string): Promise<void>;
}

export const CHAT_WINDOW_MS = 60_000;

/**
 * W1: the website chat must not become an anonymous, unmetered LLM proxy. Budgets are per client (the
 * principal when signed in, else the client address) and for the whole deployment. With REDIS_URL the counts
 * are shared by every replica (STYLE 15); without it each process counts for itself, so N replicas allow N times
 * the global budget.
 */
export function createChatAdmission(options: {
  enabled: boolean;
  perClientPerMinute: number;
  globalPerMinute: number;
  counter?: WindowCounter;
  clock?: () => number;
}): ChatAdmission {
  const counter = options.counter ?? createLocalWindowCounter({ windowMs: CHAT_WINDOW_MS, clock: options.clock });
  const count = async (key: string, max: number) => {
    try {
      return await counter.hit(key, max);
    } catch {
      throw serviceUnavailable(
        'The chat rate limiter is unavailable; try again shortly',
        MessagingErrorCodes.chatLimiterUnavailable,
      );
    }
  };
  return {
    async admit(clientKey) {
      if (!options.enabled)
        throw serviceUnavailable('The website chat is disabled on this deployment', MessagingErrorCodes.chatDisabled);
      const mine = await count(`client:${clientKey}`, options.perClientPerMinute);
      if (!mine.allowed)
        throw tooManyRequests('Too many chat messages; wait a minute and try again', mine.resetMs / 1000);
      const all = await count('all', options.globalPerMinute);
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
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string {
  const remote = normalize(peer ?? 'unknown');
  if (!trustedProxies.includes(remote) || !forwardedFor) return remote;
  const hops = forwardedFor.split(',').map(normalize).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  }
  return remote;
}
