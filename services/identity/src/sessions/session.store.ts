import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { sessions, usedRefreshTokens } from '../db/schema.js';

export type SessionRow = typeof sessions.$inferSelect;

export interface SessionStore {
  insert(
    row: Pick<SessionRow, 'id' | 'userId' | 'agentId' | 'refreshTokenHash' | 'clientIp' | 'expiresAt'>,
  ): Promise<void>;
  isActive(id: string, now: Date): Promise<boolean>;
  /**
   * Swaps the refresh token atomically: only one of two concurrent refreshes with the same token wins;
   * the loser then finds the token in used_refresh_tokens (reuse).
   */
  rotate(oldHash: string, newHash: string, now: Date): Promise<SessionRow | undefined>;
  findSessionOfUsedToken(hash: string): Promise<string | undefined>;
  /** Who a live refresh token belongs to, without rotating it. */
  kindOfRefreshToken(hash: string): Promise<'user' | 'agent' | undefined>;
  revoke(id: string, reason: string): Promise<boolean>;
  /** Returns the ids it revoked. */
  revokeAllOfUser(userId: string, reason: string, exceptSessionId?: string): Promise<string[]>;
  revokeAllOfAgent(agentId: string, reason: string): Promise<string[]>;
}

export function createSessionStore(db: Db): SessionStore {
  const active = (now: Date) => and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now));
  // Checked on every authenticated request to identity (W5): prepared once per connection.
  let activeById: ReturnType<typeof prepareActiveById> | undefined;
  function prepareActiveById() {
    return db
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql.placeholder('now')),
        ),
      )
      .prepare('identity_session_active');
  }
  return {
    async insert(row) {
      await db.insert(sessions).values(row);
    },
    async isActive(id, now) {
      activeById ??= prepareActiveById();
      return (await activeById.execute({ id, now })).length > 0;
    },
    rotate: (oldHash, newHash, now) =>
      db.transaction(async (tx) => {
        const rows = await tx
          .update(sessions)
          .set({ refreshTokenHash: newHash, lastRefreshedAt: now })
          .where(and(eq(sessions.refreshTokenHash, oldHash), active(now)))
          .returning();
        if (rows[0]) await tx.insert(usedRefreshTokens).values({ tokenHash: oldHash, sessionId: rows[0].id });
        return rows[0];
      }),
    findSessionOfUsedToken: async (hash) =>
      (
        await db
          .select({ id: usedRefreshTokens.sessionId })
          .from(usedRefreshTokens)
          .where(eq(usedRefreshTokens.tokenHash, hash))
      )[0]?.id,
    async kindOfRefreshToken(hash) {
      const row = (
        await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.refreshTokenHash, hash))
      )[0];
      return row ? (row.userId ? 'user' : 'agent') : undefined;
    },
    revoke: async (id, reason) =>
      (
        await db
          .update(sessions)
          .set({ revokedAt: sql`now()`, revokedReason: reason })
          .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
          .returning({ id: sessions.id })
      ).length > 0,
    async revokeAllOfUser(userId, reason, exceptSessionId) {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: sql`now()`, revokedReason: reason })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined,
          ),
        )
        .returning({ id: sessions.id });
      return rows.map((r) => r.id);
    },
    async revokeAllOfAgent(agentId, reason) {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: sql`now()`, revokedReason: reason })
        .where(and(eq(sessions.agentId, agentId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      return rows.map((r) => r.id);
    },
  };
}
