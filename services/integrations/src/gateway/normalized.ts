/**
 * The one provider-neutral shape of an LLM call (spec §6.2–6.3). Routes validate into these types; adapters
 * translate them field by field into each provider's wire format (spec W9) and back.
 */

export const providerIds = ['huggingface', 'openai', 'anthropic', 'symbia-labs'] as const;
export type ProviderId = (typeof providerIds)[number];

/** Wire names accepted on execute; `messages` and `text.generation` are provider aliases of chat (spec §6.1). */
export const operationNames = ['chat.completions', 'messages', 'text.generation', 'embeddings', 'responses'] as const;
export type OperationName = (typeof operationNames)[number];

/** What an operation does once its alias is resolved. */
export type OperationKind = 'chat' | 'embeddings';

export interface TextPart {
  type: 'text';
  text: string;
}
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export type ContentPart = TextPart | ImagePart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | ContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: ToolCall[];
}

/** OpenAI function-tool format; Anthropic's native `{name, input_schema}` is converted to it at the edge. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface LlmParams {
  model?: string;
  messages?: ChatMessage[];
  prompt?: string;
  input?: string | string[] | number[];
  text?: string;
  system?: string;
  systemPrompt?: string;
  instructions?: string;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stop?: string | string[];
  stopSequences?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  responseFormat?: 'text' | 'json' | 'json_schema';
  jsonSchema?: Record<string, unknown>;
}

export interface ExecuteRequest {
  provider: ProviderId;
  operation: OperationName;
  params: LlmParams;
  /** A specific vault credential (public execute only); must be the caller's own or org-wide in the caller's org. */
  credentialId?: string;
  stream?: boolean;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'incomplete';

export interface NormalizedChatResponse {
  provider: ProviderId;
  model: string;
  content: string;
  usage: Usage;
  finishReason: FinishReason;
  toolCalls?: ToolCall[];
  metadata: Record<string, unknown>;
}

export interface NormalizedEmbeddingResponse {
  provider: ProviderId;
  model: string;
  embeddings: number[][];
  usage: { promptTokens: number; totalTokens: number };
  metadata: Record<string, unknown>;
}

export type NormalizedResponse = NormalizedChatResponse | NormalizedEmbeddingResponse;

/** Output of a provider stream decoder, one per meaningful upstream event. */
export type StreamDelta =
  | { kind: 'content'; text: string }
  | { kind: 'tool_call'; index: number; id?: string; name?: string; arguments: string }
  | { kind: 'meta'; model?: string; id?: string }
  | { kind: 'usage'; promptTokens?: number; completionTokens?: number }
  | { kind: 'finish'; reason: FinishReason };

/** The normalized SSE frames clients receive (README "SSE frames"); one JSON object per `data:` line. */
export type StreamFrame =
  | { type: 'content'; content: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; arguments: string }
  | {
      type: 'done';
      done: true;
      provider: ProviderId;
      model: string;
      finishReason: FinishReason;
      usage: Usage;
      toolCalls?: ToolCall[];
      requestId: string;
      durationMs: number;
    }
  | { type: 'error'; error: string; code: string; category: string; retryable: boolean; requestId: string };
