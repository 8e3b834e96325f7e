import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { orgFeatures } from '../db/schema.js';

export type OrgFeatureRow = typeof orgFeatures.$inferSelect;

export interface OrgFeatureStore {
  /** Unexpired flags only (W15). */
  listActive(orgId: string, now: Date): Promise<OrgFeatureRow[]>;
  upsert(
    orgId: string,
    row: Pick<OrgFeatureRow, 'id' | 'featureKey' | 'enabled' | 'expiresAt'>,
  ): Promise<OrgFeatureRow>;
  delete(orgId: string, featureKey: string): Promise<boolean>;
}

export function createOrgFeatureStore(db: Db): OrgFeatureStore {
  const t = orgFeatures;
  return {
    listActive: (orgId, now) =>
      db
        .select()
        .from(t)
        .where(and(eq(t.orgId, orgId), or(isNull(t.expiresAt), gt(t.expiresAt, now))))
        .orderBy(asc(t.featureKey)),
    upsert: async (orgId, row) =>
      (
        await db
          .insert(t)
          .values({ ...row, orgId })
          .onConflictDoUpdate({
            target: [t.orgId, t.featureKey],
            set: { enabled: row.enabled, expiresAt: row.expiresAt },
          })
          .returning()
      )[0]!,
    delete: async (orgId, featureKey) =>
      (
        await db
          .delete(t)
          .where(and(eq(t.orgId, orgId), eq(t.featureKey, featureKey)))
          .returning({ id: t.id })
      ).length > 0,
  };
}
