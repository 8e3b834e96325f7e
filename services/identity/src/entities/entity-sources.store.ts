import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { agents, entities, users } from '../db/schema.js';
import type { SyncSources } from './entity-sync.js';

/** The users and agents the directory does not list yet (POST /api/entities/sync). */
export function createEntitySources(db: Db): SyncSources {
  const hasEntity = (table: 'users' | 'agents', id: typeof users.id | typeof agents.id) =>
    db
      .select({ one: sql`1` })
      .from(entities)
      .where(and(eq(entities.sourceTable, table), eq(entities.sourceId, id)));
  return {
    async withoutEntity(table, limit) {
      if (table === 'users') {
        const rows = await db
          .select()
          .from(users)
          .where(notExists(hasEntity('users', users.id)))
          .orderBy(asc(users.createdAt), asc(users.id))
          .limit(limit);
        return rows.map((u) => ({
          table,
          id: u.id,
          handle: u.email,
          name: u.name,
          orgId: null,
          isActive: true,
          capabilities: [],
        }));
      }
      const rows = await db
        .select()
        .from(agents)
        .where(notExists(hasEntity('agents', agents.id)))
        .orderBy(asc(agents.createdAt), asc(agents.id))
        .limit(limit);
      return rows.map((a) => ({
        table,
        id: a.id,
        handle: a.agentId,
        name: a.name,
        orgId: a.orgId,
        isActive: a.isActive,
        capabilities: a.capabilities,
      }));
    },
  };
}
