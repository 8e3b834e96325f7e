import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { loginThrottle } from '../db/schema.js';

export interface ThrottleStore {
  /** Latest lock end among `keys`, or null when none is locked. */
  lockedUntil(keys: string[], now: Date): Promise<Date | null>;
  /** Counts a failure and returns the new count. */
  recordFailure(key: string): Promise<number>;
  lock(key: string, until: Date): Promise<void>;
  clear(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix`. */
  clearPrefix(prefix: string): Promise<void>;
  /** Fixed-window counter: returns the hits in the current window and when it ends. */
  hit(key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }>;
  pruneOlderThan(cutoff: Date): Promise<void>;
}

export function createThrottleStore(db: Db): ThrottleStore {
  return {
    async lockedUntil(keys, now) {
      const rows = await db
        .select({ until: loginThrottle.lockedUntil })
        .from(loginThrottle)
        .where(inArray(loginThrottle.throttleKey, keys));
      const latest = rows
        .map((r) => r.until)
        .filter((d): d is Date => d !== null && d > now)
        .sort((a, b) => b.getTime() - a.getTime())[0];
      return latest ?? null;
    },
    async recordFailure(key) {
      const rows = await db
        .insert(loginThrottle)
        .values({ throttleKey: key, failures: 1 })
        .onConflictDoUpdate({
          target: loginThrottle.throttleKey,
          set: { failures: sql`${loginThrottle.failures} + 1`, updatedAt: sql`now()` },
        })
        .returning({ failures: loginThrottle.failures });
      return rows[0]!.failures;
    },
    async lock(key, until) {
      await db
        .update(loginThrottle)
        .set({ lockedUntil: until })
        .where(sql`${loginThrottle.throttleKey} = ${key}`);
    },
    async clear(key) {
      await db.delete(loginThrottle).where(sql`${loginThrottle.throttleKey} = ${key}`);
    },
    async clearPrefix(prefix) {
      await db.delete(loginThrottle).where(sql`starts_with(${loginThrottle.throttleKey}, ${prefix})`);
    },
    async hit(key, windowSeconds) {
      const windowEnd = sql`now() + make_interval(secs => ${windowSeconds})`;
      const expired = sql`${loginThrottle.lockedUntil} is null or ${loginThrottle.lockedUntil} <= now()`;
      const rows = await db
        .insert(loginThrottle)
        .values({ throttleKey: key, failures: 1, lockedUntil: windowEnd })
        .onConflictDoUpdate({
          target: loginThrottle.throttleKey,
          set: {
            failures: sql`case when ${expired} then 1 else ${loginThrottle.failures} + 1 end`,
            lockedUntil: sql`case when ${expired} then ${windowEnd} else ${loginThrottle.lockedUntil} end`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ hits: loginThrottle.failures, resetAt: loginThrottle.lockedUntil });
      return { hits: rows[0]!.hits, resetAt: rows[0]!.resetAt! };
    },
    async pruneOlderThan(cutoff) {
      await db.delete(loginThrottle).where(sql`${loginThrottle.updatedAt} < ${cutoff}`);
    },
  };
}
