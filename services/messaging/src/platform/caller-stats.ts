import type { Actor } from '../conversations/actor.js';
import type { ConversationStore } from '../conversations/conversation.store.js';

/** W15: `/api/stats` counts only what the caller takes part in, so it reveals nothing about other tenants. */
export async function callerStats(store: ConversationStore, actor: Actor) {
  const { totalConversations, totalMessages, uniqueParticipants } = await store.stats(
    { all: true },
    { participantId: actor.id },
  );
  return { totalConversations, totalMessages, uniqueParticipants };
}
