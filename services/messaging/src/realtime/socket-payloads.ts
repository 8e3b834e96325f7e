import { z } from 'zod';
import { controlBody, editMessageBody, sendMessageBody } from '../routes/messages.schemas.js';

/** Socket payloads reuse the REST body schemas, so both paths validate alike (W17). */
export const conversationIdPayload = z.uuid();
export const sendPayload = sendMessageBody.extend({ conversationId: z.uuid() }).strict();
export const editPayload = editMessageBody.extend({ messageId: z.uuid() }).strict();
export const deletePayload = z.union([
  z.uuid(),
  z
    .object({ messageId: z.uuid() })
    .strict()
    .transform((p) => p.messageId),
]);
export const controlPayload = controlBody.extend({ conversationId: z.uuid() }).strict();
export const presenceStatus = z.enum(['online', 'away', 'busy', 'offline']);

/** A readable summary of what was wrong, naming fields like the REST 400s do. */
export function describeIssues(error: z.ZodError): string {
  const fields = [...new Set(error.issues.map((i) => (i.path.length > 0 ? i.path.join('.') : 'payload')))];
  return `Invalid payload: ${fields.join(', ')}`;
}
