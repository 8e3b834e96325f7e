import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { userCredentials } from '../db/schema.js';

export type CredentialRow = typeof userCredentials.$inferSelect;
export type NewCredential = Pick<CredentialRow, 'id' | 'userId' | 'orgId' | 'provider' | 'name' | 'credentialEncrypted' | 'credentialPrefix' | 'isOrgWide' | 'metadata' | 'credentialType'> & Partial<Pick<CredentialRow, 'refreshTokenEncrypted' | 'expiresAt' | 'oauthUserId' | 'oauthUserEmail' | 'oauthUserName'>>;

/** Vault rows. Owner- or org-scoped lookups take the owner/org as a required argument (STYLE 9). */
export interface CredentialStore {
  insert(row: NewCredential): Promise<CredentialRow>;
  listByOwner(userId: string): Promise<CredentialRow[]>;
  deleteOwned(userId: string, id: string): Promise<boolean>;
  /** The user's own, non-shared credential for a provider (newest first). */
  findPersonal(userId: string, provider: string): Promise<CredentialRow | undefined>;
  /** An org-wide credential of `orgId` for a provider (newest first). */
  findOrgWide(orgId: string, provider: string): Promise<CredentialRow | undefined>;
  /** Internal by-id lookup; only reachable from service principals holding cap:identity.credentials.read. */
  findById(id: string): Promise<CredentialRow | undefined>;
  touch(id: string): Promise<void>;
  count(): Promise<number>;
  /** The user's own OAuth row for a provider (never an org-wide row found by fallback, W1). */
  findOwnOAuth(userId: string, provider: string): Promise<CredentialRow | undefined>;
  updateOwned(userId: string, id: string, patch: Partial<Pick<CredentialRow, 'orgId' | 'credentialEncrypted' | 'credentialPrefix' | 'refreshTokenEncrypted' | 'expiresAt' | 'oauthUserId' | 'oauthUserEmail' | 'oauthUserName'>>): Promise<CredentialRow | undefined>;
  /** `ownerId` narrows the delete to that owner when given. */
  deleteById(id: string, ownerId?: string): Promise<boolean>;
}

export function createCredentialStore(db: Db): CredentialStore {
  return {
    insert: async (row) => (await db.insert(userCredentials).values(row).returning())[0]!,
    listByOwner: (userId) => db.select().from(userCredentials).where(eq(userCredentials.userId, userId)).orderBy(desc(userCredentials.createdAt)),
    deleteOwned: async (userId, id) =>
      (await db.delete(userCredentials).where(and(eq(userCredentials.userId, userId), eq(userCredentials.id, id))).returning({ id: userCredentials.id })).length > 0,
    findPersonal: async (userId, provider) =>
      (
        await db
          .select()
          .from(userCredentials)
          .where(and(eq(userCredentials.userId, userId), eq(userCredentials.provider, provider), eq(userCredentials.isOrgWide, false)))
          .orderBy(desc(userCredentials.createdAt))
          .limit(1)
      )[0],
    findOrgWide: async (orgId, provider) =>
      (
        await db
          .select()
          .from(userCredentials)
          .where(and(eq(userCredentials.orgId, orgId), eq(userCredentials.provider, provider), eq(userCredentials.isOrgWide, true)))
          .orderBy(desc(userCredentials.createdAt))
          .limit(1)
      )[0],
    findById: async (id) => (await db.select().from(userCredentials).where(eq(userCredentials.id, id)))[0],
    async touch(id) {
      await db.update(userCredentials).set({ lastUsedAt: sql`now()` }).where(eq(userCredentials.id, id));
    },
    findOwnOAuth: async (userId, provider) =>
      (
        await db
          .select()
          .from(userCredentials)
          .where(and(eq(userCredentials.userId, userId), eq(userCredentials.provider, provider), eq(userCredentials.isOrgWide, false), eq(userCredentials.credentialType, 'oauth_token')))
          .orderBy(desc(userCredentials.createdAt))
          .limit(1)
      )[0],
    updateOwned: async (userId, id, patch) =>
      (await db.update(userCredentials).set({ ...patch, updatedAt: sql`now()` }).where(and(eq(userCredentials.userId, userId), eq(userCredentials.id, id))).returning())[0],
    deleteById: async (id, ownerId) =>
      (await db.delete(userCredentials).where(and(eq(userCredentials.id, id), ownerId ? eq(userCredentials.userId, ownerId) : undefined)).returning({ id: userCredentials.id })).length > 0,
    count: async () => (await db.select({ n: count() }).from(userCredentials))[0]!.n,
  };
}
