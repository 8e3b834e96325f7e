import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { apiKeys } from '../db/schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface ApiKeyStore {
  insert(
    row: Pick<
      ApiKeyRow,
      'id' | 'name' | 'keyHash' | 'keyPrefix' | 'orgId' | 'createdBy' | 'scopes' | 'expiresAt' | 'rotatedFrom'
    >,
  ): Promise<ApiKeyRow>;
  findById(id: string): Promise<ApiKeyRow | undefined>;
  findByHash(hash: string): Promise<ApiKeyRow | undefined>;
  listByCreator(userId: string): Promise<ApiKeyRow[]>;
  /** false when it was already revoked. */
  revoke(id: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  touch(id: string): Promise<void>;
}

export function createApiKeyStore(db: Db): ApiKeyStore {
  return {
    insert: async (row) => (await db.insert(apiKeys).values(row).returning())[0]!,
    findById: async (id) => (await db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0],
    findByHash: async (hash) => (await db.select().from(apiKeys).where(eq(apiKeys.keyHash, hash)))[0],
    listByCreator: (userId) =>
      db.select().from(apiKeys).where(eq(apiKeys.createdBy, userId)).orderBy(desc(apiKeys.createdAt)),
    revoke: async (id) =>
      (
        await db
          .update(apiKeys)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(apiKeys.id, id), sql`${apiKeys.revokedAt} is null`))
          .returning({ id: apiKeys.id })
      ).length > 0,
    delete: async (id) => (await db.delete(apiKeys).where(eq(apiKeys.id, id)).returning({ id: apiKeys.id })).length > 0,
    async touch(id) {
      await db
        .update(apiKeys)
        .set({ lastUsedAt: sql`now()` })
        .where(eq(apiKeys.id, id));
    },
  };
}
