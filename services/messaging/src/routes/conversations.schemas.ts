import { z } from 'zod';
import { metadata, pageQuery, principalId } from './common.schemas.js';

const orgId = z.string().trim().min(1).max(255);
const participantInput = z
  .object({
    userId: principalId,
    userType: z.enum(['user', 'agent']).optional(),
    entityId: z.string().trim().min(1).max(255).nullable().optional(),
  })
  .strict();

export const createConversationBody = z
  .object({
    type: z.enum(['private', 'group'], { error: 'Invalid conversation type: use "private" or "group"' }),
    name: z.string().trim().min(1).max(255).nullable().optional(),
    description: z.string().max(10_000).nullable().optional(),
    metadata: metadata.optional(),
    orgId: orgId.nullable().optional(),
    participants: z.array(participantInput).max(200).optional(),
  })
  .strict();

/** `metadata` is replaced whole (§6.3). */
export const updateConversationBody = z
  .object({
    name: z.string().trim().min(1).max(255).nullable().optional(),
    description: z.string().max(10_000).nullable().optional(),
    metadata: metadata.optional(),
  })
  .strict();

export const listConversationsQuery = pageQuery.extend({ orgId: orgId.optional() });

/** Managers add members or admins; ownership is not handed out here (W9). */
export const addParticipantBody = participantInput.extend({ role: z.enum(['admin', 'member']).optional() }).strict();

export const participantParams = z.object({ id: z.uuid(), userId: principalId });
