import { asc, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { revocations } from '../db/schema.js';

export type RevocationKind = 'session' | 'user' | 'membership' | 'api_key';

export interface RevocationRow {
  /** Decimal string: bigserial values may exceed Number.MAX_SAFE_INTEGER. */
  cursor: string;
  kind: RevocationKind;
  subjectId: string;
  orgId: string | null;
  at: Date;
  expiresAt: Date;
}

export type NewRevocation = Omit<RevocationRow, 'cursor'>;

export interface RevocationStore {
  /** Inserts in cursor order (see the migration); pass a transaction to commit with the change it announces. */
  insert(rows: NewRevocation[], tx?: Db): Promise<void>;
  /** Rows with a cursor above `after`, oldest first. */
  listAfter(after: bigint, limit: number): Promise<RevocationRow[]>;
  /** The highest cursor recorded, or 0 for an empty feed. */
  latestCursor(): Promise<bigint>;
  /** Deletes rows whose credentials cannot be valid any more; returns how many. */
  prune(now: Date): Promise<number>;
}

// One lock for every writer: the sequence value is drawn after the previous writer committed, so commit
// order equals cursor order (held for one insert, or until the enclosing transaction commits).
const FEED_LOCK = sql`select pg_advisory_xact_lock(hashtext('identity.revocations'))`;

export function createRevocationStore(db: Db): RevocationStore {
  const write = async (rows: NewRevocation[], tx: Db) => {
    await tx.execute(FEED_LOCK);
    await tx.insert(revocations).values(rows);
  };
  return {
    async insert(rows, tx) {
      if (rows.length === 0) return;
      if (tx) await write(rows, tx);
      else await db.transaction((t) => write(rows, t));
    },
    async listAfter(after, limit) {
      const rows = await db
        .select()
        .from(revocations)
        .where(gt(revocations.cursor, after))
        .orderBy(asc(revocations.cursor))
        .limit(limit);
      return rows.map((r) => ({ ...r, cursor: r.cursor.toString() }));
    },
    async latestCursor() {
      const [row] = await db.select({ max: sql<string | null>`max(${revocations.cursor})::text` }).from(revocations);
      return BigInt(row?.max ?? '0');
    },
    async prune(now) {
      return (
        await db.delete(revocations).where(lt(revocations.expiresAt, now)).returning({ cursor: revocations.cursor })
      ).length;
    },
  };
}
