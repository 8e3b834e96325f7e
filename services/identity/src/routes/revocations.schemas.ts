import { z } from 'zod';

const INT8_MAX = 9_223_372_036_854_775_807n;

/** A feed cursor: a decimal bigint (bigserial), 0 for "from the start". */
export const revocationCursor = z
  .string()
  // abort: the refinement below must not see a value that is not digits (BigInt would throw: a 500).
  .regex(/^\d{1,19}$/, { message: 'must be a decimal cursor from this feed', abort: true })
  .refine((v) => BigInt(v) <= INT8_MAX, 'is out of range')
  .transform((v) => BigInt(v));

export const revocationPageQuery = z.object({
  after: revocationCursor.default(0n),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const revocationStreamQuery = z.object({ after: revocationCursor.optional() });
// EventSource clients resume with Last-Event-ID (WHATWG HTML §9.2); `after` wins when both are sent.
export const revocationStreamHeaders = z.looseObject({ 'last-event-id': revocationCursor.optional() });

export const revocationEventSchema = z.object({
  cursor: z.string(),
  kind: z.enum(['session', 'user', 'membership', 'api_key']),
  subjectId: z.string(),
  orgId: z.string().nullable(),
  at: z.string(),
  expiresAt: z.string(),
});

export const revocationPageSchema = z.object({ events: z.array(revocationEventSchema), cursor: z.string() });
