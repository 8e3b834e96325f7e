import { hasCapabilityFor, holdsCapability } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { badRequest, forbidden } from '@symbia/kit/errors';
import type { AssistantNotifier } from '../assistants/assistant-notifier.js';
import { loadAsParticipant } from '../conversations/access.js';
import type { Actor } from '../conversations/actor.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { MessagingErrorCodes } from '../errors.js';
import { EVENT_CONTENT_TYPE } from '../messages/message.service.js';
import { toMessageView, type MessageView } from '../messages/message-view.js';
import { writeMessage, type MessageTransaction } from '../messages/message-writer.js';
import type { MessageStore } from '../messages/message.store.js';
import type { RealtimeBus } from '../realtime/realtime-bus.js';
import { controlEvents, isControlEvent, requiredCapability, type ControlPayload } from './control-events.js';

export interface ControlInput {
  event: string;
  target?: unknown;
  reason?: string | null;
  metadata?: Record<string, unknown>;
  runId?: string | null;
  traceId?: string | null;
  preemptedBy?: string | null;
}

export interface ControlService {
  send(
    actor: Actor,
    conversationId: string,
    input: ControlInput,
  ): Promise<{ message: MessageView; control: ControlPayload }>;
}

export interface ControlServiceDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  transaction: MessageTransaction;
  bus: RealtimeBus;
  notifier: AssistantNotifier;
  clock?: () => Date;
}

/** messaging.md §5.3, in order: participant → entitlement → store → broadcast → forward to assistants (W11). */
export function createControlService(deps: ControlServiceDeps): ControlService {
  const { conversations, messages, transaction, bus, notifier, clock = () => new Date() } = deps;
  return {
    async send(actor, conversationId, input) {
      // W7: a forged name is refused before anything is looked up or stored.
      if (!isControlEvent(input.event)) {
        throw badRequest(
          `Unknown control event; use one of ${controlEvents.join(', ')}`,
          [{ field: 'body.event', message: `must be one of ${controlEvents.join(', ')}` }],
          MessagingErrorCodes.invalidControlEvent,
        );
      }
      const event = input.event;
      const { conversation } = await loadAsParticipant(conversations, actor, conversationId);
      // Decision 24: the right acts in the conversation's org only; in a conversation without an org (a DM) the
      // caller is a participant already, so holding the right is enough.
      const capability = requiredCapability(event);
      const allowed =
        conversation.orgId === null
          ? holdsCapability(actor.principal, capability)
          : hasCapabilityFor(actor.principal, capability, conversation.orgId);
      if (!allowed) {
        throw forbidden('Not authorized to send control events', MessagingErrorCodes.controlNotAllowed);
      }
      const control: ControlPayload = {
        event,
        conversationId,
        target: input.target ?? null,
        reason: input.reason ?? null,
        preemptedBy: input.preemptedBy ?? null,
        runId: input.runId ?? null,
        traceId: input.traceId ?? null,
        effectiveAt: clock().toISOString(),
      };
      const { row } = await writeMessage(
        { transaction, messages },
        {
          id: uuidv7(),
          conversationId,
          senderId: actor.id,
          senderType: actor.type,
          content: event,
          contentType: EVENT_CONTENT_TYPE,
          replyTo: null,
          orgId: conversation.orgId,
          runId: control.runId,
          traceId: control.traceId,
          priority: 'high',
          interruptible: false,
          preemptedBy: control.preemptedBy,
          metadata: { ...input.metadata, control },
        },
        { clientId: false },
      );
      bus.emitToConversation(conversationId, event, control);
      notifier.controlSent({ conversation, control });
      return { message: toMessageView(row), control };
    },
  };
}
