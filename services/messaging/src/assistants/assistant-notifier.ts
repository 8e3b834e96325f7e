import type { ControlPayload } from '../control/control-events.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import type { ConversationRow, ParticipantRow } from '../conversations/conversation-view.js';
import type { MessageView } from '../messages/message-view.js';
import { createNotificationWork } from './notification-work.js';

/** Fire-and-forget: these never throw and never delay the caller's response (messaging.md §9.1). */
export interface AssistantNotifier {
  messageCreated(input: { conversation: ConversationRow; message: MessageView; bearerToken: string | null }): void;
  /** W11: control events reach the assistants service so pause/cancel/handoff affect runs. */
  controlSent(input: { conversation: ConversationRow; control: ControlPayload }): void;
  /** Resolves when every notification started so far has settled (shutdown, tests). */
  drain(): Promise<void>;
}

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

export interface AssistantNotifierDeps {
  store: Pick<ConversationStore, 'participants'>;
  webhookUrl: string;
  controlUrl: string;
  timeoutMs: number;
  /** A service token for the control forward; null when this process has no INTERNAL_SERVICE_SECRET. */
  serviceToken: (() => Promise<string>) | null;
  logger: NotifierLogger;
  fetch?: typeof fetch;
}

export interface AssistantRef {
  userId: string;
  key: string;
  entityId: string | null;
}

export const assistantsOf = (participants: ParticipantRow[], excludeId: string): AssistantRef[] =>
  participants
    .filter((p) => p.userType === 'agent' && p.userId.startsWith('assistant:') && p.userId !== excludeId)
    .map((p) => ({ userId: p.userId, key: p.userId.slice('assistant:'.length), entityId: p.entityId }));

/** The §9.1 notification of a new message (without any credential: W6), shared by the webhook and the relay. */
export function messageNotification(
  conversation: ConversationRow,
  message: MessageView,
  participants: ParticipantRow[],
) {
  const sender = participants.find((p) => p.userId === message.sender_id);
  return {
    conversationId: conversation.id,
    message: {
      id: message.id,
      sender_id: message.sender_id,
      sender_type: message.sender_type,
      content: message.content,
      content_type: message.content_type,
      metadata: message.metadata,
      created_at: message.created_at,
    },
    senderEntityId: sender?.entityId ?? message.sender_id,
    recipientEntityIds: participants.flatMap((p) => (p.entityId ? [p.entityId] : [])),
    orgId: conversation.orgId,
  };
}

export function createAssistantNotifier(deps: AssistantNotifierDeps): AssistantNotifier {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const work = createNotificationWork(deps.logger);
  const { track } = work;

  const post = async (url: string, body: unknown, authorization: string | null) => {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-service-id': 'messaging',
        ...(authorization && { authorization }),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  };

  return {
    messageCreated({ conversation, message, bearerToken }) {
      track(async () => {
        const participants = await deps.store.participants(conversation.id);
        const assistants = assistantsOf(participants, message.sender_id);
        if (assistants.length === 0) return;
        const payload = messageNotification(conversation, message, participants);
        // The §9.1 HTTP path (relay off): one targeted POST per assistant, in order. W6: the caller's
        // token travels only in this request's header, bare after `Bearer `, never inside a payload.
        for (const assistant of assistants) {
          await post(deps.webhookUrl, { ...payload, assistant }, bearerToken ? `Bearer ${bearerToken}` : null);
        }
      }, 'notification');
    },

    controlSent({ conversation, control }) {
      track(async () => {
        const assistants = assistantsOf(await deps.store.participants(conversation.id), '');
        if (assistants.length === 0 || deps.serviceToken === null) return;
        await post(
          deps.controlUrl,
          { conversationId: conversation.id, orgId: conversation.orgId, control, assistants },
          `Bearer ${await deps.serviceToken()}`,
        );
      }, 'control forward');
    },

    drain: work.drain,
  };
}
