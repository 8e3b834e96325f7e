import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { memberships, organizations, plans, users } from '../db/schema.js';
import { isUniqueViolation } from '../users/user.store.js';
import type { OrgRole } from './org-roles.js';

export type OrgRow = typeof organizations.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type { OrgRole };

export interface OrgSummary extends OrgRow {
  role: OrgRole;
  memberCount: number;
  planName: string;
}

export interface MemberWithUser extends MembershipRow {
  user: { id: string; email: string; name: string };
}

export interface OrgStore {
  findById(id: string): Promise<OrgRow | undefined>;
  count(): Promise<number>;
  /** false when the slug is taken. */
  insert(org: Pick<OrgRow, 'id' | 'name' | 'slug' | 'planId'>): Promise<boolean>;
  ensure(org: Pick<OrgRow, 'id' | 'name' | 'slug'>): Promise<void>;
  slugTaken(slug: string): Promise<boolean>;
  update(
    id: string,
    patch: Partial<Pick<OrgRow, 'name' | 'slug' | 'planId'>>,
  ): Promise<OrgRow | undefined | 'slug_taken'>;
  delete(id: string): Promise<boolean>;
  listForUser(userId: string): Promise<OrgSummary[]>;
  listAll(limit: number, offset: number): Promise<(OrgRow & { memberCount: number; planName: string })[]>;
  /** The caller's memberships as token claims: `{ id, role }` plus names for responses. */
  membershipsOf(userId: string): Promise<{ id: string; name: string; slug: string; role: OrgRole }[]>;
  findMembership(orgId: string, userId: string): Promise<MembershipRow | undefined>;
  findMember(orgId: string, memberId: string): Promise<MembershipRow | undefined>;
  addMember(row: Pick<MembershipRow, 'id' | 'orgId' | 'userId' | 'role'>): Promise<MembershipRow | undefined>;
  setRole(orgId: string, memberId: string, role: OrgRole): Promise<MembershipRow | undefined>;
  removeMember(orgId: string, memberId: string): Promise<boolean>;
  countAdmins(orgId: string): Promise<number>;
  listMembers(orgId: string): Promise<MemberWithUser[]>;
  findPlan(id: string): Promise<PlanRow | undefined>;
  findPlanByName(name: string): Promise<PlanRow | undefined>;
  insertPlan(row: Pick<PlanRow, 'id' | 'name' | 'features' | 'limits' | 'priceCents'>): Promise<PlanRow | undefined>;
  updatePlan(
    id: string,
    patch: Partial<Pick<PlanRow, 'name' | 'features' | 'limits' | 'priceCents'>>,
  ): Promise<PlanRow | undefined | 'name_taken'>;
  listPlans(): Promise<PlanRow[]>;
}

const memberCount = sql<number>`(select count(*)::int from ${memberships} m where m.org_id = ${organizations.id})`;
const planName = sql<string>`coalesce((select p.name from ${plans} p where p.id = ${organizations.planId}), 'free')`;

async function unique<T>(work: () => Promise<T>): Promise<T | 'conflict'> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict';
    throw err;
  }
}

export function createOrgStore(db: Db): OrgStore {
  return {
    findById: async (id) => (await db.select().from(organizations).where(eq(organizations.id, id)))[0],
    count: async () => (await db.select({ n: count() }).from(organizations))[0]!.n,
    // ON CONFLICT DO NOTHING rather than catching 23505: inside a transaction an error would abort it.
    insert: async (org) =>
      (await db.insert(organizations).values(org).onConflictDoNothing().returning({ id: organizations.id })).length > 0,
    async ensure(org) {
      await db
        .insert(organizations)
        .values({ ...org, planId: null })
        .onConflictDoNothing();
    },
    slugTaken: async (slug) =>
      (await db.select({ n: count() }).from(organizations).where(eq(organizations.slug, slug)))[0]!.n > 0,
    async update(id, patch) {
      const result = await unique(() =>
        db.update(organizations).set(patch).where(eq(organizations.id, id)).returning(),
      );
      return result === 'conflict' ? 'slug_taken' : result[0];
    },
    delete: async (id) =>
      (await db.delete(organizations).where(eq(organizations.id, id)).returning({ id: organizations.id })).length > 0,
    listForUser: (userId) =>
      db
        .select({ ...orgColumns(), role: memberships.role, memberCount, planName })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.orgId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(organizations.createdAt)),
    listAll: (limit, offset) =>
      db
        .select({ ...orgColumns(), memberCount, planName })
        .from(organizations)
        .orderBy(asc(organizations.createdAt))
        .limit(limit)
        .offset(offset),
    membershipsOf: (userId) =>
      db
        .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.orgId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(memberships.createdAt)),
    findMembership: async (orgId, userId) =>
      (
        await db
          .select()
          .from(memberships)
          .where(sql`${memberships.orgId} = ${orgId} and ${memberships.userId} = ${userId}`)
      )[0],
    findMember: async (orgId, memberId) =>
      (
        await db
          .select()
          .from(memberships)
          .where(sql`${memberships.orgId} = ${orgId} and ${memberships.id} = ${memberId}`)
      )[0],
    addMember: async (row) => (await db.insert(memberships).values(row).onConflictDoNothing().returning())[0],
    setRole: async (orgId, memberId, role) =>
      (
        await db
          .update(memberships)
          .set({ role })
          .where(sql`${memberships.orgId} = ${orgId} and ${memberships.id} = ${memberId}`)
          .returning()
      )[0],
    removeMember: async (orgId, memberId) =>
      (
        await db
          .delete(memberships)
          .where(sql`${memberships.orgId} = ${orgId} and ${memberships.id} = ${memberId}`)
          .returning()
      ).length > 0,
    countAdmins: async (orgId) =>
      (
        await db
          .select({ n: count() })
          .from(memberships)
          .where(sql`${memberships.orgId} = ${orgId} and ${memberships.role} = 'admin'`)
      )[0]!.n,
    listMembers: (orgId) =>
      db
        .select({
          id: memberships.id,
          userId: memberships.userId,
          orgId: memberships.orgId,
          role: memberships.role,
          createdAt: memberships.createdAt,
          user: { id: users.id, email: users.email, name: users.name },
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.orgId, orgId))
        .orderBy(asc(memberships.createdAt)),
    findPlan: async (id) => (await db.select().from(plans).where(eq(plans.id, id)))[0],
    findPlanByName: async (name) => (await db.select().from(plans).where(eq(plans.name, name)))[0],
    async insertPlan(row) {
      const result = await unique(() => db.insert(plans).values(row).returning());
      return result === 'conflict' ? undefined : result[0];
    },
    async updatePlan(id, patch) {
      const result = await unique(() => db.update(plans).set(patch).where(eq(plans.id, id)).returning());
      return result === 'conflict' ? 'name_taken' : result[0];
    },
    listPlans: () => db.select().from(plans).orderBy(asc(plans.createdAt)),
  };
}

function orgColumns() {
  return {
    id: organizations.id,
    name: organizations.name,
    slug: organizations.slug,
    planId: organizations.planId,
    createdAt: organizations.createdAt,
  };
}
