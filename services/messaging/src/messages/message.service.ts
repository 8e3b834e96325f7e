import { uuidv7 } from '@symbia/kit';
import { badRequest, forbidden, notFound } from '@symbia/kit/errors';
import type { AssistantNotifier } from '../assistants/assistant-notifier.js';
import { canSelfJoin, loadAsParticipant, loadConversation, notAParticipant } from '../conversations/access.js';
import type { Actor } from '../conversations/actor.js';
import { participantRow } from '../conversations/conversation.service.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import type { ConversationRow } from '../conversations/conversation-view.js';
import { MessagingErrorCodes } from '../errors.js';
import type { RealtimeBus } from '../realtime/realtime-bus.js';
import { toMessageView, type MessageView, type Priority } from './message-view.js';
import { writeMessage, type MessageTransaction } from './message-writer.js';
import type { MessageCursor, MessageStore } from './message.store.js';

export interface SendMessageInput {
  content: string;
  contentType?: string;
  replyTo?: string | null;
  metadata?: Record<string, unknown>;
  /** Client-chosen id: the idempotency key (W10). */
  id?: string;
  runId?: string | null;
  traceId?: string | null;
  priority?: Priority;
  interruptible?: boolean;
  preemptedBy?: string | null;
}

/** How the sender authenticated, for the assistants webhook only (never logged or broadcast, W6). */
export interface SenderContext {
  bearerToken: string | null;
}

export interface MessageService {
  send(
    actor: Actor,
    conversationId: string,
    input: SendMessageInput,
    context: SenderContext,
  ): Promise<{ message: MessageView; replayed: boolean }>;
  list(actor: Actor, conversationId: string, cursor: MessageCursor, limit: number): Promise<MessageView[]>;
  edit(actor: Actor, messageId: string, content: string, conversationId?: string): Promise<MessageView>;
  remove(actor: Actor, messageId: string, conversationId?: string): Promise<{ id: string; conversationId: string }>;
}

export interface MessageServiceDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  transaction: MessageTransaction;
  bus: RealtimeBus;
  notifier: AssistantNotifier;
}

export const EVENT_CONTENT_TYPE = 'event';
const messageNotFound = () => notFound('Message not found', MessagingErrorCodes.messageNotFound);

export function createMessageService(deps: MessageServiceDeps): MessageService {
  const { conversations, messages, transaction, bus, notifier } = deps;

  /** W17: agents join a group of their own org by posting, on REST and socket alike (messaging.md scenario 14). */
  const requireSender = async (actor: Actor, conversationId: string): Promise<ConversationRow> => {
    const { conversation, participant } = await loadConversation(conversations, actor, conversationId);
    if (participant) return conversation;
    if (actor.type !== 'agent' || !canSelfJoin(actor, conversation)) throw notAParticipant();
    const added = await conversations.addParticipant(
      participantRow(conversationId, { userId: actor.id, userType: 'agent' }, 'member'),
    );
    if (added.created) bus.addToConversation(conversationId, actor.id, conversation.orgId);
    return conversation;
  };

  /** A message addressed by id must be live, in a conversation the actor still takes part in. */
  const loadOwnMessage = async (actor: Actor, messageId: string, conversationId: string | undefined, verb: string) => {
    const found = await messages.findAny(messageId);
    if (!found || found.deletedAt !== null || (conversationId !== undefined && found.conversationId !== conversationId))
      throw messageNotFound();
    await loadAsParticipant(conversations, actor, found.conversationId).catch(() => {
      throw messageNotFound();
    });
    if (found.senderId !== actor.id)
      throw forbidden(`Not authorized to ${verb} this message`, MessagingErrorCodes.notTheSender);
    if (found.contentType === EVENT_CONTENT_TYPE)
      throw badRequest(
        `Control events cannot be ${verb === 'edit' ? 'edited' : 'deleted'}`,
        undefined,
        MessagingErrorCodes.useControlEndpoint,
      );
    return found;
  };

  return {
    async send(actor, conversationId, input, context) {
      // W7: the event content type is reserved for /control, on every path.
      if (input.contentType === EVENT_CONTENT_TYPE) {
        throw badRequest(
          'Use /control for stream events',
          [{ field: 'body.contentType', message: 'may not be "event"; use /control' }],
          MessagingErrorCodes.useControlEndpoint,
        );
      }
      if (input.content.trim().length === 0)
        throw badRequest('Message content is required', [{ field: 'body.content', message: 'is required' }]);
      const conversation = await requireSender(actor, conversationId);
      if (input.replyTo) {
        // W10: a thread parent lives in the same conversation.
        const parent = await messages.findLive(conversationId, input.replyTo);
        if (!parent)
          throw badRequest(
            'replyTo must reference a message of this conversation',
            [{ field: 'body.replyTo', message: 'is not a message of this conversation' }],
            MessagingErrorCodes.invalidReplyTo,
          );
      }
      const { row, replayed } = await writeMessage(
        { transaction, messages },
        {
          id: input.id ?? uuidv7(),
          conversationId,
          senderId: actor.id,
          senderType: actor.type,
          content: input.content,
          contentType: input.contentType ?? 'text',
          replyTo: input.replyTo ?? null,
          orgId: conversation.orgId,
          runId: input.runId ?? null,
          traceId: input.traceId ?? null,
          priority: input.priority ?? 'normal',
          interruptible: input.interruptible ?? true,
          preemptedBy: input.preemptedBy ?? null,
          metadata: input.metadata ?? {},
        },
        { clientId: input.id !== undefined },
      );
      const message = toMessageView(row);
      // W10: a replay neither re-broadcasts nor re-notifies. Broadcast only after commit (§12).
      if (!replayed) {
        bus.emitToConversation(conversationId, 'message:new', message);
        // §9.1: agent-authored messages never notify (loop prevention).
        if (actor.type !== 'agent')
          notifier.messageCreated({ conversation, message, bearerToken: context.bearerToken });
      }
      return { message, replayed };
    },

    async list(actor, conversationId, cursor, limit) {
      await loadAsParticipant(conversations, actor, conversationId);
      const rows = await messages.list(conversationId, cursor, limit);
      await conversations.markRead(conversationId, actor.id);
      return rows.map(toMessageView);
    },

    async edit(actor, messageId, content, conversationId) {
      if (content.trim().length === 0)
        throw badRequest('Message content is required', [{ field: 'body.content', message: 'is required' }]);
      const found = await loadOwnMessage(actor, messageId, conversationId, 'edit');
      const updated = await messages.updateContent(found.id, content);
      if (!updated) throw messageNotFound();
      const view = toMessageView(updated);
      bus.emitToConversation(found.conversationId, 'message:updated', view);
      return view;
    },

    async remove(actor, messageId, conversationId) {
      const found = await loadOwnMessage(actor, messageId, conversationId, 'delete');
      if (!(await messages.softDelete(found.id))) throw messageNotFound();
      const deleted = { id: found.id, conversationId: found.conversationId };
      bus.emitToConversation(found.conversationId, 'message:deleted', deleted);
      return deleted;
    },
  };
}
