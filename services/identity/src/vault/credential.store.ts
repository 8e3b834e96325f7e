import { and, count, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/db.js';
import { userCredentials } from '../db/schema.js';

export type CredentialRow = typeof userCredentials.$inferSelect;
export type NewCredential = Pick<
  CredentialRow,
  | 'id'
  | 'userId'
  | 'orgId'
  | 'provider'
  | 'name'
  | 'credentialEncrypted'
  | 'credentialPrefix'
  | 'isOrgWide'
  | 'metadata'
  | 'credentialType'
> &
  Partial<
    Pick<CredentialRow, 'refreshTokenEncrypted' | 'expiresAt' | 'oauthUserId' | 'oauthUserEmail' | 'oauthUserName'>
  >;

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
  /**
   * Inserts or updates the user's own OAuth row for `row.provider` in one statement (never an org-wide row, W1).
   * Race-free under concurrent first stores: the unique index user_credentials_oauth_uq decides (0003).
   * Fields that are null in `row` (refresh token, OAuth user info, org) keep their stored value.
   */
  upsertOwnOAuth(row: NewCredential): Promise<{ row: CredentialRow; inserted: boolean }>;
  /** `ownerId` narrows the delete to that owner when given. */
  deleteById(id: string, ownerId?: string): Promise<boolean>;
}

export function createCredentialStore(db: Db): CredentialStore {
  return {
    insert: async (row) => (await db.insert(userCredentials).values(row).returning())[0]!,
    listByOwner: (userId) =>
      db
        .select()
        .from(userCredentials)
        .where(eq(userCredentials.userId, userId))
        .orderBy(desc(userCredentials.createdAt)),
    deleteOwned: async (userId, id) =>
      (
        await db
          .delete(userCredentials)
          .where(and(eq(userCredentials.userId, userId), eq(userCredentials.id, id)))
          .returning({ id: userCredentials.id })
      ).length > 0,
    findPersonal: async (userId, provider) =>
      (
        await db
          .select()
          .from(userCredentials)
          .where(
            and(
              eq(userCredentials.userId, userId),
              eq(userCredentials.provider, provider),
              eq(userCredentials.isOrgWide, false),
            ),
          )
          .orderBy(desc(userCredentials.createdAt))
          .limit(1)
      )[0],
    findOrgWide: async (orgId, provider) =>
      (
        await db
          .select()
          .from(userCredentials)
          .where(
            and(
              eq(userCredentials.orgId, orgId),
              eq(userCredentials.provider, provider),
              eq(userCredentials.isOrgWide, true),
            ),
          )
          .orderBy(desc(userCredentials.createdAt))
          .limit(1)
      )[0],
    findById: async (id) => (await db.select().from(userCredentials).where(eq(userCredentials.id, id)))[0],
    async touch(id) {
      await db
        .update(userCredentials)
        .set({ lastUsedAt: sql`now()` })
        .where(eq(userCredentials.id, id));
    },
    async upsertOwnOAuth(row) {
      const t = userCredentials;
      const keep = (column: AnyPgColumn) => sql`coalesce(excluded.${sql.identifier(column.name)}, ${column})`;
      const [result] = await db
        .insert(t)
        .values({ ...row, credentialType: 'oauth_token', isOrgWide: false })
        .onConflictDoUpdate({
          target: [t.userId, t.provider],
          // Must repeat the partial index's predicate for Postgres to pick it as the arbiter.
          targetWhere: sql`credential_type = 'oauth_token' and not is_org_wide`,
          set: {
            credentialEncrypted: sql`excluded.credential_encrypted`,
            credentialPrefix: sql`excluded.credential_prefix`,
            expiresAt: sql`excluded.expires_at`,
            refreshTokenEncrypted: keep(t.refreshTokenEncrypted),
            oauthUserId: keep(t.oauthUserId),
            oauthUserEmail: keep(t.oauthUserEmail),
            oauthUserName: keep(t.oauthUserName),
            orgId: keep(t.orgId),
            updatedAt: sql`now()`,
          },
        })
        // xmax is 0 only on a freshly inserted row version: tells "stored" from "refreshed" without a second query.
        .returning({ ...getTableColumns(t), inserted: sql<boolean>`(xmax = 0)` });
      const { inserted, ...stored } = result!;
      return { row: stored, inserted };
    },
    deleteById: async (id, ownerId) =>
      (
        await db
          .delete(userCredentials)
          .where(and(eq(userCredentials.id, id), ownerId ? eq(userCredentials.userId, ownerId) : undefined))
          .returning({ id: userCredentials.id })
      ).length > 0,
    count: async () => (await db.select({ n: count() }).from(userCredentials))[0]!.n,
  };
}
