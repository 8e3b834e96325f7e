import { notFound } from '@symbia/kit/errors';
import type { UpstreamUrls } from '../config.js';
import { providerIds, type ProviderId } from '../gateway/normalized.js';
import { createAnthropicAdapter } from './anthropic.adapter.js';
import { createHuggingFaceAdapter } from './huggingface.adapter.js';
import { createOpenAiAdapter } from './openai.adapter.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { createSymbiaLabsAdapter } from './symbia-labs.adapter.js';

export interface ProviderRegistry {
  get(id: string): ProviderAdapter;
  list(): readonly ProviderAdapter[];
  /** The operator-configured base URL (trusted, spec §16.3). */
  baseUrlOf(id: ProviderId): string;
}

export function createProviderRegistry(deps: {
  upstreams: Readonly<UpstreamUrls>;
  modelsServiceSecret: string | null;
}): ProviderRegistry {
  // Maps, not object literals: a caller-given id such as `constructor` or `__proto__` must find nothing.
  const adapters = new Map<string, ProviderAdapter>([
    ['huggingface', createHuggingFaceAdapter()],
    ['openai', createOpenAiAdapter()],
    ['anthropic', createAnthropicAdapter()],
    ['symbia-labs', createSymbiaLabsAdapter({ serviceSecret: deps.modelsServiceSecret })],
  ]);
  const baseUrls = new Map<ProviderId, string>([
    ['huggingface', deps.upstreams.huggingface],
    ['openai', deps.upstreams.openai],
    ['anthropic', deps.upstreams.anthropic],
    ['symbia-labs', deps.upstreams.models],
  ]);
  const ordered = providerIds.map((id) => adapters.get(id)!);
  return {
    get(id) {
      const adapter = adapters.get(id);
      if (!adapter) throw notFound(`Unknown provider: ${id}`);
      return adapter;
    },
    list: () => ordered,
    baseUrlOf: (id) => baseUrls.get(id)!,
  };
}
