import type { ProviderId } from '../gateway/normalized.js';
import type { ModelInfo } from './model-catalog.js';
import type { ModelListingService } from './model-listing.service.js';

export function capabilitiesForPurpose(purpose: string | undefined): string[] | undefined {
  switch (purpose) {
    case 'chat':
    case 'llm':
      return ['chat', 'reasoning'];
    case 'embedding':
    case 'embeddings':
      return ['embedding'];
    case 'vision':
      return ['vision'];
    default:
      return undefined;
  }
}

/** Every provider's models matching any of `capabilities`; a provider that cannot list (local service down) is named, not fatal. */
export async function collectModels(listing: ModelListingService, capabilities: readonly string[] | undefined) {
  const models: Record<string, (ModelInfo & { provider: ProviderId })[]> = {};
  const unavailable: ProviderId[] = [];
  for (const provider of listing.providers()) {
    try {
      const list = (await listing.models(provider.id, capabilities)).map((m) => ({ ...m, provider: provider.id }));
      if (list.length > 0) models[provider.id] = list;
    } catch {
      unavailable.push(provider.id);
    }
  }
  return { models, all: Object.values(models).flat(), unavailable };
}
