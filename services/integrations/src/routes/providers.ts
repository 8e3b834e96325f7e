import { requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { ModelListingService } from '../providers/model-listing.service.js';
import { capabilitiesForPurpose, collectModels } from '../providers/model-aggregate.js';
import {
  allModels,
  allModelsQuery,
  modelList,
  modelsQuery,
  providerList,
  providerParams,
  providerSummary,
} from './providers.schemas.js';

/** Provider and model listings (spec §19.1). Any authenticated principal; they reveal nothing tenant-specific. */
export function registerProviderRoutes(app: ServiceApp, deps: { listing: ModelListingService }): void {
  const { listing } = deps;
  const tags = ['providers'];
  app.get(
    '/api/integrations/providers',
    { schema: { tags, response: { 200: providerList } }, preHandler: requireAuth },
    async () => ({ providers: listing.providers() }),
  );
  app.get(
    '/api/integrations/providers/:provider',
    { schema: { tags, params: providerParams, response: { 200: providerSummary } }, preHandler: requireAuth },
    async (request) => listing.provider(request.params.provider),
  );
  app.get(
    '/api/integrations/providers/:provider/models',
    {
      schema: { tags, params: providerParams, querystring: modelsQuery, response: { 200: modelList } },
      preHandler: requireAuth,
    },
    async (request) => ({ models: await listing.models(request.params.provider, request.query.capability) }),
  );
  app.get(
    '/api/integrations/models',
    { schema: { tags, querystring: allModelsQuery, response: { 200: allModels } }, preHandler: requireAuth },
    async (request) =>
      collectModels(listing, request.query.capability ?? capabilitiesForPurpose(request.query.purpose)),
  );
}
