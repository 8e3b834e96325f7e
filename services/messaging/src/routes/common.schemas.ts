import { z } from 'zod';
import { priorities } from '../messages/message-view.js';

/** Principal ids as identity and agents spell them (`user uuid`, `assistant:helper`). */
export const principalId = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'is not a principal id');
export const metadata = z.record(z.string(), z.unknown());
/** The two kinds of conversation (conversations.type). */
export const conversationType = z.enum(['private', 'group']);
export const conversationParams = z.object({ id: z.uuid() });

export const conversationSchema = z.object({
  id: z.string(),
  type: conversationType,
  name: z.string().nullable(),
  description: z.string().nullable(),
  org_id: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  metadata,
});

export const participantSchema = z.object({
  id: z.string(),
  conversation_id: z.string(),
  user_id: z.string(),
  user_type: z.enum(['user', 'agent']),
  role: z.enum(['owner', 'admin', 'member']),
  entity_id: z.string().nullable(),
  joined_at: z.string(),
  last_read_at: z.string().nullable(),
});

export const conversationWithParticipantsSchema = conversationSchema.extend({
  participants: z.array(participantSchema),
});

export const messageSchema = z.object({
  id: z.string(),
  conversation_id: z.string(),
  sender_id: z.string(),
  sender_type: z.enum(['user', 'agent', 'service', 'bot']),
  content: z.string(),
  content_type: z.string(),
  reply_to: z.string().nullable(),
  org_id: z.string().nullable(),
  run_id: z.string().nullable(),
  trace_id: z.string().nullable(),
  sequence: z.number().int(),
  priority: z.enum(priorities),
  interruptible: z.boolean(),
  preempted_by: z.string().nullable(),
  metadata,
  created_at: z.string(),
  updated_at: z.string(),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
