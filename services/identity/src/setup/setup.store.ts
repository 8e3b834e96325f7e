import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { setupTokens } from '../db/schema.js';

export interface SetupStore {
  /** Replaces any earlier unused token: only the one printed last works. */
  replace(id: string, tokenHash: string): Promise<void>;
  /** Marks the token used; false when unknown or already used. */
  consume(tokenHash: string): Promise<boolean>;
}

export function createSetupStore(db: Db): SetupStore {
  return {
    async replace(id, tokenHash) {
      await db.transaction(async (tx) => {
        await tx.delete(setupTokens).where(isNull(setupTokens.usedAt));
        await tx.insert(setupTokens).values({ id, tokenHash });
      });
    },
    consume: async (tokenHash) =>
      (
        await db
          .update(setupTokens)
          .set({ usedAt: sql`now()` })
          .where(and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt)))
          .returning({ id: setupTokens.id })
      ).length > 0,
  };
}
