import type { conversations, participants } from '../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type ParticipantRow = typeof participants.$inferSelect;

/**
 * messaging.md §4: rows reach clients snake_case, as stored, with ISO-8601 times; REST and Socket.IO send the
 * same object. Internal columns (`last_sequence`, `deleted_at`) are not part of it.
 */
export interface ConversationView {
  id: string;
  type: 'private' | 'group';
  name: string | null;
  description: string | null;
  org_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  metadata: Record<string, unknown>;
}

export interface ParticipantView {
  id: string;
  conversation_id: string;
  user_id: string;
  user_type: 'user' | 'agent';
  role: 'owner' | 'admin' | 'member';
  entity_id: string | null;
  joined_at: string;
  last_read_at: string | null;
}

export type ConversationWithParticipants = ConversationView & { participants: ParticipantView[] };

export function toConversationView(row: ConversationRow): ConversationView {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    org_id: row.orgId,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    metadata: row.metadata,
  };
}

export function toParticipantView(row: ParticipantRow): ParticipantView {
  return {
    id: row.id,
    conversation_id: row.conversationId,
    user_id: row.userId,
    user_type: row.userType,
    role: row.role,
    entity_id: row.entityId,
    joined_at: row.joinedAt.toISOString(),
    last_read_at: row.lastReadAt?.toISOString() ?? null,
  };
}
