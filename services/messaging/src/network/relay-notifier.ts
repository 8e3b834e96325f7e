import { uuidv4 } from '@symbia/kit';
import type { RelayClient } from '@symbia/relay';
import {
  assistantsOf,
  messageNotification,
  type AssistantNotifier,
  type NotifierLogger,
} from '../assistants/assistant-notifier.js';
import { createNotificationWork } from '../assistants/notification-work.js';
import type { ConversationStore } from '../conversations/conversation.store.js';

/** The network event types messaging publishes (the network's automatic contract messaging → assistants allows `message.*`). */
export const MESSAGE_NEW_EVENT = 'message.new';
export const MESSAGE_CONTROL_EVENT = 'message.control';

/**
 * messaging.md §9.1 over the network: `message.new` (boundary intra, no target) for a human's message in a
 * conversation with assistants, and (W11) `message.control` for a control event, published through the relay,
 * which never blocks or throws and keeps them in its bounded outbox while network is away. No credential travels
 * in the event (W6). When this process has no relay (`relay()` is null: NETWORK_RELAY_ENABLED=false or not joined),
 * the webhook notifier does the work instead (§9.1 step 4).
 */
export function createRelayNotifier(deps: {
  store: Pick<ConversationStore, 'participants'>;
  relay: () => RelayClient | null;
  webhook: AssistantNotifier;
  logger: NotifierLogger;
}): AssistantNotifier {
  const work = createNotificationWork(deps.logger);
  const { track } = work;

  return {
    messageCreated(input) {
      const relay = deps.relay();
      if (relay === null) return deps.webhook.messageCreated(input);
      const { conversation, message } = input;
      track(async () => {
        const participants = await deps.store.participants(conversation.id);
        const assistants = assistantsOf(participants, message.sender_id);
        if (assistants.length === 0) return;
        relay.publish(
          MESSAGE_NEW_EVENT,
          { ...messageNotification(conversation, message, participants), assistants },
          { runId: `run_msg_${uuidv4()}`, boundary: 'intra' },
        );
      }, 'notification');
    },

    controlSent(input) {
      const relay = deps.relay();
      if (relay === null) return deps.webhook.controlSent(input);
      const { conversation, control } = input;
      track(async () => {
        const assistants = assistantsOf(await deps.store.participants(conversation.id), '');
        if (assistants.length === 0) return;
        relay.publish(
          MESSAGE_CONTROL_EVENT,
          { conversationId: conversation.id, orgId: conversation.orgId, control, assistants },
          { boundary: 'intra', ...(control.runId && { runId: control.runId }) },
        );
      }, 'control forward');
    },

    async drain() {
      await work.drain();
      await deps.webhook.drain();
    },
  };
}
