import { sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { bootstrapTombstones } from '../db/schema.js';

export interface BootstrapStore {
  /** Serialises loaders of several replicas until the surrounding transaction ends. */
  lock(): Promise<void>;
  tombstonedIds(): Promise<Set<string>>;
}

export function createBootstrapStore(db: Db): BootstrapStore {
  return {
    lock: async () => {
      await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('symbia:catalog:bootstrap'))`);
    },
    tombstonedIds: async () =>
      new Set((await db.select({ id: bootstrapTombstones.resourceId }).from(bootstrapTombstones)).map((r) => r.id)),
  };
}
