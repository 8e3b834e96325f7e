import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { rateWindows } from '../db/schema.js';

/** Window counters shared by replicas. Scopes are `org:<uuid>`, `user:<id>` or `service:<id>`. */
export interface RateWindowStore {
  /** Atomically claims up to `want` of the `limit` slots of a window; resolves to how many were granted (0: full). */
  claim(scope: string, windowStart: number, want: number, limit: number): Promise<number>;
  /** Deletes windows that started before `windowStart`. */
  prune(windowStart: number): Promise<void>;
}

export function createRateWindowStore(db: Db): RateWindowStore {
  return {
    async claim(scope, windowStart, want, limit) {
      // In DO UPDATE every right-hand side reads the row's old values, so last_grant is what this claim got;
      // the WHERE leaves a full window untouched and then no row comes back.
      const result = await db.execute<{ last_grant: number }>(sql`
        INSERT INTO integrations.rate_windows AS w (scope, window_start, used, last_grant)
        VALUES (${scope}, ${windowStart}, LEAST(${want}::int, ${limit}::int), LEAST(${want}::int, ${limit}::int))
        ON CONFLICT (scope, window_start) DO UPDATE
          SET last_grant = LEAST(${want}::int, ${limit}::int - w.used), used = w.used + LEAST(${want}::int, ${limit}::int - w.used)
          WHERE w.used < ${limit}::int
        RETURNING last_grant`);
      return result.rows[0]?.last_grant ?? 0;
    },
    async prune(windowStart) {
      await db.delete(rateWindows).where(lt(rateWindows.windowStart, windowStart));
    },
  };
}
