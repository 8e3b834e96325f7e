import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { agents } from '../db/schema.js';
import { isUniqueViolation } from '../users/user.store.js';

export type AgentRow = typeof agents.$inferSelect;

export interface AgentStore {
  findById(id: string): Promise<AgentRow | undefined>;
  findByAgentId(agentId: string): Promise<AgentRow | undefined>;
  /** undefined when the agentId is taken. */
  insert(
    row: Pick<
      AgentRow,
      'id' | 'agentId' | 'credentialHash' | 'name' | 'orgId' | 'capabilities' | 'metadata' | 'isActive'
    >,
  ): Promise<AgentRow | undefined>;
  touch(id: string): Promise<void>;
  setActive(id: string, isActive: boolean): Promise<AgentRow | undefined>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
  /** Agents of `orgIds` (null: every agent, org-less ones included; for super admins only), oldest first. */
  list(orgIds: readonly string[] | null, limit: number, offset: number): Promise<{ rows: AgentRow[]; total: number }>;
}

export function createAgentStore(db: Db): AgentStore {
  return {
    findById: async (id) => (await db.select().from(agents).where(eq(agents.id, id)))[0],
    findByAgentId: async (agentId) => (await db.select().from(agents).where(eq(agents.agentId, agentId)))[0],
    async insert(row) {
      try {
        return (await db.insert(agents).values(row).returning())[0];
      } catch (err) {
        if (isUniqueViolation(err)) return undefined;
        throw err;
      }
    },
    async touch(id) {
      await db
        .update(agents)
        .set({ lastSeenAt: sql`now()` })
        .where(eq(agents.id, id));
    },
    setActive: async (id, isActive) =>
      (
        await db
          .update(agents)
          .set({ isActive, updatedAt: sql`now()` })
          .where(eq(agents.id, id))
          .returning()
      )[0],
    delete: async (id) => (await db.delete(agents).where(eq(agents.id, id)).returning({ id: agents.id })).length > 0,
    count: async () => (await db.select({ n: count() }).from(agents))[0]!.n,
    async list(orgIds, limit, offset) {
      if (orgIds !== null && orgIds.length === 0) return { rows: [], total: 0 };
      const where = orgIds === null ? undefined : inArray(agents.orgId, [...orgIds]);
      const [rows, total] = await Promise.all([
        db
          .select()
          .from(agents)
          .where(where)
          .orderBy(asc(agents.createdAt), asc(agents.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(agents).where(where),
      ]);
      return { rows, total: total[0]!.n };
    },
  };
}
