import { createSchemaRegistry } from '@symbia/kit';
import {
  conversationSchema,
  conversationWithParticipantsSchema,
  messageSchema,
  participantSchema,
} from './common.schemas.js';

/**
 * Messaging's named schemas: each is one entry of openapi.json's `components.schemas`, referred to by every route
 * that answers with it, so generated clients get one `Conversation` type rather than one per route.
 */
export const messagingSchemas = createSchemaRegistry();
messagingSchemas.add(conversationSchema, { id: 'Conversation' });
messagingSchemas.add(participantSchema, { id: 'Participant' });
messagingSchemas.add(conversationWithParticipantsSchema, { id: 'ConversationWithParticipants' });
messagingSchemas.add(messageSchema, { id: 'Message' });
