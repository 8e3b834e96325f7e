import { and, count, countDistinct, desc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { conversations, messages, participants } from '../db/schema.js';
import type { ConversationRow, ParticipantRow } from './conversation-view.js';

export type NewConversation = Pick<
  ConversationRow,
  'id' | 'type' | 'name' | 'description' | 'orgId' | 'createdBy' | 'metadata'
>;
export type NewParticipant = Pick<
  ParticipantRow,
  'id' | 'conversationId' | 'userId' | 'userType' | 'role' | 'entityId'
>;
export type ConversationPatch = Partial<Pick<ConversationRow, 'name' | 'description' | 'metadata'>>;

/**
 * Which orgs a listing covers: `all` for super admins on admin routes, otherwise an explicit list, with
 * unscoped (org-less) conversations included or not. Tenant scope is a required argument (STYLE 9).
 */
export type OrgScope = { all: true } | { all: false; orgIds: readonly string[]; includeUnscoped: boolean };

export interface ConversationFilters {
  type?: 'private' | 'group';
}

export interface ConversationStats {
  totalConversations: number;
  totalMessages: number;
  uniqueParticipants: number;
  activeConversations24h: number;
}

export interface ConversationStore {
  /** Live (not deleted) conversation by id. */
  find(id: string): Promise<ConversationRow | undefined>;
  /** The live conversation and `userId`'s participant row in one round trip (every access check starts here). */
  findWithParticipant(
    id: string,
    userId: string,
  ): Promise<{ conversation: ConversationRow; participant: ParticipantRow | undefined } | undefined>;
  /** Same, locking the row until the transaction ends (participant limits, sequence allocation). */
  findForUpdate(id: string): Promise<ConversationRow | undefined>;
  insert(row: NewConversation): Promise<ConversationRow>;
  update(id: string, patch: ConversationPatch): Promise<ConversationRow | undefined>;
  softDelete(id: string): Promise<boolean>;
  /** Conversations `userId` takes part in, newest activity first. */
  listForParticipant(
    userId: string,
    scope: OrgScope,
    page: { limit: number; offset: number },
  ): Promise<ConversationRow[]>;
  /** Ids only, for joining socket rooms at connect; `scope` keeps out orgs the principal no longer belongs to. */
  idsForParticipant(userId: string, scope: OrgScope): Promise<string[]>;
  listScoped(
    scope: OrgScope,
    filters: ConversationFilters,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ConversationRow[]; total: number }>;
  findByChannel(channel: { type: string; connectionId: string; chatId: string }): Promise<ConversationRow | undefined>;
  participants(conversationId: string): Promise<ParticipantRow[]>;
  participant(conversationId: string, userId: string): Promise<ParticipantRow | undefined>;
  countParticipants(conversationId: string): Promise<number>;
  /** Inserts unless present; `created` says which. Never changes an existing row (W9). */
  addParticipant(row: NewParticipant): Promise<{ participant: ParticipantRow; created: boolean }>;
  setRole(conversationId: string, userId: string, role: ParticipantRow['role']): Promise<ParticipantRow | undefined>;
  removeParticipant(conversationId: string, userId: string): Promise<boolean>;
  markRead(conversationId: string, userId: string): Promise<void>;
  /** Bumps `last_sequence` and `updated_at` under the row lock; undefined when the conversation is gone. */
  nextSequence(conversationId: string): Promise<number | undefined>;
  stats(scope: OrgScope, filters: ConversationFilters & { participantId?: string }): Promise<ConversationStats>;
}

const live = isNull(conversations.deletedAt);

function orgCondition(scope: OrgScope): SQL | undefined {
  if (scope.all) return undefined;
  const parts: SQL[] = [];
  if (scope.orgIds.length > 0) parts.push(inArray(conversations.orgId, [...scope.orgIds]));
  if (scope.includeUnscoped) parts.push(isNull(conversations.orgId));
  if (parts.length === 0) return sql`false`;
  return or(...parts);
}

export function createConversationStore(db: Db): ConversationStore {
  const isParticipant = (userId: string) =>
    sql`exists (select 1 from ${participants} p where p.conversation_id = ${conversations.id} and p.user_id = ${userId})`;

  return {
    async find(id) {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, id), live));
      return row;
    },
    async findWithParticipant(id, userId) {
      const [row] = await db
        .select({ conversation: conversations, participant: participants })
        .from(conversations)
        .leftJoin(participants, and(eq(participants.conversationId, conversations.id), eq(participants.userId, userId)))
        .where(and(eq(conversations.id, id), live));
      return row ? { conversation: row.conversation, participant: row.participant ?? undefined } : undefined;
    },
    async findForUpdate(id) {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, id), live))
        .for('update');
      return row;
    },
    async insert(row) {
      const [created] = await db
        .insert(conversations)
        .values({ ...row, lastSequence: 0 })
        .returning();
      return created!;
    },
    async update(id, patch) {
      const [row] = await db
        .update(conversations)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(conversations.id, id), live))
        .returning();
      return row;
    },
    async softDelete(id) {
      const rows = await db
        .update(conversations)
        .set({ deletedAt: new Date() })
        .where(and(eq(conversations.id, id), live))
        .returning({ id: conversations.id });
      return rows.length > 0;
    },
    async listForParticipant(userId, scope, page) {
      return db
        .select()
        .from(conversations)
        .where(and(live, isParticipant(userId), orgCondition(scope)))
        .orderBy(desc(conversations.updatedAt), desc(conversations.id))
        .limit(page.limit)
        .offset(page.offset);
    },
    async idsForParticipant(userId, scope) {
      const rows = await db
        .select({ id: participants.conversationId })
        .from(participants)
        .innerJoin(conversations, eq(conversations.id, participants.conversationId))
        .where(and(eq(participants.userId, userId), live, orgCondition(scope)));
      return rows.map((r) => r.id);
    },
    async listScoped(scope, filters, page) {
      const where = and(
        live,
        orgCondition(scope),
        filters.type === undefined ? undefined : eq(conversations.type, filters.type),
      );
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(conversations)
          .where(where)
          .orderBy(desc(conversations.updatedAt), desc(conversations.id))
          .limit(page.limit)
          .offset(page.offset),
        db.select({ n: count() }).from(conversations).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async findByChannel(channel) {
      const [row] = await db
        .select()
        .from(conversations)
        .where(
          and(
            live,
            sql`${conversations.metadata} ? 'channel'`,
            sql`${conversations.metadata}->'channel'->>'type' = ${channel.type}`,
            sql`${conversations.metadata}->'channel'->>'connectionId' = ${channel.connectionId}`,
            sql`${conversations.metadata}->'channel'->>'chatId' = ${channel.chatId}`,
          ),
        )
        .orderBy(desc(conversations.updatedAt))
        .limit(1);
      return row;
    },
    async participants(conversationId) {
      return db
        .select()
        .from(participants)
        .where(eq(participants.conversationId, conversationId))
        .orderBy(participants.joinedAt, participants.id);
    },
    async participant(conversationId, userId) {
      const [row] = await db
        .select()
        .from(participants)
        .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, userId)));
      return row;
    },
    async countParticipants(conversationId) {
      const [row] = await db
        .select({ n: count() })
        .from(participants)
        .where(eq(participants.conversationId, conversationId));
      return row?.n ?? 0;
    },
    async addParticipant(row) {
      const [inserted] = await db
        .insert(participants)
        .values(row)
        .onConflictDoNothing({ target: [participants.conversationId, participants.userId] })
        .returning();
      if (inserted) return { participant: inserted, created: true };
      const [existing] = await db
        .select()
        .from(participants)
        .where(and(eq(participants.conversationId, row.conversationId), eq(participants.userId, row.userId)));
      return { participant: existing!, created: false };
    },
    async setRole(conversationId, userId, role) {
      const [row] = await db
        .update(participants)
        .set({ role })
        .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, userId)))
        .returning();
      return row;
    },
    async removeParticipant(conversationId, userId) {
      const rows = await db
        .delete(participants)
        .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, userId)))
        .returning({ id: participants.id });
      return rows.length > 0;
    },
    async markRead(conversationId, userId) {
      await db
        .update(participants)
        .set({ lastReadAt: new Date() })
        .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, userId)));
    },
    async nextSequence(conversationId) {
      const [row] = await db
        .update(conversations)
        .set({ lastSequence: sql`${conversations.lastSequence} + 1`, updatedAt: new Date() })
        .where(and(eq(conversations.id, conversationId), live))
        .returning({ sequence: conversations.lastSequence });
      return row?.sequence;
    },
    async stats(scope, filters) {
      const where = and(
        live,
        orgCondition(scope),
        filters.type === undefined ? undefined : eq(conversations.type, filters.type),
        filters.participantId === undefined ? undefined : isParticipant(filters.participantId),
      );
      const since = new Date(Date.now() - 24 * 3_600_000);
      const [[convs], [msgs], [people]] = await Promise.all([
        db
          .select({
            n: count(),
            active: sql<number>`count(*) filter (where ${gt(conversations.updatedAt, since)})`.mapWith(Number),
          })
          .from(conversations)
          .where(where),
        db
          .select({ n: count() })
          .from(messages)
          .innerJoin(conversations, eq(conversations.id, messages.conversationId))
          .where(and(where, isNull(messages.deletedAt))),
        db
          .select({ n: countDistinct(participants.userId) })
          .from(participants)
          .innerJoin(conversations, eq(conversations.id, participants.conversationId))
          .where(where),
      ]);
      return {
        totalConversations: convs?.n ?? 0,
        totalMessages: msgs?.n ?? 0,
        uniqueParticipants: people?.n ?? 0,
        activeConversations24h: convs?.active ?? 0,
      };
    },
  };
}
