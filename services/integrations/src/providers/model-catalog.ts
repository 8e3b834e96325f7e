/** Spec §6.8 ModelConfig. Prices are USD per million tokens. */
export type ModelCapability = 'chat' | 'completion' | 'embedding' | 'vision' | 'function_calling' | 'reasoning';

export interface ModelInfo {
  id: string;
  name: string;
  description?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities: ModelCapability[];
  inputPricing?: number;
  outputPricing?: number;
  deprecated?: boolean;
}

const chat = (id: string, contextWindow: number, extra: Partial<ModelInfo> = {}): ModelInfo => ({
  id,
  name: id.split('/').pop() ?? id,
  contextWindow,
  capabilities: ['chat'],
  ...extra,
});
const embedding = (id: string, contextWindow: number, extra: Partial<ModelInfo> = {}): ModelInfo => ({
  id,
  name: id.split('/').pop() ?? id,
  contextWindow,
  capabilities: ['embedding'],
  ...extra,
});

export const openAiModels: readonly ModelInfo[] = Object.freeze([
  chat('gpt-4o', 128_000, {
    maxOutputTokens: 16_384,
    capabilities: ['chat', 'vision', 'function_calling'],
    inputPricing: 2.5,
    outputPricing: 10,
  }),
  chat('gpt-4o-mini', 128_000, {
    maxOutputTokens: 16_384,
    capabilities: ['chat', 'vision', 'function_calling'],
    inputPricing: 0.15,
    outputPricing: 0.6,
  }),
  chat('o4-mini', 200_000, {
    maxOutputTokens: 100_000,
    capabilities: ['chat', 'reasoning', 'function_calling'],
    inputPricing: 1.1,
    outputPricing: 4.4,
  }),
  chat('o3', 200_000, {
    maxOutputTokens: 100_000,
    capabilities: ['chat', 'reasoning', 'function_calling'],
    inputPricing: 2,
    outputPricing: 8,
  }),
  chat('o1', 200_000, {
    maxOutputTokens: 100_000,
    capabilities: ['chat', 'reasoning', 'function_calling'],
    inputPricing: 15,
    outputPricing: 60,
  }),
  embedding('text-embedding-3-small', 8_191, { inputPricing: 0.02 }),
  embedding('text-embedding-3-large', 8_191, { inputPricing: 0.13 }),
]);

export const anthropicModels: readonly ModelInfo[] = Object.freeze([
  chat('claude-opus-4-20250514', 200_000, {
    maxOutputTokens: 32_000,
    capabilities: ['chat', 'vision', 'function_calling', 'reasoning'],
    inputPricing: 15,
    outputPricing: 75,
  }),
  chat('claude-sonnet-4-20250514', 200_000, {
    maxOutputTokens: 64_000,
    capabilities: ['chat', 'vision', 'function_calling', 'reasoning'],
    inputPricing: 3,
    outputPricing: 15,
  }),
  chat('claude-3-5-sonnet-20241022', 200_000, {
    maxOutputTokens: 8_192,
    capabilities: ['chat', 'vision', 'function_calling'],
    inputPricing: 3,
    outputPricing: 15,
  }),
  chat('claude-3-5-haiku-20241022', 200_000, {
    maxOutputTokens: 8_192,
    capabilities: ['chat', 'function_calling'],
    inputPricing: 0.8,
    outputPricing: 4,
  }),
  chat('claude-3-opus-20240229', 200_000, {
    maxOutputTokens: 4_096,
    capabilities: ['chat', 'vision', 'function_calling'],
    inputPricing: 15,
    outputPricing: 75,
  }),
  chat('claude-3-haiku-20240307', 200_000, {
    maxOutputTokens: 4_096,
    capabilities: ['chat', 'vision'],
    inputPricing: 0.25,
    outputPricing: 1.25,
    deprecated: true,
  }),
]);

export const huggingFaceModels: readonly ModelInfo[] = Object.freeze([
  chat('meta-llama/Llama-3.2-3B-Instruct', 131_072, { capabilities: ['chat', 'function_calling'] }),
  chat('meta-llama/Llama-3.2-1B-Instruct', 131_072),
  chat('meta-llama/Llama-3.1-8B-Instruct', 131_072, { capabilities: ['chat', 'function_calling'] }),
  chat('meta-llama/Llama-3.3-70B-Instruct', 131_072, { capabilities: ['chat', 'function_calling'] }),
  chat('mistralai/Mistral-7B-Instruct-v0.3', 32_768),
  chat('mistralai/Mistral-Nemo-Instruct-2407', 128_000),
  chat('microsoft/Phi-3.5-mini-instruct', 128_000),
  chat('Qwen/Qwen2.5-7B-Instruct', 32_768, { capabilities: ['chat', 'function_calling'] }),
  chat('Qwen/Qwen2.5-72B-Instruct', 32_768, { capabilities: ['chat', 'function_calling'] }),
  chat('Qwen/Qwen2.5-Coder-32B-Instruct', 32_768),
  chat('deepseek-ai/DeepSeek-V3', 128_000),
  embedding('sentence-transformers/all-MiniLM-L6-v2', 512),
  embedding('BAAI/bge-large-en-v1.5', 512),
  embedding('BAAI/bge-m3', 8_192),
  embedding('intfloat/multilingual-e5-large-instruct', 512),
]);
