import { tooManyRequests } from '@symbia/kit/errors';
import type { ThrottleStore } from './throttle.store.js';

/**
 * Brute-force protection shared by every replica (state in Postgres, STYLE 15). Failed logins are counted
 * per account and per client address (the socket peer: X-Forwarded-For is never read); past a threshold
 * each further failure doubles the lock, up to `maxLockSeconds`. A success clears the account's counter.
 */
export interface LoginThrottle {
  /** 429 with Retry-After while the account or the address is locked. */
  assertAllowed(account: string, ip: string): Promise<void>;
  recordFailure(account: string, ip: string): Promise<void>;
  recordSuccess(account: string): Promise<void>;
  /** Fixed-window limit for anonymous endpoints (register, forgot/reset password): 429 past `limit`. */
  limit(name: string, ip: string, limit: number, windowSeconds: number): Promise<void>;
}

export interface LoginThrottleOptions {
  accountThreshold?: number;
  ipThreshold?: number;
  maxLockSeconds?: number;
  clock?: () => number;
}

const accountKey = (account: string) => `acct:${account}`;
const ipKey = (ip: string) => `ip:${ip}`;
const PRUNE_AFTER_MS = 24 * 3600 * 1000;

export function createLoginThrottle(store: ThrottleStore, options: LoginThrottleOptions = {}): LoginThrottle {
  const { accountThreshold = 5, ipThreshold = 20, maxLockSeconds = 900, clock = Date.now } = options;

  const lockIfNeeded = async (key: string, failures: number, threshold: number) => {
    if (failures < threshold) return;
    const seconds = Math.min(maxLockSeconds, 2 ** Math.min(failures - threshold, 20));
    await store.lock(key, new Date(clock() + seconds * 1000));
  };

  const refuse = (until: Date) => tooManyRequests('Too many attempts. Please try again later.', (until.getTime() - clock()) / 1000);

  return {
    async assertAllowed(account, ip) {
      const until = await store.lockedUntil([accountKey(account), ipKey(ip)], new Date(clock()));
      if (until) throw refuse(until);
    },
    async recordFailure(account, ip) {
      await lockIfNeeded(accountKey(account), await store.recordFailure(accountKey(account)), accountThreshold);
      await lockIfNeeded(ipKey(ip), await store.recordFailure(ipKey(ip)), ipThreshold);
      // Occasional pruning keeps the table as small as the set of recently attacked keys.
      if (Math.random() < 0.02) await store.pruneOlderThan(new Date(clock() - PRUNE_AFTER_MS));
    },
    recordSuccess: (account) => store.clear(accountKey(account)),
    async limit(name, ip, limit, windowSeconds) {
      const { hits, resetAt } = await store.hit(`rl:${name}:${ip}`, windowSeconds);
      if (hits > limit) throw refuse(resetAt);
    },
  };
}
