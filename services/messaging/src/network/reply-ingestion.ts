import { isUuid, uuidv7 } from '@symbia/kit';
import { isAppError } from '@symbia/kit/errors';
import type { SandboxEvent } from '@symbia/relay';
import { participantRow } from '../conversations/conversation.service.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import type { ConversationRow } from '../conversations/conversation-view.js';
import { toMessageView, type MessageView } from '../messages/message-view.js';
import { writeMessage, type MessageTransaction } from '../messages/message-writer.js';
import type { MessageStore } from '../messages/message.store.js';
import type { RealtimeBus } from '../realtime/realtime-bus.js';
import { assistantReplySchema, replySenderOf, type AssistantReply } from './assistant-reply.js';

/** The node allowed to speak for any assistant (W5); an assistant's own node may speak only for itself. */
export const ASSISTANTS_NODE = 'assistants';

export type ReplyOutcome =
  | { stored: true; message: MessageView }
  | { stored: false; reason: 'malformed' | 'untrusted_source' | 'unknown_conversation' | 'not_a_participant' };

export interface ReplyIngestion {
  ingest(event: SandboxEvent): Promise<ReplyOutcome>;
}

export interface ReplyIngestionDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  transaction: MessageTransaction;
  bus: RealtimeBus;
  /** §9.2 step 5: the channel bridge's `message.new` to integrations. */
  publish(type: string, data: unknown, options: { target: string; runId: string; causedBy: string }): void;
  sleep?: (ms: number) => Promise<void>;
}

const RETRIES = 3;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * messaging.md §9.2, with W5: a reply is stored only when it comes from the assistants node (or from the
 * assistant's own node, for itself), names a live conversation, and its sender takes part in it or may join it
 * (a group of the org the assistants service names). The envelope itself was verified before (MAC, replay window:
 * the relay and POST /api/network/receive), and the network vouches that `wrapper.source` belongs to its sender.
 */
export function createReplyIngestion(deps: ReplyIngestionDeps): ReplyIngestion {
  const { conversations, bus } = deps;
  const sleep = deps.sleep ?? defaultSleep;

  const admit = async (conversation: ConversationRow, senderId: string, reply: AssistantReply, source: string) => {
    if (await conversations.participant(conversation.id, senderId)) return true;
    // Joining is the assistants service's call, for a group of the org it names (its own node cannot self-invite).
    const mayJoin =
      source === ASSISTANTS_NODE &&
      conversation.type === 'group' &&
      (conversation.orgId === null || conversation.orgId === reply.orgId);
    if (!mayJoin) return false;
    const entityId = reply.assistant?.entityId ?? reply.senderEntityId;
    const added = await conversations.addParticipant(
      participantRow(conversation.id, { userId: senderId, userType: 'agent', ...(entityId && { entityId }) }, 'member'),
    );
    if (added.created) bus.addToConversation(conversation.id, senderId, conversation.orgId);
    return true;
  };

  // §9.2 step 3: up to 3 more attempts, 500 ms doubling (capped at 10 s); a refusal (AppError) is final.
  const store = async (row: Parameters<typeof writeMessage>[1]) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await writeMessage(deps, row, { clientId: true });
      } catch (error) {
        if (isAppError(error) || attempt >= RETRIES) throw error;
        await sleep(Math.min(10_000, 500 * 2 ** attempt));
      }
    }
  };

  return {
    async ingest(event) {
      const parsed = assistantReplySchema.safeParse(event.payload.data);
      const senderId = parsed.success ? replySenderOf(parsed.data) : null;
      if (!parsed.success || senderId === null) return { stored: false, reason: 'malformed' };
      const reply = parsed.data;
      const { source, id: eventId, runId } = event.wrapper;
      if (source !== ASSISTANTS_NODE && source !== senderId) return { stored: false, reason: 'untrusted_source' };
      const conversation = await conversations.find(reply.conversationId);
      if (!conversation) return { stored: false, reason: 'unknown_conversation' };
      if (!(await admit(conversation, senderId, reply, source))) return { stored: false, reason: 'not_a_participant' };

      const { row, replayed } = await store({
        // The event id keys the message, so the same event delivered twice stores one message (W10).
        id: isUuid(eventId) ? eventId : uuidv7(),
        conversationId: conversation.id,
        senderId,
        senderType: 'agent',
        content: reply.message.content,
        contentType: reply.message.content_type ?? 'text',
        replyTo: null,
        orgId: conversation.orgId,
        runId: isUuid(runId) ? runId : null,
        traceId: isUuid(eventId) ? eventId : null,
        priority: 'normal',
        interruptible: true,
        preemptedBy: null,
        metadata: {
          ...reply.message.metadata,
          ...(reply.justification !== undefined && { _sdnJustification: reply.justification }),
          _sdnEventId: eventId,
          _sdnRunId: runId,
        },
      });
      const message = toMessageView(row);
      if (replayed) return { stored: true, message };
      bus.emitToConversation(conversation.id, 'message:new', message);
      const channel = (conversation.metadata as { channel?: { connectionId?: unknown } }).channel;
      if (typeof channel?.connectionId === 'string') {
        deps.publish(
          'message.new',
          { conversationId: conversation.id, message, channel, orgId: conversation.orgId },
          { target: 'integrations', runId, causedBy: eventId },
        );
      }
      return { stored: true, message };
    },
  };
}
