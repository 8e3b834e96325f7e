import { createSchemaRegistry } from '@symbia/kit';
import { chatResponse, embeddingResponse, usageSchema } from './execute.schemas.js';
import { modelInfo, providerSummary } from './providers.schemas.js';

/**
 * Integrations' named schemas: each is one entry of openapi.json's `components.schemas`, referred to by every route
 * that answers with it, so generated clients get one `ChatResponse` type rather than one per route.
 */
export const integrationsSchemas = createSchemaRegistry();
integrationsSchemas.add(providerSummary, { id: 'ProviderSummary' });
integrationsSchemas.add(modelInfo, { id: 'ModelInfo' });
integrationsSchemas.add(usageSchema, { id: 'Usage' });
integrationsSchemas.add(chatResponse, { id: 'ChatResponse' });
integrationsSchemas.add(embeddingResponse, { id: 'EmbeddingResponse' });
