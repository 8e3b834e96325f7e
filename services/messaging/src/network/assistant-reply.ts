import { z } from 'zod';

/** The SDN event types messaging ingests as assistant replies (messaging.md §9.2). */
export const ASSISTANT_REPLY_EVENTS = ['message.response', 'assistant.action.respond'] as const;

const id = z.string().trim().min(1).max(255);

/** `payload.data` of a reply (§9.2); anything else in it is ignored. */
export const assistantReplySchema = z.object({
  conversationId: z.string().uuid(),
  message: z.object({
    content: z.string().min(1).max(100_000),
    content_type: z.string().trim().min(1).max(100).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  assistantKey: id.optional(),
  senderEntityId: id.optional(),
  assistant: z.object({ key: id.optional(), userId: id.optional(), entityId: id.optional() }).optional(),
  orgId: id.optional(),
  justification: z.unknown().optional(),
});

export type AssistantReply = z.infer<typeof assistantReplySchema>;

/** §9.2 step 1: `assistant.userId`, else `assistant:<assistantKey>`; only agent ids of assistants qualify. */
export function replySenderOf(reply: AssistantReply): string | null {
  const sender = reply.assistant?.userId ?? (reply.assistantKey ? `assistant:${reply.assistantKey}` : null);
  return sender !== null && /^assistant:[^\s]+$/.test(sender) ? sender : null;
}
