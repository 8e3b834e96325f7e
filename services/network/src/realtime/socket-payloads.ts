import { z } from 'zod';
import { contractInputSchema, eventInputSchema, nodeInputSchema } from '../routes/wire.schemas.js';

/** Socket payloads reuse the REST body schemas (network.md §14.1), so both paths validate alike. */
const id = z.string().trim().min(1).max(200);
export const registerPayload = nodeInputSchema;
export const nodeIdPayload = z.strictObject({ nodeId: id });
export const sendPayload = eventInputSchema;
export const contractPayload = contractInputSchema;
export const watchPayload = z
  .strictObject({ runId: id.optional(), source: id.optional(), eventType: id.optional() })
  .optional()
  .transform((value) => value ?? {});
export const unwatchPayload = z.strictObject({ subscriptionId: z.string().min(1).max(300) });
