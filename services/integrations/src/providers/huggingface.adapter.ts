import { validateCommon } from '../gateway/chat-params.js';
import { huggingFaceModels } from './model-catalog.js';
import { createOpenAiStreamDecoder, openAiChatBody, parseEmbeddings, parseOpenAiChat } from './openai-wire.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { errorInfoOf } from './upstream-protocol-error.js';

/**
 * Spec §6.6: HuggingFace's OpenAI-compatible inference router, `POST {HUGGINGFACE_BASE_URL}/v1/chat/completions`.
 * `stream_options` is not sent: not every backend behind the router accepts it; usage is read when a chunk has it.
 */
export function createHuggingFaceAdapter(): ProviderAdapter {
  return {
    id: 'huggingface',
    displayName: 'HuggingFace',
    defaultModel: 'meta-llama/Llama-3.2-3B-Instruct',
    defaultEmbeddingModel: 'sentence-transformers/all-MiniLM-L6-v2',
    operations: { 'chat.completions': 'chat', 'text.generation': 'chat', embeddings: 'embeddings' },
    needsCredential: true,
    models: huggingFaceModels,
    validate: validateCommon,
    buildRequest({ kind, params, model, stream, apiKey, baseUrl }) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
      if (kind === 'embeddings')
        return { url: `${baseUrl}/v1/embeddings`, headers, body: { model, input: params.input ?? params.text } };
      return {
        url: `${baseUrl}/v1/chat/completions`,
        headers,
        body: openAiChatBody(params, model, stream, {
          defaultMaxTokens: 256,
          maxTokensField: 'max_tokens',
          sendTemperature: true,
          streamUsage: false,
          plainTextOnly: false,
        }),
      };
    },
    parseResponse: (kind, body, requestedModel) =>
      kind === 'embeddings'
        ? parseEmbeddings(body, 'huggingface', requestedModel)
        : parseOpenAiChat(body, 'huggingface', requestedModel),
    createStreamDecoder: createOpenAiStreamDecoder,
    parseError: errorInfoOf,
  };
}
