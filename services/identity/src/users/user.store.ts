import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { users } from '../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = Pick<UserRow, 'id' | 'email' | 'passwordHash' | 'name' | 'isSuperAdmin'>;

export interface UserStore {
  findById(id: string): Promise<UserRow | undefined>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  /** Returns false when the email is taken (unique violation), so callers answer 400, never 500. */
  insert(user: NewUser): Promise<boolean>;
  update(
    id: string,
    patch: Partial<Pick<UserRow, 'name' | 'email' | 'isSuperAdmin' | 'passwordHash'>>,
  ): Promise<UserRow | undefined | 'email_taken'>;
  delete(id: string): Promise<boolean>;
  list(limit: number, offset: number): Promise<UserRow[]>;
  countSuperAdmins(): Promise<number>;
  count(): Promise<number>;
}

export const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  ((err as { code?: string }).code === '23505' || isUniqueViolation((err as { cause?: unknown }).cause));

export function createUserStore(db: Db): UserStore {
  return {
    findById: async (id) => (await db.select().from(users).where(eq(users.id, id)))[0],
    findByEmail: async (email) => (await db.select().from(users).where(eq(users.email, email)))[0],
    insert: async (user) =>
      (await db.insert(users).values(user).onConflictDoNothing().returning({ id: users.id })).length > 0,
    async update(id, patch) {
      try {
        const rows = await db
          .update(users)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(users.id, id))
          .returning();
        return rows[0];
      } catch (err) {
        if (isUniqueViolation(err)) return 'email_taken';
        throw err;
      }
    },
    delete: async (id) => (await db.delete(users).where(eq(users.id, id)).returning({ id: users.id })).length > 0,
    list: (limit, offset) => db.select().from(users).orderBy(asc(users.createdAt)).limit(limit).offset(offset),
    count: async () => (await db.select({ n: count() }).from(users))[0]!.n,
    countSuperAdmins: async () =>
      (await db.select({ n: count() }).from(users).where(eq(users.isSuperAdmin, true)))[0]!.n,
  };
}
