import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { passwordResetTokens } from '../db/schema.js';

export type ResetTokenRow = typeof passwordResetTokens.$inferSelect;

/** Reset tokens are stored only as SHA-256 (W12); lookups are by hash, so no timing oracle on the token. */
export interface PasswordResetStore {
  insert(row: Pick<ResetTokenRow, 'id' | 'userId' | 'tokenHash' | 'expiresAt'>): Promise<void>;
  /** Marks an unused, unexpired token used and returns its user; undefined when none matched (single use, race-free). */
  consume(tokenHash: string, now: Date): Promise<string | undefined>;
  findByHash(tokenHash: string): Promise<ResetTokenRow | undefined>;
  /** Retires every outstanding token of the user (after a reset, or when a new one is issued). */
  retireAllOfUser(userId: string, now: Date): Promise<void>;
}

export function createPasswordResetStore(db: Db): PasswordResetStore {
  const t = passwordResetTokens;
  return {
    async insert(row) {
      await db.insert(t).values(row);
    },
    consume: async (tokenHash, now) =>
      (
        await db
          .update(t)
          .set({ usedAt: now })
          .where(and(eq(t.tokenHash, tokenHash), isNull(t.usedAt), gt(t.expiresAt, now)))
          .returning({ userId: t.userId })
      )[0]?.userId,
    findByHash: async (tokenHash) => (await db.select().from(t).where(eq(t.tokenHash, tokenHash)))[0],
    async retireAllOfUser(userId, now) {
      await db
        .update(t)
        .set({ usedAt: now })
        .where(and(eq(t.userId, userId), isNull(t.usedAt)));
    },
  };
}
