import { GatewayError } from '../gateway/gateway-error.js';
import type { OperationName, ProviderId } from '../gateway/normalized.js';
import { IntegrationsErrorCodes } from '../errors.js';
import type { ModelCapability, ModelInfo } from './model-catalog.js';
import type { ProviderRegistry } from './provider-registry.js';
import { isRecord } from './upstream-protocol-error.js';

export interface ProviderSummary {
  id: ProviderId;
  name: string;
  defaultModel: string | null;
  defaultEmbeddingModel: string | null;
  operations: OperationName[];
  streaming: boolean;
  needsCredential: boolean;
  /** Public API base for cloud providers; null for the local models service (an internal address). */
  baseUrl: string | null;
}

export interface ModelListingService {
  providers(): ProviderSummary[];
  provider(id: string): ProviderSummary;
  /** Static lists for cloud providers (no caller key, so nothing per-credential is cached, W17); live for symbia-labs. */
  models(id: string, capabilities?: readonly string[]): Promise<ModelInfo[]>;
}

const KNOWN_CAPABILITIES = new Set<ModelCapability>([
  'chat',
  'completion',
  'embedding',
  'vision',
  'function_calling',
  'reasoning',
]);
const LIST_TIMEOUT_MS = 10_000;

/** models.md §8.2 → ModelConfig (integrations.md §6.7). */
function localModel(item: Record<string, unknown>): ModelInfo | null {
  if (typeof item.id !== 'string') return null;
  const caps = Array.isArray(item.capabilities)
    ? item.capabilities.filter((c): c is ModelCapability => KNOWN_CAPABILITIES.has(c as ModelCapability))
    : [];
  const context =
    typeof item.context_length === 'number'
      ? item.context_length
      : typeof item.contextLength === 'number'
        ? item.contextLength
        : undefined;
  const memory = typeof item.memoryUsageMB === 'number' ? ` (${item.memoryUsageMB}MB)` : '';
  return {
    id: item.id,
    name: typeof item.name === 'string' ? item.name : item.id,
    description: `Local GGUF model${memory}`,
    ...(context !== undefined && { contextWindow: context }),
    capabilities: caps.length > 0 ? caps : ['chat'],
    inputPricing: 0,
    outputPricing: 0,
  };
}

export function createModelListingService(deps: {
  registry: ProviderRegistry;
  modelsUrl: string;
  modelsServiceSecret: string | null;
}): ModelListingService {
  const { registry } = deps;
  const summary = (id: ProviderId): ProviderSummary => {
    const adapter = registry.get(id);
    return {
      id,
      name: adapter.displayName,
      defaultModel: adapter.defaultModel || null,
      defaultEmbeddingModel: adapter.defaultEmbeddingModel,
      operations: Object.keys(adapter.operations) as OperationName[],
      streaming: true,
      needsCredential: adapter.needsCredential,
      baseUrl: id === 'symbia-labs' ? null : registry.baseUrlOf(id),
    };
  };

  const localModels = async (): Promise<ModelInfo[]> => {
    const notRunning = new GatewayError(
      503,
      IntegrationsErrorCodes.providerUnavailable,
      `symbia-labs is not available: the local models service at ${deps.modelsUrl} is not running or not reachable (MODELS_SERVICE_URL)`,
      {
        category: 'network',
        retryable: true,
        provider: 'symbia-labs',
      },
    );
    let res: Response;
    try {
      res = await fetch(`${deps.modelsUrl}/v1/models`, {
        headers: {
          accept: 'application/json',
          ...(deps.modelsServiceSecret && { 'x-service-auth': deps.modelsServiceSecret }),
        },
        signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
      });
    } catch {
      throw notRunning;
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok || !isRecord(body) || !Array.isArray(body.data)) throw notRunning;
    return body.data
      .filter(isRecord)
      .map(localModel)
      .filter((m): m is ModelInfo => m !== null);
  };

  return {
    providers: () => registry.list().map((a) => summary(a.id)),
    provider: (id) => summary(registry.get(id).id),
    async models(id, capabilities) {
      const adapter = registry.get(id);
      const all = adapter.id === 'symbia-labs' ? await localModels() : [...adapter.models];
      if (!capabilities?.length) return all;
      return all.filter((m) => capabilities.some((c) => m.capabilities.includes(c as ModelCapability)));
    },
  };
}
