import type { BootstrapDefinition } from './bootstrap-definition.js';

interface Model {
  id: string;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: string[];
}

interface Provider {
  provider: string;
  name: string;
  description: string;
  baseUrl: string;
  authType: 'bearer' | 'api-key' | 'none';
  authHeader?: string;
  defaultModel: string;
  models: Model[];
}

const chat = ['chat', 'streaming'];
const model = (
  id: string,
  displayName: string,
  contextWindow: number,
  maxOutputTokens: number,
  capabilities = chat,
): Model => ({ id, displayName, contextWindow, maxOutputTokens, capabilities });

/** DESIGN §7: huggingface with meta-llama/Llama-3.2-3B-Instruct is the platform default. */
const providers: Provider[] = [
  {
    provider: 'huggingface',
    name: 'HuggingFace',
    description: "HuggingFace's OpenAI-compatible inference router.",
    baseUrl: 'https://router.huggingface.co/v1',
    authType: 'bearer',
    defaultModel: 'meta-llama/Llama-3.2-3B-Instruct',
    models: [
      model('meta-llama/Llama-3.2-3B-Instruct', 'Llama 3.2 3B Instruct', 131072, 4096),
      model('meta-llama/Llama-3.3-70B-Instruct', 'Llama 3.3 70B Instruct', 131072, 4096),
      model('mistralai/Mistral-7B-Instruct-v0.3', 'Mistral 7B Instruct v0.3', 32768, 4096),
      model('Qwen/Qwen2.5-72B-Instruct', 'Qwen2.5 72B Instruct', 131072, 8192),
    ],
  },
  {
    provider: 'openai',
    name: 'OpenAI',
    description: 'OpenAI chat completions and embeddings.',
    baseUrl: 'https://api.openai.com/v1',
    authType: 'bearer',
    defaultModel: 'gpt-4o-mini',
    models: [
      model('gpt-4o', 'GPT-4o', 128000, 16384, [...chat, 'vision', 'tools']),
      model('gpt-4o-mini', 'GPT-4o mini', 128000, 16384, [...chat, 'vision', 'tools']),
      model('text-embedding-3-small', 'text-embedding-3-small', 8191, 0, ['embeddings']),
    ],
  },
  {
    provider: 'anthropic',
    name: 'Anthropic',
    description: 'Anthropic Messages API.',
    baseUrl: 'https://api.anthropic.com/v1',
    authType: 'api-key',
    authHeader: 'x-api-key',
    defaultModel: 'claude-sonnet-4-20250514',
    models: [
      model('claude-sonnet-4-20250514', 'Claude Sonnet 4', 200000, 64000, [...chat, 'vision', 'tools']),
      model('claude-3-5-haiku-20241022', 'Claude 3.5 Haiku', 200000, 8192, [...chat, 'tools']),
    ],
  },
  {
    provider: 'symbia-labs',
    name: 'Symbia Labs (local)',
    description: "Local GGUF inference through the models service's OpenAI-compatible API.",
    baseUrl: 'http://localhost:5008/v1',
    authType: 'none',
    defaultModel: 'llama-3.2-1b-instruct-q4',
    models: [model('llama-3.2-1b-instruct-q4', 'Llama 3.2 1B Instruct (Q4, local)', 8192, 2048)],
  },
];

const slugOf = (modelId: string) =>
  modelId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const tags = (p: string, kind: string) => ['pack:Core', 'category:integrations', `provider:${p}`, kind];

/** Provider configs and their models (catalog.md §4 `integration` metadata conventions). */
export const integrationDefinitions: BootstrapDefinition[] = providers.flatMap((p) => [
  {
    id: `int-${p.provider}-config`,
    key: `integrations/ai/${p.provider}/config`,
    name: p.name,
    description: p.description,
    type: 'integration' as const,
    tags: tags(p.provider, 'provider'),
    metadata: {
      provider: p.provider,
      baseUrl: p.baseUrl,
      authType: p.authType,
      ...(p.authHeader && { authHeader: p.authHeader }),
      defaultModel: p.defaultModel,
      endpoints: p.provider === 'anthropic' ? { chat: '/messages' } : { chat: '/chat/completions', models: '/models' },
      supportedOperations: ['chat', 'stream'],
      rateLimits: { requestsPerMinute: 60, tokensPerMinute: 100000 },
    },
  },
  ...p.models.map((m) => ({
    id: `int-${p.provider}-${slugOf(m.id)}`,
    key: `integrations/ai/${p.provider}/models/${m.id}`,
    name: m.displayName,
    description: `${m.displayName} via ${p.name}.`,
    type: 'integration' as const,
    tags: tags(p.provider, 'model'),
    metadata: {
      provider: p.provider,
      modelId: m.id,
      displayName: m.displayName,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      supportedOperations: m.capabilities.includes('embeddings') ? ['embed'] : ['chat', 'stream'],
      capabilities: m.capabilities,
      isDefault: m.id === p.defaultModel,
    },
  })),
]);
