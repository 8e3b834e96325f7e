import type { messages } from '../db/schema.js';

export type MessageRow = typeof messages.$inferSelect;
export type Priority = MessageRow['priority'];
export const priorities = ['low', 'normal', 'high', 'critical'] as const;

/** messaging.md §4.3 row, snake_case; `sequence` is a JSON number (W12). Identical on REST and Socket.IO. */
export interface MessageView {
  id: string;
  conversation_id: string;
  sender_id: string;
  sender_type: MessageRow['senderType'];
  content: string;
  content_type: string;
  reply_to: string | null;
  org_id: string | null;
  run_id: string | null;
  trace_id: string | null;
  sequence: number;
  priority: Priority;
  interruptible: boolean;
  preempted_by: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversation_id: row.conversationId,
    sender_id: row.senderId,
    sender_type: row.senderType,
    content: row.content,
    content_type: row.contentType,
    reply_to: row.replyTo,
    org_id: row.orgId,
    run_id: row.runId,
    trace_id: row.traceId,
    sequence: row.sequence,
    priority: row.priority,
    interruptible: row.interruptible,
    preempted_by: row.preemptedBy,
    metadata: row.metadata,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
