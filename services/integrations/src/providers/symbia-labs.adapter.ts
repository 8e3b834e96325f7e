import { invalidField } from '../gateway/gateway-error.js';
import { validateCommon } from '../gateway/chat-params.js';
import { createOpenAiStreamDecoder, openAiChatBody, parseOpenAiChat } from './openai-wire.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { errorInfoOf } from './upstream-protocol-error.js';

/**
 * Spec §6.7 / models.md §8: the local models service speaks OpenAI chat completions (streaming included) but has
 * no tools, no images and no embeddings, so those are refused here with a 400 instead of a confusing upstream error.
 */
export function createSymbiaLabsAdapter(options: { serviceSecret: string | null }): ProviderAdapter {
  return {
    id: 'symbia-labs',
    displayName: 'Symbia Labs (local models)',
    // No default: which GGUF files exist is local to each installation, so the caller names one.
    defaultModel: '',
    defaultEmbeddingModel: null,
    operations: { 'chat.completions': 'chat' },
    needsCredential: false,
    models: [],
    validate(kind, params) {
      validateCommon(kind, params);
      if (params.tools !== undefined)
        throw invalidField('body.params.tools', 'is not supported by the local models service');
      params.messages?.forEach((message, index) => {
        if (message.role === 'tool' || message.tool_calls)
          throw invalidField(
            `body.params.messages.${index}`,
            'tool messages are not supported by the local models service',
          );
        if (Array.isArray(message.content) && message.content.some((p) => p.type !== 'text')) {
          throw invalidField(
            `body.params.messages.${index}.content`,
            'images are not supported by the local models service',
          );
        }
      });
    },
    buildRequest({ params, model, stream, baseUrl }) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.serviceSecret) headers['x-service-auth'] = options.serviceSecret;
      return {
        url: `${baseUrl}/v1/chat/completions`,
        headers,
        body: openAiChatBody(params, model, stream, {
          defaultMaxTokens: 1024,
          maxTokensField: 'max_tokens',
          sendTemperature: true,
          streamUsage: false,
          plainTextOnly: true,
        }),
      };
    },
    parseResponse: (_kind, body, requestedModel) =>
      parseOpenAiChat(body, 'symbia-labs', requestedModel, { local: true }),
    createStreamDecoder: createOpenAiStreamDecoder,
    parseError: errorInfoOf,
  };
}
