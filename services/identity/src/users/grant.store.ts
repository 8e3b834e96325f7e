import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { userGrants } from '../db/schema.js';
import { isUniqueViolation } from './user.store.js';

export type GrantKind = 'entitlement' | 'role';
export type GrantRow = typeof userGrants.$inferSelect;

export interface GrantStore {
  /** Unexpired grants only (W15). */
  listActive(userId: string, now: Date): Promise<{ entitlements: string[]; roles: string[] }>;
  list(userId: string, kind: GrantKind): Promise<GrantRow[]>;
  /** false when the user already holds it. */
  insert(
    row: Pick<GrantRow, 'id' | 'userId' | 'kind' | 'grantKey' | 'grantedBy' | 'expiresAt'>,
  ): Promise<GrantRow | undefined>;
  delete(userId: string, kind: GrantKind, key: string): Promise<boolean>;
}

export function createGrantStore(db: Db): GrantStore {
  return {
    async listActive(userId, now) {
      const rows = await db
        .select({ kind: userGrants.kind, key: userGrants.grantKey })
        .from(userGrants)
        .where(and(eq(userGrants.userId, userId), or(isNull(userGrants.expiresAt), gt(userGrants.expiresAt, now))));
      return {
        entitlements: rows.filter((r) => r.kind === 'entitlement').map((r) => r.key),
        roles: rows.filter((r) => r.kind === 'role').map((r) => r.key),
      };
    },
    list: (userId, kind) =>
      db
        .select()
        .from(userGrants)
        .where(and(eq(userGrants.userId, userId), eq(userGrants.kind, kind)))
        .orderBy(asc(userGrants.createdAt)),
    async insert(row) {
      try {
        return (await db.insert(userGrants).values(row).returning())[0];
      } catch (err) {
        if (isUniqueViolation(err)) return undefined;
        throw err;
      }
    },
    delete: async (userId, kind, key) =>
      (
        await db
          .delete(userGrants)
          .where(and(eq(userGrants.userId, userId), eq(userGrants.kind, kind), eq(userGrants.grantKey, key)))
          .returning({ id: userGrants.id })
      ).length > 0,
  };
}
