import { z } from 'zod';
import {
  conversationSchema,
  conversationType,
  conversationWithParticipantsSchema,
  messageSchema,
  pageQuery,
  principalId,
} from './common.schemas.js';

const filters = { orgId: z.string().trim().min(1).max(255).optional(), type: conversationType.optional() };
export const adminListQuery = pageQuery.extend(filters);
export const adminStatsQuery = z.object(filters);
export const userParams = z.object({ userId: principalId });

/** W9: the admin route may grant any role, but only a valid one. */
export const adminAddParticipantBody = z
  .object({
    userId: principalId,
    userType: z.enum(['user', 'agent']).optional(),
    role: z.enum(['owner', 'admin', 'member']).optional(),
  })
  .strict();

export const adminListResponse = z.object({
  conversations: z.array(conversationSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export const adminConversationResponse = conversationWithParticipantsSchema.extend({
  recentMessages: z.array(messageSchema),
});
export const adminStatsResponse = z.object({
  totalConversations: z.number().int(),
  totalMessages: z.number().int(),
  uniqueParticipants: z.number().int(),
  activeConversations24h: z.number().int(),
  filters: z.object({ orgId: z.string().nullable(), type: conversationType.nullable() }),
});
