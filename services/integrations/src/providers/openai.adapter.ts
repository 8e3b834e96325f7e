import { validateCommon } from '../gateway/chat-params.js';
import { openAiModels } from './model-catalog.js';
import { createOpenAiStreamDecoder, openAiChatBody, parseEmbeddings, parseOpenAiChat } from './openai-wire.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { errorInfoOf } from './upstream-protocol-error.js';

/** o-series and gpt-5 reasoning models take `max_completion_tokens` and only the default temperature. */
const isReasoningModel = (model: string) => /^(o\d|gpt-5)/.test(model);

/** Spec §6.4: `POST {OPENAI_BASE_URL}/chat/completions` and `/embeddings`, Bearer key. */
export function createOpenAiAdapter(): ProviderAdapter {
  return {
    id: 'openai',
    displayName: 'OpenAI',
    defaultModel: 'gpt-4o-mini',
    defaultEmbeddingModel: 'text-embedding-3-small',
    operations: { 'chat.completions': 'chat', embeddings: 'embeddings' },
    needsCredential: true,
    models: openAiModels,
    validate: validateCommon,
    buildRequest({ kind, params, model, stream, apiKey, baseUrl }) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
      if (kind === 'embeddings')
        return { url: `${baseUrl}/embeddings`, headers, body: { model, input: params.input ?? params.text } };
      const reasoning = isReasoningModel(model);
      return {
        url: `${baseUrl}/chat/completions`,
        headers,
        body: openAiChatBody(params, model, stream, {
          defaultMaxTokens: 1024,
          maxTokensField: reasoning ? 'max_completion_tokens' : 'max_tokens',
          sendTemperature: !reasoning,
          streamUsage: true,
          plainTextOnly: false,
        }),
      };
    },
    parseResponse: (kind, body, requestedModel) =>
      kind === 'embeddings'
        ? parseEmbeddings(body, 'openai', requestedModel)
        : parseOpenAiChat(body, 'openai', requestedModel),
    createStreamDecoder: createOpenAiStreamDecoder,
    parseError: errorInfoOf,
  };
}
