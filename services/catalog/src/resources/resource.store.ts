import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ReadScope } from '../access/access-policy.js';
import type { Db } from '../db/db.js';
import { bootstrapTombstones, resources } from '../db/schema.js';
import type { ResourceStatus, ResourceType } from './resource-types.js';

export type ResourceRow = typeof resources.$inferSelect;
export type NewResource = typeof resources.$inferInsert;
export type ResourcePatch = Partial<
  Pick<
    ResourceRow,
    | 'key'
    | 'name'
    | 'description'
    | 'status'
    | 'tags'
    | 'metadata'
    | 'accessPolicy'
    | 'isBootstrap'
    | 'modifiedByOperator'
  >
>;

export interface ResourceFilters {
  type?: ResourceType;
  status?: ResourceStatus;
  tag?: string;
  /** Key prefix, matched literally (W12). */
  prefix?: string;
  /** Case-insensitive substring of name, key or description, matched literally (W12). */
  q?: string;
  /** Only rows of the bootstrap set. */
  bootstrap?: boolean;
}

export interface ResourceStats {
  totalResources: number;
  publishedResources: number;
  bootstrapResources: number;
  byType: Record<string, number>;
}

export interface ListPosition {
  updatedAt: Date;
  id: string;
}

/**
 * Resources. Every read takes the caller's ReadScope and filters in SQL, so a row the caller may not read
 * (another org's, a private one) is unreachable by construction (STYLE 9) and lists paginate correctly.
 */
export interface ResourceStore {
  list(scope: ReadScope, filters: ResourceFilters, limit: number, after?: ListPosition): Promise<ResourceRow[]>;
  /**
   * `ref` is an id or, failing that, the key of a platform row (catalog.md §13 "resolution of :id by key";
   * models.md §10 addresses its rows as `/api/resources/<url-encoded key>`).
   */
  findReadable(scope: ReadScope, ref: string): Promise<ResourceRow | undefined>;
  /** Keys are unique per org; orgId null looks among platform rows. */
  findReadableByKey(scope: ReadScope, key: string, orgId: string | null): Promise<ResourceRow | undefined>;
  /** Locks the row until the surrounding transaction ends (publish numbering). */
  findForUpdate(id: string): Promise<ResourceRow | undefined>;
  /** Unscoped and locked: the upsert decides itself whether the caller may see the row. */
  findByKeyForUpdate(key: string, orgId: string | null): Promise<ResourceRow | undefined>;
  /** undefined when the key is taken in that org (or platform-wide for platform rows). */
  insert(row: NewResource): Promise<ResourceRow | undefined>;
  /** undefined when the row is gone; 'key_in_use' when a new key collides. */
  update(
    id: string,
    patch: ResourcePatch & { updatedAt?: Date; currentVersion?: number | null; bootstrapHash?: string | null },
  ): Promise<ResourceRow | 'key_in_use' | undefined>;
  /** Tag → number of readable rows carrying it, most used first. */
  tagCounts(scope: ReadScope, limit: number): Promise<{ tag: string; count: number }[]>;
  /** Counts over readable rows only. */
  stats(scope: ReadScope): Promise<ResourceStats>;
  /** Deleting a row of the loader's set leaves a tombstone so the loader does not bring it back. */
  delete(row: Pick<ResourceRow, 'id' | 'bootstrapHash'>): Promise<boolean>;
}

// ILIKE/LIKE treat % and _ as wildcards and \ as the escape character.
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

const textArray = (values: readonly string[]): SQL =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** The SQL form of `can(…, 'read')` (access-policy.ts); policies are validated on write, so this never throws. */
export function readableBy(scope: ReadScope): SQL | undefined {
  if (scope.all) return undefined;
  const readAnyOf = (tokens: string[]) =>
    sql`jsonb_exists_any(${resources.accessPolicy}->'actions'->'read'->'anyOf', ${textArray(tokens)})`;
  // Platform rows and the caller's org rows each with the tokens that act on them (readScopeOf); other orgs' never.
  const platform = and(isNull(resources.orgId), readAnyOf(scope.platformTokens));
  const tenant =
    scope.memberOrgIds.length > 0
      ? or(platform, and(inArray(resources.orgId, scope.memberOrgIds), readAnyOf(scope.orgTokens)))
      : platform;
  const conditions = [tenant];
  if (scope.anonymous)
    conditions.push(eq(resources.status, 'published'), sql`${resources.accessPolicy}->>'visibility' = 'public'`);
  return and(...conditions);
}

function filtersToSql(filters: ResourceFilters): (SQL | undefined)[] {
  return [
    filters.type === undefined ? undefined : eq(resources.type, filters.type),
    filters.status === undefined ? undefined : eq(resources.status, filters.status),
    filters.tag === undefined ? undefined : sql`${resources.tags} @> ${textArray([filters.tag])}`,
    filters.prefix === undefined ? undefined : sql`${resources.key} LIKE ${`${escapeLike(filters.prefix)}%`}`,
    filters.bootstrap === undefined ? undefined : eq(resources.isBootstrap, filters.bootstrap),
    filters.q === undefined
      ? undefined
      : sql`(${resources.name} ILIKE ${`%${escapeLike(filters.q)}%`} OR ${resources.key} ILIKE ${`%${escapeLike(filters.q)}%`} OR coalesce(${resources.description}, '') ILIKE ${`%${escapeLike(filters.q)}%`})`,
  ];
}

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  ((err as { code?: string }).code === '23505' || isUniqueViolation((err as { cause?: unknown }).cause));

export function createResourceStore(db: Db): ResourceStore {
  return {
    list: (scope, filters, limit, after) =>
      db
        .select()
        .from(resources)
        .where(
          and(
            readableBy(scope),
            ...filtersToSql(filters),
            after ? sql`(${resources.updatedAt}, ${resources.id}) < (${after.updatedAt}, ${after.id})` : undefined,
          ),
        )
        .orderBy(desc(resources.updatedAt), desc(resources.id))
        .limit(limit),
    tagCounts: async (scope, limit) => {
      const tag = sql<string>`unnest(${resources.tags})`.as('tag');
      const tagged = db.select({ tag }).from(resources).where(readableBy(scope)).as('tagged');
      const rows = await db
        .select({ tag: tagged.tag, count: sql<number>`count(*)::int` })
        .from(tagged)
        .groupBy(tagged.tag)
        .orderBy(sql`count(*) DESC`, tagged.tag)
        .limit(limit);
      return rows;
    },
    stats: async (scope) => {
      const rows = await db
        .select({
          type: resources.type,
          total: sql<number>`count(*)::int`,
          published: sql<number>`count(*) FILTER (WHERE ${resources.status} = 'published')::int`,
          bootstrap: sql<number>`count(*) FILTER (WHERE ${resources.isBootstrap})::int`,
        })
        .from(resources)
        .where(readableBy(scope))
        .groupBy(resources.type);
      const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + pick(r), 0);
      return {
        totalResources: sum((r) => r.total),
        publishedResources: sum((r) => r.published),
        bootstrapResources: sum((r) => r.bootstrap),
        byType: Object.fromEntries(rows.map((r) => [r.type, r.total])),
      };
    },
    // Two indexed lookups rather than one OR, and the second only on a miss: ids are the common case.
    findReadable: async (scope, ref) =>
      (
        await db
          .select()
          .from(resources)
          .where(and(eq(resources.id, ref), readableBy(scope)))
      )[0] ??
      (
        await db
          .select()
          .from(resources)
          .where(and(eq(resources.key, ref), isNull(resources.orgId), readableBy(scope)))
      )[0],
    findReadableByKey: async (scope, key, orgId) =>
      (
        await db
          .select()
          .from(resources)
          .where(
            and(
              eq(resources.key, key),
              orgId === null ? isNull(resources.orgId) : eq(resources.orgId, orgId),
              readableBy(scope),
            ),
          )
      )[0],
    findForUpdate: async (id) => (await db.select().from(resources).where(eq(resources.id, id)).for('update'))[0],
    findByKeyForUpdate: async (key, orgId) =>
      (
        await db
          .select()
          .from(resources)
          .where(and(eq(resources.key, key), orgId === null ? isNull(resources.orgId) : eq(resources.orgId, orgId)))
          .for('update')
      )[0],
    // ON CONFLICT DO NOTHING rather than catching 23505: inside a transaction an error would abort it.
    insert: async (row) => (await db.insert(resources).values(row).onConflictDoNothing().returning())[0],
    update: async (id, patch) => {
      try {
        return (
          await db
            .update(resources)
            .set({ updatedAt: new Date(), ...patch })
            .where(eq(resources.id, id))
            .returning()
        )[0];
      } catch (err) {
        if (isUniqueViolation(err)) return 'key_in_use';
        throw err;
      }
    },
    delete: async (row) => {
      const deleted =
        (await db.delete(resources).where(eq(resources.id, row.id)).returning({ id: resources.id })).length > 0;
      if (deleted && row.bootstrapHash !== null)
        await db.insert(bootstrapTombstones).values({ resourceId: row.id }).onConflictDoNothing();
      return deleted;
    },
  };
}
