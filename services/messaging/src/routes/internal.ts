import { requireService } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import { findChannelConversation } from '../conversations/channel-lookup.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { conversationSchema } from './common.schemas.js';

const channelQuery = z.object({
  channelType: z.string().trim().min(1).max(100),
  connectionId: z.string().trim().min(1).max(255),
  chatId: z.string().trim().min(1).max(255),
});

/** W3: internal endpoints answer only platform services (service JWTs from identity), never a bare X-Service-Id. */
export function registerInternalRoutes(app: ServiceApp, deps: { conversations: ConversationStore }): void {
  app.get(
    '/api/internal/conversations/by-channel',
    {
      schema: {
        tags: ['internal'],
        querystring: channelQuery,
        response: {
          200: z.object({ conversationId: z.string().nullable(), conversation: conversationSchema.optional() }),
        },
      },
      preHandler: requireService(),
    },
    async (request) => findChannelConversation(deps.conversations, request.query),
  );
}
