import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { auditLogs } from '../db/schema.js';

export type AuditRow = typeof auditLogs.$inferSelect;
export type NewAuditRow = Omit<AuditRow, 'createdAt'>;

export interface AuditFilter {
  orgId?: string;
  actorId?: string;
  action?: string;
}

export interface AuditStore {
  insert(row: NewAuditRow): Promise<void>;
  list(filter: AuditFilter, limit: number, offset: number): Promise<AuditRow[]>;
}

export function createAuditStore(db: Db): AuditStore {
  return {
    async insert(row) {
      await db.insert(auditLogs).values(row);
    },
    list(filter, limit, offset) {
      const conditions: SQL[] = [];
      if (filter.orgId) conditions.push(eq(auditLogs.orgId, filter.orgId));
      if (filter.actorId) conditions.push(eq(auditLogs.actorId, filter.actorId));
      if (filter.action) conditions.push(eq(auditLogs.action, filter.action));
      return db
        .select()
        .from(auditLogs)
        .where(and(...conditions))
        .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
        .limit(limit)
        .offset(offset);
    },
  };
}
