import { tooManyRequests } from '@symbia/kit/errors';
import type { ThrottleStore } from './throttle.store.js';

/**
 * Brute-force protection shared by every replica (state in Postgres, STYLE 15). Failed logins are counted per
 * (account, client address) and per client address across accounts; past a threshold each further failure
 * doubles the lock, up to `maxLockSeconds`. The client address is the socket peer or what a trusted proxy
 * forwarded (trusted-proxies.ts). Nothing locks an account as a whole: an attacker failing logins for an
 * e-mail slows that e-mail from the attacker's address, and the owner still signs in from anywhere else.
 */
export interface LoginThrottle {
  /** 429 with Retry-After while the (account, address) pair or the address is locked. */
  assertAllowed(account: string, ip: string): Promise<void>;
  recordFailure(account: string, ip: string): Promise<void>;
  /**
   * A login that succeeded clears its (account, address) pair; the address's own count stays, so signing in to
   * one's own account does not buy more guesses at others. Without `ip` (a proven password reset) every pair of
   * the account is cleared.
   */
  recordSuccess(account: string, ip?: string): Promise<void>;
  /** Fixed-window limit for anonymous endpoints (W13: register, agent register, forgot/reset password): 429 past `limit`. */
  limit(name: string, ip: string, limit: number, windowSeconds: number): Promise<void>;
}

export interface LoginThrottleOptions {
  /** Failures of one account from one address before it is slowed down. */
  pairThreshold?: number;
  /** Failures from one address, all accounts together, before the address is slowed down. */
  ipThreshold?: number;
  maxLockSeconds?: number;
  clock?: () => number;
}

// The account is encoded, so no e-mail or agent id can contain the separator and reach another account's pairs.
const accountPrefix = (account: string) => `pair:${encodeURIComponent(account)}|`;
const pairKey = (account: string, ip: string) => `${accountPrefix(account)}${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;
const PRUNE_AFTER_MS = 24 * 3600 * 1000;

export function createLoginThrottle(store: ThrottleStore, options: LoginThrottleOptions = {}): LoginThrottle {
  const { pairThreshold = 5, ipThreshold = 20, maxLockSeconds = 900, clock = Date.now } = options;

  const lockIfNeeded = async (key: string, failures: number, threshold: number) => {
    if (failures < threshold) return;
    const seconds = Math.min(maxLockSeconds, 2 ** Math.min(failures - threshold, 20));
    await store.lock(key, new Date(clock() + seconds * 1000));
  };

  const refuse = (until: Date) =>
    tooManyRequests('Too many attempts. Please try again later.', (until.getTime() - clock()) / 1000);

  return {
    async assertAllowed(account, ip) {
      const until = await store.lockedUntil([pairKey(account, ip), ipKey(ip)], new Date(clock()));
      if (until) throw refuse(until);
    },
    async recordFailure(account, ip) {
      await lockIfNeeded(pairKey(account, ip), await store.recordFailure(pairKey(account, ip)), pairThreshold);
      await lockIfNeeded(ipKey(ip), await store.recordFailure(ipKey(ip)), ipThreshold);
      // Occasional pruning keeps the table as small as the set of recently attacked keys.
      if (Math.random() < 0.02) await store.pruneOlderThan(new Date(clock() - PRUNE_AFTER_MS));
    },
    recordSuccess: (account, ip) =>
      ip === undefined ? store.clearPrefix(accountPrefix(account)) : store.clear(pairKey(account, ip)),
    async limit(name, ip, limit, windowSeconds) {
      const { hits, resetAt } = await store.hit(`rl:${name}:${ip}`, windowSeconds);
      if (hits > limit) throw refuse(resetAt);
    },
  };
}
