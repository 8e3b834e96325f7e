import { and, asc, desc, eq, gt, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { conversations, messages } from '../db/schema.js';
import type { MessageRow } from './message-view.js';

export type NewMessage = Omit<MessageRow, 'createdAt' | 'updatedAt' | 'deletedAt'>;

/** One cursor at a time; sequence cursors are the W12 ones, times are kept for older clients. */
export type MessageCursor =
  | { kind: 'latest' }
  | { kind: 'beforeSequence'; value: number }
  | { kind: 'afterSequence'; value: number }
  | { kind: 'before'; value: Date }
  | { kind: 'after'; value: Date };

export interface MessageStore {
  /** Any row with this id, deleted or not (idempotency keys stay taken). */
  findAny(id: string): Promise<MessageRow | undefined>;
  /** A live row of this conversation. */
  findLive(conversationId: string, id: string): Promise<MessageRow | undefined>;
  /** undefined when the id already exists (a concurrent replay won). */
  insert(row: NewMessage): Promise<MessageRow | undefined>;
  /**
   * Allocates the next sequence and inserts in one statement, so the conversation row is locked only for
   * that statement; for server-minted ids, which cannot collide. undefined when the conversation is gone.
   */
  insertNext(row: Omit<NewMessage, 'sequence'>): Promise<MessageRow | undefined>;
  /** Always ascending by sequence (W12), whatever the cursor. */
  list(conversationId: string, cursor: MessageCursor, limit: number): Promise<MessageRow[]>;
  updateContent(id: string, content: string): Promise<MessageRow | undefined>;
  softDelete(id: string): Promise<boolean>;
}

const live = isNull(messages.deletedAt);

/** A `RETURNING *` row of raw SQL: snake_case, bigint and timestamps as text (Drizzle's pg type parsing). */
type RawMessage = Record<string, unknown>;
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const fromRaw = (r: RawMessage): MessageRow => ({
  id: r.id as string,
  conversationId: r.conversation_id as string,
  senderId: r.sender_id as string,
  senderType: r.sender_type as MessageRow['senderType'],
  content: r.content as string,
  contentType: r.content_type as string,
  replyTo: r.reply_to as string | null,
  orgId: r.org_id as string | null,
  runId: r.run_id as string | null,
  traceId: r.trace_id as string | null,
  sequence: Number(r.sequence),
  priority: r.priority as MessageRow['priority'],
  interruptible: r.interruptible as boolean,
  preemptedBy: r.preempted_by as string | null,
  metadata: r.metadata as Record<string, unknown>,
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
  deletedAt: r.deleted_at == null ? null : toDate(r.deleted_at),
});

export function createMessageStore(db: Db): MessageStore {
  const page = async (where: SQL | undefined, newestFirst: boolean, limit: number) => {
    const rows = await db
      .select()
      .from(messages)
      .where(where)
      .orderBy(newestFirst ? desc(messages.sequence) : asc(messages.sequence))
      .limit(limit);
    return newestFirst ? rows.reverse() : rows;
  };

  return {
    async findAny(id) {
      const [row] = await db.select().from(messages).where(eq(messages.id, id));
      return row;
    },
    async findLive(conversationId, id) {
      const [row] = await db
        .select()
        .from(messages)
        .where(and(eq(messages.id, id), eq(messages.conversationId, conversationId), live));
      return row;
    },
    async insert(row) {
      const [created] = await db.insert(messages).values(row).onConflictDoNothing({ target: messages.id }).returning();
      return created;
    },
    async insertNext(row) {
      const result = await db.execute(sql`
        WITH seq AS (
          UPDATE ${conversations} SET last_sequence = last_sequence + 1, updated_at = now()
          WHERE id = ${row.conversationId} AND deleted_at IS NULL RETURNING last_sequence
        )
        INSERT INTO ${messages} (id, conversation_id, sender_id, sender_type, content, content_type, reply_to, org_id, run_id, trace_id, sequence, priority, interruptible, preempted_by, metadata)
        SELECT ${row.id}::uuid, ${row.conversationId}::uuid, ${row.senderId}, ${row.senderType}, ${row.content}, ${row.contentType}, ${row.replyTo}::uuid, ${row.orgId},
          ${row.runId}::uuid, ${row.traceId}, seq.last_sequence, ${row.priority}, ${row.interruptible}::boolean, ${row.preemptedBy}::uuid, ${JSON.stringify(row.metadata)}::jsonb
        FROM seq
        RETURNING *`);
      const [created] = result.rows as RawMessage[];
      return created ? fromRaw(created) : undefined;
    },
    async list(conversationId, cursor, limit) {
      const base = and(eq(messages.conversationId, conversationId), live);
      switch (cursor.kind) {
        case 'latest':
          return page(base, true, limit);
        case 'beforeSequence':
          return page(and(base, lt(messages.sequence, cursor.value)), true, limit);
        case 'afterSequence':
          return page(and(base, gt(messages.sequence, cursor.value)), false, limit);
        case 'before':
          return page(and(base, lt(messages.createdAt, cursor.value)), true, limit);
        case 'after':
          return page(and(base, gt(messages.createdAt, cursor.value)), false, limit);
      }
    },
    async updateContent(id, content) {
      const [row] = await db
        .update(messages)
        .set({ content, updatedAt: new Date() })
        .where(and(eq(messages.id, id), live))
        .returning();
      return row;
    },
    async softDelete(id) {
      const rows = await db
        .update(messages)
        .set({ deletedAt: new Date() })
        .where(and(eq(messages.id, id), live))
        .returning({ id: messages.id });
      return rows.length > 0;
    },
  };
}
