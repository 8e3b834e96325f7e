import { z } from 'zod';
import { operationNames, providerIds, type ToolDefinition } from '../gateway/normalized.js';

// Closed objects throughout (spec §6.2): an unknown key is a 400 naming it, never silently forwarded (W9).
const MAX_TEXT = 2_000_000;

const textPart = z.strictObject({ type: z.literal('text'), text: z.string().max(MAX_TEXT) });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string().min(1).max(15_000_000),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
const contentSchema = z.union([
  z.string().max(MAX_TEXT),
  z
    .array(z.discriminatedUnion('type', [textPart, imagePart]))
    .min(1)
    .max(100),
  z.null(),
]);

const toolCallSchema = z.strictObject({
  id: z.string().min(1).max(200),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1).max(200), arguments: z.string().max(1_000_000) }),
});

const messageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: contentSchema.default(null),
  name: z.string().min(1).max(100).optional(),
  tool_call_id: z.string().min(1).max(200).optional(),
  tool_calls: z.array(toolCallSchema).min(1).max(128).optional(),
});

const toolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
const jsonObject = z.record(z.string(), z.unknown());

const openAiTool = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: toolName,
    description: z.string().max(10_000).optional(),
    parameters: jsonObject.optional(),
    strict: z.boolean().optional(),
  }),
});
// Anthropic's native tool shape is accepted too and converted here, so adapters see one format.
const anthropicTool = z
  .strictObject({ name: toolName, description: z.string().max(10_000).optional(), input_schema: jsonObject })
  .transform((t): ToolDefinition => ({
    type: 'function',
    function: {
      name: t.name,
      ...(t.description !== undefined && { description: t.description }),
      parameters: t.input_schema,
    },
  }));
const toolSchema = z.union([
  openAiTool.transform((t): ToolDefinition => ({
    type: 'function',
    function: { name: t.function.name, description: t.function.description, parameters: t.function.parameters },
  })),
  anthropicTool,
]);

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: toolName }) }),
]);

const stopSchema = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(16)]);

export const llmParamsSchema = z.strictObject({
  model: z.string().trim().max(200).optional(),
  messages: z.array(messageSchema).max(1000).optional(),
  prompt: z.string().max(MAX_TEXT).optional(),
  input: z
    .union([
      z.string().max(MAX_TEXT),
      z.array(z.string().max(MAX_TEXT)).max(2048),
      z.array(z.number().int()).max(100_000),
    ])
    .optional(),
  text: z.string().max(MAX_TEXT).optional(),
  system: z.string().max(MAX_TEXT).optional(),
  systemPrompt: z.string().max(MAX_TEXT).optional(),
  instructions: z.string().max(MAX_TEXT).optional(),
  tools: z.array(toolSchema).max(128).optional(),
  toolChoice: toolChoiceSchema.optional(),
  parallelToolCalls: z.boolean().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().max(1_000_000).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().int().positive().max(1000).optional(),
  stop: stopSchema.optional(),
  stopSequences: z.array(z.string().min(1).max(200)).min(1).max(16).optional(),
  seed: z.number().int().optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  responseFormat: z.enum(['text', 'json', 'json_schema']).optional(),
  jsonSchema: jsonObject.optional(),
});

export const executeBody = z.strictObject({
  provider: z.enum(providerIds),
  operation: z.enum(operationNames).default('chat.completions'),
  params: llmParamsSchema,
  credentialId: z.string().uuid().optional(),
  /** Normalized SSE instead of one JSON answer (README "Streaming"). */
  stream: z.boolean().default(false),
});

export const orgHeaders = z.looseObject({ 'x-org-id': z.string().uuid().optional() });

export const usageSchema = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
});
const toolCallOut = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export const chatResponse = z.object({
  provider: z.enum(providerIds),
  model: z.string(),
  content: z.string(),
  usage: usageSchema,
  finishReason: z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'error', 'incomplete']),
  toolCalls: z.array(toolCallOut).optional(),
  metadata: z.record(z.string(), z.unknown()),
});
export const embeddingResponse = z.object({
  provider: z.enum(providerIds),
  model: z.string(),
  embeddings: z.array(z.array(z.number())),
  usage: z.object({ promptTokens: z.number(), totalTokens: z.number() }),
  metadata: z.record(z.string(), z.unknown()),
});
export const normalizedResponse = z.union([chatResponse, embeddingResponse]);

/** Public execute (spec §8): the answer wrapped. With `stream: true` the body is SSE instead (see README). */
export const executeResponse = z.object({
  success: z.literal(true),
  data: normalizedResponse,
  requestId: z.string(),
  durationMs: z.number(),
});

/** Internal execute (spec §9): flat, so messaging reads `content` directly. */
export const internalExecuteResponse = z.union([
  chatResponse.extend({ requestId: z.string(), durationMs: z.number() }),
  embeddingResponse.extend({ requestId: z.string(), durationMs: z.number() }),
]);
