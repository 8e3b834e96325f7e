import { validateCommon } from '../gateway/chat-params.js';
import { invalidField } from '../gateway/gateway-error.js';
import type { NormalizedChatResponse, ToolCall } from '../gateway/normalized.js';
import { anthropicBody } from './anthropic-messages.js';
import { createAnthropicStreamDecoder } from './anthropic-stream.js';
import { mapFinishReason } from './finish-reason.js';
import { anthropicModels } from './model-catalog.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { errorInfoOf, isRecord, malformed, nonNegativeInt } from './upstream-protocol-error.js';

export const ANTHROPIC_VERSION = '2023-06-01';

function parseMessage(body: unknown, requestedModel: string): NormalizedChatResponse {
  if (!isRecord(body) || !Array.isArray(body.content)) throw malformed('anthropic message (no content array)');
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of body.content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    if (block.type === 'tool_use') {
      toolCalls.push({
        id: String(block.id ?? ''),
        type: 'function',
        function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const usage = isRecord(body.usage) ? body.usage : {};
  const promptTokens = nonNegativeInt(usage.input_tokens) ?? 0;
  const completionTokens = nonNegativeInt(usage.output_tokens) ?? 0;
  return {
    provider: 'anthropic',
    model: typeof body.model === 'string' && body.model ? body.model : requestedModel,
    content: texts.join('\n'),
    usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    finishReason: mapFinishReason(body.stop_reason),
    ...(toolCalls.length > 0 && { toolCalls }),
    metadata: {
      ...(typeof body.id === 'string' && { id: body.id }),
      ...(typeof body.stop_sequence === 'string' && { stopSequence: body.stop_sequence }),
    },
  };
}

/** Spec §6.5: `POST {ANTHROPIC_BASE_URL}/messages` with `x-api-key` and `anthropic-version`. No embeddings. */
export function createAnthropicAdapter(): ProviderAdapter {
  return {
    id: 'anthropic',
    displayName: 'Anthropic',
    defaultModel: 'claude-sonnet-4-20250514',
    defaultEmbeddingModel: null,
    operations: { 'chat.completions': 'chat', messages: 'chat' },
    needsCredential: true,
    models: anthropicModels,
    validate(kind, params) {
      validateCommon(kind, params);
      if (params.temperature !== undefined && params.temperature > 1)
        throw invalidField('body.params.temperature', 'must be between 0 and 1 for anthropic');
      // Runs the conversion once up front, so an unconvertible message is a 400 before any key is fetched.
      if (kind === 'chat') anthropicBody(params, 'validation', false);
    },
    buildRequest({ params, model, stream, apiKey, baseUrl }) {
      return {
        url: `${baseUrl}/messages`,
        headers: {
          'content-type': 'application/json',
          'x-api-key': apiKey ?? '',
          'anthropic-version': ANTHROPIC_VERSION,
        },
        body: anthropicBody(params, model, stream),
      };
    },
    parseResponse: (_kind, body, requestedModel) => parseMessage(body, requestedModel),
    createStreamDecoder: createAnthropicStreamDecoder,
    parseError: errorInfoOf,
  };
}
