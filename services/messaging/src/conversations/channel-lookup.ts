import type { ConversationStore } from './conversation.store.js';
import { toConversationView, type ConversationView } from './conversation-view.js';

export interface ChannelQuery {
  channelType: string;
  connectionId: string;
  chatId: string;
}

/** §6.2 by-channel: the conversation bridged to an external chat (`metadata.channel`), for the integrations bridge. */
export async function findChannelConversation(
  store: ConversationStore,
  query: ChannelQuery,
): Promise<{ conversationId: string | null; conversation?: ConversationView }> {
  const row = await store.findByChannel({
    type: query.channelType,
    connectionId: query.connectionId,
    chatId: query.chatId,
  });
  return row ? { conversationId: row.id, conversation: toConversationView(row) } : { conversationId: null };
}
