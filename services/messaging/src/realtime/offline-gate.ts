import type { Redis } from 'ioredis';

/**
 * W13 says offline is announced once, when a principal's last socket is gone. Two sockets of one principal
 * closing at the same moment (on one replica or on two) can each find no socket left, so the announcement is
 * claimed first: exactly one claimant wins until the principal connects again.
 */
export interface OfflineGate {
  claimOffline(principalId: string): Promise<boolean>;
  /** The principal has a socket again, so its next offline may be announced. */
  online(principalId: string): Promise<void>;
}

// A claim only has to outlive the burst of simultaneous disconnects; expiry keeps the set bounded.
const CLAIM_TTL_MS = 10_000;

export function createLocalOfflineGate(): OfflineGate {
  const claimed = new Map<string, NodeJS.Timeout>();
  return {
    async claimOffline(principalId) {
      if (claimed.has(principalId)) return false;
      const expiry = setTimeout(() => claimed.delete(principalId), CLAIM_TTL_MS);
      expiry.unref();
      claimed.set(principalId, expiry);
      return true;
    },
    async online(principalId) {
      clearTimeout(claimed.get(principalId));
      claimed.delete(principalId);
    },
  };
}

/** The same claim shared by every replica: `SET NX` with an expiry on the adapter's Redis. */
export function createRedisOfflineGate(redis: Redis, keyPrefix: string): OfflineGate {
  const key = (principalId: string) => `${keyPrefix}:offline-claim:${principalId}`;
  return {
    async claimOffline(principalId) {
      return (await redis.set(key(principalId), '1', 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
    },
    async online(principalId) {
      await redis.del(key(principalId));
    },
  };
}
