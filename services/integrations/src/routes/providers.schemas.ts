import { z } from 'zod';
import { operationNames, providerIds } from '../gateway/normalized.js';

const capability = z.enum(['chat', 'completion', 'embedding', 'vision', 'function_calling', 'reasoning']);

export const providerSummary = z.object({
  id: z.enum(providerIds),
  name: z.string(),
  defaultModel: z.string().nullable(),
  defaultEmbeddingModel: z.string().nullable(),
  operations: z.array(z.enum(operationNames)),
  streaming: z.boolean(),
  needsCredential: z.boolean(),
  baseUrl: z.string().nullable(),
});
export const providerList = z.object({ providers: z.array(providerSummary) });
export const providerParams = z.object({ provider: z.string().min(1).max(64) });

export const modelInfo = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  contextWindow: z.number().optional(),
  maxOutputTokens: z.number().optional(),
  capabilities: z.array(capability),
  inputPricing: z.number().optional(),
  outputPricing: z.number().optional(),
  deprecated: z.boolean().optional(),
});
export const modelList = z.object({ models: z.array(modelInfo) });

const capabilityList = z
  .string()
  .max(200)
  .transform((raw) =>
    raw
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c.length > 0),
  )
  .pipe(z.array(capability));
export const modelsQuery = z.strictObject({ capability: capabilityList.optional() });

/** `purpose` is spec §14's shorthand: chat/llm ⇒ chat or reasoning, embedding(s) ⇒ embedding, vision. */
export const allModelsQuery = z.strictObject({
  capability: capabilityList.optional(),
  purpose: z.enum(['chat', 'llm', 'embedding', 'embeddings', 'vision']).optional(),
});
export const allModels = z.object({
  models: z.record(z.string(), z.array(modelInfo.extend({ provider: z.enum(providerIds) }))),
  all: z.array(modelInfo.extend({ provider: z.enum(providerIds) })),
  /** Providers whose list could not be fetched (the local models service when it is down). */
  unavailable: z.array(z.enum(providerIds)),
});
