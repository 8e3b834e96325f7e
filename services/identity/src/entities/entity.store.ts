import { and, asc, count, eq, exists, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import {
  entities,
  entityAliases,
  memberships,
  type EntitySourceTable,
  type EntityStatus,
  type EntityType,
} from '../db/schema.js';
import { isUniqueViolation } from '../users/user.store.js';

export type EntityRow = typeof entities.$inferSelect;
export type NewEntity = Pick<EntityRow, 'id' | 'type' | 'slug' | 'displayName' | 'orgId'> &
  Partial<
    Pick<
      EntityRow,
      'instanceId' | 'networkId' | 'capabilities' | 'tags' | 'status' | 'sourceTable' | 'sourceId' | 'metadata'
    >
  >;
export type NewAlias = Omit<typeof entityAliases.$inferInsert, 'entityId' | 'createdAt'>;
export type EntityPatch = Partial<Pick<EntityRow, 'displayName' | 'capabilities' | 'tags' | 'status' | 'metadata'>>;
export interface EntityFilter {
  type?: EntityType;
  orgId?: string;
  slug?: string;
  status?: EntityStatus;
}

/**
 * Which entities a query may see: those of `orgs`, and global ones, except that a global entity standing for a
 * user (what sync creates) is seen only by that user and by members of an org the user belongs to (issue 16: the
 * directory listed every tenant's users). `null` means everything (super admins, platform services). Every read
 * below takes one, so another org's entity is unreachable by construction.
 */
export type EntityScope = { readonly orgs: readonly string[]; readonly userId: string | null } | null;

export interface EntityStore {
  list(
    scope: EntityScope,
    filter: EntityFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: EntityRow[]; total: number }>;
  findById(scope: EntityScope, id: string): Promise<EntityRow | undefined>;
  findByNode(scope: EntityScope, nodeId: string): Promise<EntityRow | undefined>;
  /** The entity already holding an address (slug, org, instance), whoever may see it: for the 409's existingId. */
  findByAddress(slug: string, orgId: string | null, instanceId: string | null): Promise<EntityRow | undefined>;
  /** Entity and aliases in one transaction; undefined when its address or its source principal is taken. */
  insert(row: NewEntity, aliases: NewAlias[]): Promise<EntityRow | undefined>;
  update(id: string, patch: EntityPatch): Promise<EntityRow | undefined>;
  /** 'node_taken' when another entity is bound to the node. */
  bind(id: string, nodeId: string): Promise<EntityRow | undefined | 'node_taken'>;
  unbind(id: string): Promise<EntityRow | undefined>;

  /** Address resolution (identity.md §7.12), org-specific matches before global ones. */
  matchSlugInstance(scope: EntityScope, slug: string, instanceId: string): Promise<EntityRow[]>;
  matchTypeSlug(scope: EntityScope, type: EntityType, slug: string): Promise<EntityRow[]>;
  /** Highest alias priority first (W21). */
  matchAlias(scope: EntityScope, value: string): Promise<EntityRow[]>;
  matchSlug(scope: EntityScope, slug: string): Promise<EntityRow[]>;
  suggestSlugs(scope: EntityScope, fragment: string, limit: number): Promise<string[]>;

  /** Slugs in one org (or the global namespace) equal to `base` or `base-<n>`, for de-duplication. */
  slugsLike(orgId: string | null, base: string): Promise<string[]>;
  hasSource(table: EntitySourceTable, sourceId: string): Promise<boolean>;
  deleteBySource(table: EntitySourceTable, sourceId: string): Promise<void>;
  setStatusBySource(table: EntitySourceTable, sourceId: string, status: EntityStatus): Promise<void>;
  count(): Promise<number>;
}

const e = entities;
const NO_ORG = sql`'00000000-0000-0000-0000-000000000000'::uuid`;
const sameOrg = (column: typeof e.orgId | typeof entityAliases.orgId, orgId: string | null) =>
  orgId === null ? isNull(column) : eq(column, orgId);

// `like` patterns treat % and _ as wildcards; slugs may contain _, so user input is escaped.
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const orgSpecificFirst = sql`(${e.orgId} is null)`;
// `type:slug` and `slug` name every instance; the plain entity comes before its instances.
const instancesLast = sql`(${e.instanceId} is not null)`;

export function createEntityStore(db: Db): EntityStore {
  // `column`: the org column the scope applies to (an alias's own org when matching aliases).
  const visible = (
    scope: EntityScope,
    column: typeof e.orgId | typeof entityAliases.orgId = e.orgId,
  ): SQL | undefined => {
    if (scope === null) return undefined;
    const orgs = [...scope.orgs];
    const sharesAnOrg =
      orgs.length === 0
        ? undefined
        : exists(
            db
              .select({ one: sql`1` })
              .from(memberships)
              .where(and(eq(memberships.userId, e.sourceId), inArray(memberships.orgId, orgs))),
          );
    const globalSeen = and(
      isNull(column),
      or(
        sql`${e.sourceTable} is distinct from 'users'`,
        scope.userId === null ? undefined : eq(e.sourceId, scope.userId),
        sharesAnOrg,
      ),
    );
    return orgs.length === 0 ? globalSeen : or(globalSeen, inArray(column, orgs));
  };
  const match = (scope: EntityScope, ...conditions: (SQL | undefined)[]) =>
    db
      .select()
      .from(e)
      .where(and(visible(scope), ...conditions))
      .orderBy(orgSpecificFirst, instancesLast, asc(e.createdAt))
      .limit(50);

  return {
    async list(scope, filter, limit, offset) {
      const where = and(
        visible(scope),
        filter.type === undefined ? undefined : eq(e.type, filter.type),
        filter.orgId === undefined ? undefined : eq(e.orgId, filter.orgId),
        filter.slug === undefined ? undefined : eq(e.slug, filter.slug),
        filter.status === undefined ? undefined : eq(e.status, filter.status),
      );
      const [rows, total] = await Promise.all([
        db.select().from(e).where(where).orderBy(asc(e.createdAt), asc(e.id)).limit(limit).offset(offset),
        db.select({ n: count() }).from(e).where(where),
      ]);
      return { rows, total: total[0]!.n };
    },
    findById: async (scope, id) =>
      (
        await db
          .select()
          .from(e)
          .where(and(visible(scope), eq(e.id, id)))
      )[0],
    findByNode: async (scope, nodeId) =>
      (
        await db
          .select()
          .from(e)
          .where(and(visible(scope), eq(e.boundNodeId, nodeId)))
      )[0],
    findByAddress: async (slug, orgId, instanceId) =>
      (
        await db
          .select()
          .from(e)
          .where(
            and(
              eq(e.slug, slug),
              sameOrg(e.orgId, orgId),
              instanceId === null ? isNull(e.instanceId) : eq(e.instanceId, instanceId),
            ),
          )
      )[0],
    insert: (row, aliases) =>
      db.transaction(async (tx) => {
        // DO NOTHING (not a caught 23505) keeps the transaction usable; the unique indexes of 0004 decide.
        const [inserted] = await tx.insert(e).values(row).onConflictDoNothing().returning();
        if (!inserted) return undefined;
        // An alias another entity already owns (e.g. an earlier instance of the same slug) stays with it.
        if (aliases.length > 0)
          await tx
            .insert(entityAliases)
            .values(aliases.map((a) => ({ ...a, entityId: inserted.id })))
            .onConflictDoNothing();
        return inserted;
      }),
    update: async (id, patch) =>
      (
        await db
          .update(e)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(e.id, id))
          .returning()
      )[0],
    async bind(id, nodeId) {
      try {
        return (
          await db
            .update(e)
            .set({ boundNodeId: nodeId, boundAt: sql`now()`, lastSeenAt: sql`now()`, updatedAt: sql`now()` })
            .where(eq(e.id, id))
            .returning()
        )[0];
      } catch (err) {
        if (isUniqueViolation(err)) return 'node_taken';
        throw err;
      }
    },
    unbind: async (id) =>
      (
        await db
          .update(e)
          .set({ boundNodeId: null, boundAt: null, updatedAt: sql`now()` })
          .where(eq(e.id, id))
          .returning()
      )[0],

    matchSlugInstance: (scope, slug, instanceId) => match(scope, eq(e.slug, slug), eq(e.instanceId, instanceId)),
    matchTypeSlug: (scope, type, slug) => match(scope, eq(e.type, type), eq(e.slug, slug)),
    matchAlias: async (scope, value) =>
      (
        await db
          .select({ entity: e })
          .from(entityAliases)
          .innerJoin(e, eq(e.id, entityAliases.entityId))
          .where(and(eq(entityAliases.aliasValue, value), visible(scope, entityAliases.orgId)))
          .orderBy(sql`(${entityAliases.orgId} is null)`, sql`${entityAliases.priority} desc`, asc(e.createdAt))
          .limit(50)
      ).map((r) => r.entity),
    matchSlug: (scope, slug) => match(scope, eq(e.slug, slug)),
    suggestSlugs: async (scope, fragment, limit) =>
      (
        await db
          .selectDistinct({ slug: e.slug })
          .from(e)
          .where(and(visible(scope), ilike(e.slug, `%${escapeLike(fragment)}%`)))
          .orderBy(asc(e.slug))
          .limit(limit)
      ).map((r) => r.slug),

    slugsLike: async (orgId, base) =>
      (
        await db
          .select({ slug: e.slug })
          .from(e)
          .where(
            and(
              sql`coalesce(${e.orgId}, ${NO_ORG}) = coalesce(${orgId}::uuid, ${NO_ORG})`,
              or(eq(e.slug, base), sql`${e.slug} like ${`${escapeLike(base)}-%`}`),
            ),
          )
      ).map((r) => r.slug),
    hasSource: async (table, sourceId) =>
      (
        await db
          .select({ id: e.id })
          .from(e)
          .where(and(eq(e.sourceTable, table), eq(e.sourceId, sourceId)))
          .limit(1)
      ).length > 0,
    async deleteBySource(table, sourceId) {
      await db.delete(e).where(and(eq(e.sourceTable, table), eq(e.sourceId, sourceId)));
    },
    async setStatusBySource(table, sourceId, status) {
      await db
        .update(e)
        .set({ status, updatedAt: sql`now()` })
        .where(and(eq(e.sourceTable, table), eq(e.sourceId, sourceId)));
    },
    count: async () => (await db.select({ n: count() }).from(e))[0]!.n,
  };
}
