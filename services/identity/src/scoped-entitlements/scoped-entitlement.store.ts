import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { memberships, scopedEntitlements } from '../db/schema.js';
import { isEmpty } from '../projects/project.store.js';

export type ScopedEntitlementRow = typeof scopedEntitlements.$inferSelect;
export type ScopeType = ScopedEntitlementRow['scopeType'];

export interface ScopedEntitlementStore {
  listForScope(orgId: string, scopeType: ScopeType, scopeId: string): Promise<ScopedEntitlementRow[]>;
  insert(row: Omit<ScopedEntitlementRow, 'createdAt'>): Promise<ScopedEntitlementRow>;
  /** Through the caller's membership, with their role; another org's row is unreachable. */
  findAsMember(userId: string, id: string): Promise<(ScopedEntitlementRow & { role: string }) | undefined>;
  update(
    orgId: string,
    id: string,
    patch: Partial<Pick<ScopedEntitlementRow, 'quota' | 'consumed' | 'enabled' | 'expiresAt'>>,
  ): Promise<ScopedEntitlementRow | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Removes the rows of deleted scopes (scope_id cannot carry a foreign key). */
  deleteForScopes(orgId: string, scopeIds: string[]): Promise<void>;
}

export function createScopedEntitlementStore(db: Db): ScopedEntitlementStore {
  const t = scopedEntitlements;
  return {
    listForScope: (orgId, scopeType, scopeId) =>
      db
        .select()
        .from(t)
        .where(and(eq(t.orgId, orgId), eq(t.scopeType, scopeType), eq(t.scopeId, scopeId)))
        .orderBy(asc(t.createdAt)),
    insert: async (row) => (await db.insert(t).values(row).returning())[0]!,
    findAsMember: async (userId, id) =>
      (
        await db
          .select({ ...getTableColumns(t), role: memberships.role })
          .from(t)
          .innerJoin(memberships, and(eq(memberships.orgId, t.orgId), eq(memberships.userId, userId)))
          .where(eq(t.id, id))
      )[0],
    update: async (orgId, id, patch) =>
      isEmpty(patch)
        ? (
            await db
              .select()
              .from(t)
              .where(and(eq(t.orgId, orgId), eq(t.id, id)))
          )[0]
        : (
            await db
              .update(t)
              .set(patch)
              .where(and(eq(t.orgId, orgId), eq(t.id, id)))
              .returning()
          )[0],
    delete: async (orgId, id) =>
      (
        await db
          .delete(t)
          .where(and(eq(t.orgId, orgId), eq(t.id, id)))
          .returning({ id: t.id })
      ).length > 0,
    async deleteForScopes(orgId, scopeIds) {
      if (scopeIds.length > 0) await db.delete(t).where(and(eq(t.orgId, orgId), inArray(t.scopeId, scopeIds)));
    },
  };
}
