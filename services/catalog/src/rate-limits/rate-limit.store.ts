import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { rateLimitWindows } from '../db/schema.js';

/** Fixed-window counters in Postgres, so every replica counts against the same budget (W15, STYLE 15). */
export interface RateLimitStore {
  /** Counts one hit on `key`; a window that has ended starts over. */
  hit(key: string, windowMs: number): Promise<{ hits: number; resetsAt: Date }>;
  /** Drops windows that ended before `cutoff`. */
  pruneEndedBefore(cutoff: Date): Promise<void>;
}

export function createRateLimitStore(db: Db): RateLimitStore {
  return {
    async hit(key, windowMs) {
      const windowEnd = sql`now() + make_interval(secs => ${windowMs / 1000})`;
      const ended = sql`${rateLimitWindows.resetsAt} <= now()`;
      const rows = await db
        .insert(rateLimitWindows)
        .values({ bucketKey: key, hits: 1, resetsAt: windowEnd })
        .onConflictDoUpdate({
          target: rateLimitWindows.bucketKey,
          set: {
            hits: sql`CASE WHEN ${ended} THEN 1 ELSE ${rateLimitWindows.hits} + 1 END`,
            resetsAt: sql`CASE WHEN ${ended} THEN ${windowEnd} ELSE ${rateLimitWindows.resetsAt} END`,
          },
        })
        .returning({ hits: rateLimitWindows.hits, resetsAt: rateLimitWindows.resetsAt });
      return rows[0]!;
    },
    async pruneEndedBefore(cutoff) {
      await db.delete(rateLimitWindows).where(lt(rateLimitWindows.resetsAt, cutoff));
    },
  };
}
