import { conversationOf, stopListOf, textOf } from '../gateway/chat-params.js';
import type {
  ChatMessage,
  LlmParams,
  NormalizedChatResponse,
  NormalizedEmbeddingResponse,
  ProviderId,
  ToolCall,
} from '../gateway/normalized.js';
import type { StreamDecoder } from './provider-adapter.js';
import { mapFinishReason } from './finish-reason.js';
import {
  UpstreamProtocolError,
  errorInfoOf,
  isRecord,
  malformed,
  nonNegativeInt,
  parseJsonChunk,
} from './upstream-protocol-error.js';

/**
 * The OpenAI chat-completions wire format, shared by OpenAI, the HuggingFace router and the local models service
 * (all three speak it). Every field is mapped explicitly (spec W9): nothing of the camelCase params is spread.
 */
export interface OpenAiBodyOptions {
  defaultMaxTokens: number;
  /** Reasoning models reject `max_tokens` and any temperature but the default. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  sendTemperature: boolean;
  /** Ask for a final usage chunk (OpenAI's `stream_options.include_usage`); not every compatible server accepts it. */
  streamUsage: boolean;
  /** Local engine: content as plain text, no tools. */
  plainTextOnly: boolean;
}

function wireMessage(message: ChatMessage, plainTextOnly: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    role: message.role,
    content: plainTextOnly ? textOf(message.content) : message.content,
  };
  if (message.name !== undefined) out.name = message.name;
  if (message.tool_call_id !== undefined) out.tool_call_id = message.tool_call_id;
  if (message.tool_calls !== undefined) {
    out.tool_calls = message.tool_calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments },
    }));
  }
  return out;
}

export function openAiChatBody(
  params: LlmParams,
  model: string,
  stream: boolean,
  options: OpenAiBodyOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: conversationOf(params).map((m) => wireMessage(m, options.plainTextOnly)),
    [options.maxTokensField]: params.maxTokens ?? options.defaultMaxTokens,
  };
  if (options.sendTemperature) body.temperature = params.temperature ?? 0.7;
  if (params.topP !== undefined) body.top_p = params.topP;
  const stop = stopListOf(params);
  if (stop !== undefined) body.stop = stop;
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.frequencyPenalty !== undefined) body.frequency_penalty = params.frequencyPenalty;
  if (params.presencePenalty !== undefined) body.presence_penalty = params.presencePenalty;
  if (!options.plainTextOnly) {
    if (params.tools !== undefined)
      body.tools = params.tools.map((t) => ({ type: 'function', function: { ...t.function } }));
    if (params.toolChoice !== undefined) body.tool_choice = params.toolChoice;
    if (params.parallelToolCalls !== undefined) body.parallel_tool_calls = params.parallelToolCalls;
    if (params.responseFormat === 'json') body.response_format = { type: 'json_object' };
    if (params.responseFormat === 'json_schema')
      body.response_format = { type: 'json_schema', json_schema: params.jsonSchema };
  }
  body.stream = stream;
  if (stream && options.streamUsage) body.stream_options = { include_usage: true };
  return body;
}

function toolCallsOf(raw: unknown): ToolCall[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((call) => {
    const fn = isRecord(call.function) ? call.function : {};
    return {
      id: typeof call.id === 'string' ? call.id : '',
      type: 'function' as const,
      function: {
        name: typeof fn.name === 'string' ? fn.name : '',
        arguments: typeof fn.arguments === 'string' ? fn.arguments : '{}',
      },
    };
  });
}

function contentOf(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  // Some compatible servers answer content parts; keep their text.
  if (Array.isArray(raw)) return raw.map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

export function parseOpenAiChat(
  body: unknown,
  provider: ProviderId,
  requestedModel: string,
  extraMetadata: Record<string, unknown> = {},
): NormalizedChatResponse {
  if (
    !isRecord(body) ||
    !Array.isArray(body.choices) ||
    !isRecord(body.choices[0]) ||
    !isRecord(body.choices[0].message)
  ) {
    throw malformed(`${provider} chat completion (no choices[0].message)`);
  }
  const choice = body.choices[0] as Record<string, unknown>;
  const message = choice.message as Record<string, unknown>;
  const usage = isRecord(body.usage) ? body.usage : {};
  const promptTokens = nonNegativeInt(usage.prompt_tokens) ?? 0;
  const completionTokens = nonNegativeInt(usage.completion_tokens) ?? 0;
  const toolCalls = toolCallsOf(message.tool_calls);
  return {
    provider,
    model: typeof body.model === 'string' && body.model ? body.model : requestedModel,
    content: contentOf(message.content),
    usage: {
      promptTokens,
      completionTokens,
      totalTokens: nonNegativeInt(usage.total_tokens) ?? promptTokens + completionTokens,
    },
    finishReason: mapFinishReason(choice.finish_reason),
    ...(toolCalls.length > 0 && { toolCalls }),
    metadata: {
      ...(typeof body.id === 'string' && { id: body.id }),
      ...(typeof body.created === 'number' && { created: body.created }),
      ...(typeof body.system_fingerprint === 'string' && { systemFingerprint: body.system_fingerprint }),
      ...extraMetadata,
    },
  };
}

const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number');

/** `{data:[{embedding}]}` (OpenAI) or `{embeddings:[[…]]}` / a bare array (some HuggingFace backends), spec §6.6. */
export function parseEmbeddings(
  body: unknown,
  provider: ProviderId,
  requestedModel: string,
): NormalizedEmbeddingResponse {
  let vectors: unknown[] | undefined;
  if (isRecord(body) && Array.isArray(body.data))
    vectors = body.data.map((d) => (isRecord(d) ? d.embedding : undefined));
  else if (isRecord(body) && Array.isArray(body.embeddings)) vectors = body.embeddings;
  else if (Array.isArray(body)) vectors = body;
  if (!vectors || !vectors.every(isVector)) throw malformed(`${provider} embeddings response`);
  const usage = isRecord(body) && isRecord(body.usage) ? body.usage : {};
  const promptTokens = nonNegativeInt(usage.prompt_tokens) ?? 0;
  return {
    provider,
    model: isRecord(body) && typeof body.model === 'string' && body.model ? body.model : requestedModel,
    embeddings: vectors as number[][],
    usage: { promptTokens, totalTokens: nonNegativeInt(usage.total_tokens) ?? promptTokens },
    metadata: {},
  };
}

/**
 * `data: {chat.completion.chunk}` events ending with `data: [DONE]`. A JSON `error` inside the stream (OpenAI,
 * text-generation-inference and the models service all send one) ends it as an upstream failure.
 */
const MAX_TOOL_INDEX = 127;

export function createOpenAiStreamDecoder(): StreamDecoder {
  let sawMeta = false;
  let finishedChoice = false;
  let done = false;
  return {
    get finished() {
      return done;
    },
    push(event, out) {
      if (done) return;
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      const chunk = parseJsonChunk(event.data);
      const error =
        event.event === 'error' || chunk.error !== undefined
          ? (errorInfoOf(chunk) ?? { message: 'error event' })
          : null;
      if (error) throw new UpstreamProtocolError('error_event', error.message, error.code);
      if (!sawMeta) {
        sawMeta = true;
        out.push({
          kind: 'meta',
          ...(typeof chunk.model === 'string' && { model: chunk.model }),
          ...(typeof chunk.id === 'string' && { id: chunk.id }),
        });
      }
      if (isRecord(chunk.usage)) {
        out.push({
          kind: 'usage',
          promptTokens: nonNegativeInt(chunk.usage.prompt_tokens),
          completionTokens: nonNegativeInt(chunk.usage.completion_tokens),
        });
      }
      if (!Array.isArray(chunk.choices)) {
        if (isRecord(chunk.usage)) return;
        throw malformed('stream chunk (no choices)');
      }
      const choice = chunk.choices[0];
      if (!isRecord(choice)) return;
      const delta = isRecord(choice.delta) ? choice.delta : {};
      if (typeof delta.content === 'string' && delta.content.length > 0)
        out.push({ kind: 'content', text: delta.content });
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls) {
          // The index becomes an array slot: a credential's own endpoint must not be able to ask for slot 10^9.
          if (
            !isRecord(call) ||
            !Number.isInteger(call.index) ||
            (call.index as number) < 0 ||
            (call.index as number) > MAX_TOOL_INDEX
          ) {
            throw malformed('tool call delta (missing or out-of-range index)');
          }
          const fn = isRecord(call.function) ? call.function : {};
          out.push({
            kind: 'tool_call',
            index: call.index as number,
            arguments: typeof fn.arguments === 'string' ? fn.arguments : '',
            ...(typeof call.id === 'string' && { id: call.id }),
            ...(typeof fn.name === 'string' && { name: fn.name }),
          });
        }
      }
      if (typeof choice.finish_reason === 'string') {
        finishedChoice = true;
        out.push({ kind: 'finish', reason: mapFinishReason(choice.finish_reason) });
      }
    },
    end() {
      // Some compatible servers omit [DONE]; a stream that never finished its choice was cut off.
      if (!done && !finishedChoice)
        throw new UpstreamProtocolError('truncated', 'stream ended before the answer was complete');
    },
  };
}
