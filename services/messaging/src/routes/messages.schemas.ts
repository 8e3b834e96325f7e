import { z } from 'zod';
import { priorities } from '../messages/message-view.js';
import { metadata } from './common.schemas.js';

export const MAX_CONTENT_CHARS = 100_000;

/** Emptiness is checked by the domain so REST and socket say the same `Message content is required`. */
export const sendMessageBody = z
  .object({
    content: z.string().max(MAX_CONTENT_CHARS),
    contentType: z.string().trim().min(1).max(50).optional(),
    replyTo: z.uuid().nullable().optional(),
    metadata: metadata.optional(),
    id: z.uuid().optional(),
    runId: z.uuid().nullable().optional(),
    traceId: z.string().max(255).nullable().optional(),
    priority: z.enum(priorities).optional(),
    interruptible: z.boolean().optional(),
    preemptedBy: z.uuid().nullable().optional(),
  })
  .strict();

export const editMessageBody = z.object({ content: z.string().max(MAX_CONTENT_CHARS) }).strict();
export const messageParams = z.object({ id: z.uuid(), messageId: z.uuid() });

const sequence = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true });

/** W12: sequence cursors; `before`/`after` times stay for older clients. One cursor at a time. */
export const listMessagesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    beforeSequence: sequence.optional(),
    afterSequence: sequence.optional(),
    before: instant.optional(),
    after: instant.optional(),
  })
  .superRefine((q, ctx) => {
    const given = (['beforeSequence', 'afterSequence', 'before', 'after'] as const).filter((k) => q[k] !== undefined);
    for (const key of given.slice(1))
      ctx.addIssue({ code: 'custom', path: [key], message: `cannot be combined with ${given[0]}` });
  });

export const controlBody = z
  .object({
    event: z.string().min(1).max(100),
    target: z.unknown().optional(),
    reason: z.string().max(2_000).nullable().optional(),
    metadata: metadata.optional(),
    runId: z.uuid().nullable().optional(),
    traceId: z.string().max(255).nullable().optional(),
    preemptedBy: z.uuid().nullable().optional(),
  })
  .strict();
