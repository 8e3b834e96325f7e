import { and, desc, eq, lt } from 'drizzle-orm';
import type { ReadScope } from '../access/access-policy.js';
import type { Db } from '../db/db.js';
import { resources, resourceVersions } from '../db/schema.js';
import { readableBy } from '../resources/resource.store.js';

export type VersionRow = typeof resourceVersions.$inferSelect;

/** Version rows are immutable: insert and read only (catalog.md §5). Callers reach them through a readable resource. */
export interface VersionStore {
  listForResource(resourceId: string): Promise<VersionRow[]>;
  latest(resourceId: string): Promise<VersionRow | undefined>;
  find(resourceId: string, version: number): Promise<VersionRow | undefined>;
  insert(row: Omit<VersionRow, 'createdAt'>): Promise<VersionRow>;
  /** Versions of resources the caller may read (W2), newest first; ids are UUIDv7, so id order is time order. */
  listReadable(scope: ReadScope, limit: number, beforeId?: string): Promise<VersionRow[]>;
}

export function createVersionStore(db: Db): VersionStore {
  return {
    listForResource: (resourceId) =>
      db
        .select()
        .from(resourceVersions)
        .where(eq(resourceVersions.resourceId, resourceId))
        .orderBy(desc(resourceVersions.version)),
    latest: async (resourceId) =>
      (
        await db
          .select()
          .from(resourceVersions)
          .where(eq(resourceVersions.resourceId, resourceId))
          .orderBy(desc(resourceVersions.version))
          .limit(1)
      )[0],
    find: async (resourceId, version) =>
      (
        await db
          .select()
          .from(resourceVersions)
          .where(and(eq(resourceVersions.resourceId, resourceId), eq(resourceVersions.version, version)))
      )[0],
    listReadable: async (scope, limit, beforeId) =>
      (
        await db
          .select({ version: resourceVersions })
          .from(resourceVersions)
          .innerJoin(resources, eq(resources.id, resourceVersions.resourceId))
          .where(and(readableBy(scope), beforeId === undefined ? undefined : lt(resourceVersions.id, beforeId)))
          .orderBy(desc(resourceVersions.id))
          .limit(limit)
      ).map((r) => r.version),
    insert: async (row) => (await db.insert(resourceVersions).values(row).returning())[0]!,
  };
}
