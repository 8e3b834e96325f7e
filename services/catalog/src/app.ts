import { authPlugin, createApiKeyIntrospector, createJwtVerifier, createServiceTokenClient } from '@symbia/auth';
import { createService, type ServiceApp } from '@symbia/kit';
import type { DestinationStream } from 'pino';
import { createArtifactService } from './artifacts/artifact.service.js';
import { createArtifactStore } from './artifacts/artifact.store.js';
import { bootstrapDefinitions } from './bootstrap/bootstrap-data.js';
import type { BootstrapDefinition } from './bootstrap/bootstrap-definition.js';
import { createBootstrapService } from './bootstrap/bootstrap.service.js';
import { createBootstrapStore } from './bootstrap/bootstrap.store.js';
import type { CatalogConfig } from './config.js';
import type { CatalogDatabase } from './db/db.js';
import { createBulkService } from './resources/bulk.service.js';
import { createResourceService } from './resources/resource.service.js';
import { createResourceStore } from './resources/resource.store.js';
import { registerArtifactRoutes } from './routes/artifacts.js';
import { registerBootstrapRoutes } from './routes/bootstrap.js';
import { registerDiscoveryRoutes } from './routes/discovery.js';
import { registerKindRoutes } from './routes/kind-routes.js';
import { registerResourceRoutes } from './routes/resources.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerVersionRoutes } from './routes/versions.js';
import { createVersionService } from './versions/version.service.js';
import { createVersionStore } from './versions/version.store.js';

export interface CatalogAppDeps {
  config: CatalogConfig;
  /** Migrated already (main.ts / the test helper run the migrations). */
  database: CatalogDatabase;
  logDestination?: DestinationStream;
  /** Tests replace the bootstrap set to exercise changed definitions; production uses the built-in one. */
  bootstrapDefinitions?: readonly BootstrapDefinition[];
}

export async function buildApp(deps: CatalogAppDeps): Promise<ServiceApp> {
  const { config, database } = deps;
  const settings = config.catalog;
  const app = await createService({
    config,
    description: 'Versioned registry of components, graphs, assistants, contexts and integrations, with the bootstrap set other services load.',
    endpoints: { resources: '/api/resources', versions: '/api/resources/:id/versions', graphs: '/api/graphs', contexts: '/api/contexts', artifacts: '/api/resources/:id/artifacts', bootstrap: '/api/bootstrap', search: '/api/search', tags: '/api/tags', stats: '/api/stats', namespace: '/symbia-namespace' },
    authentication: ['Bearer token (EdDSA JWT from identity, verified against its JWKS)', 'Service token (identity POST /api/auth/service-token)'],
    readinessChecks: { database: () => database.ping() },
    logDestination: deps.logDestination,
  });
  app.addHook('onClose', () => database.close());

  // Stores
  const db = database.db;
  const resourceStore = createResourceStore(db);
  const versionStore = createVersionStore(db);

  // Services
  const resources = createResourceService({ store: resourceStore, transaction: (fn) => db.transaction((tx) => fn(createResourceStore(tx))) });
  const versions = createVersionService({
    resources, versions: versionStore,
    transaction: (fn) => db.transaction((tx) => fn({ resources: createResourceStore(tx), versions: createVersionStore(tx) })),
  });
  const artifacts = createArtifactService({ store: createArtifactStore(db), resources, maxBytes: settings.artifactMaxBytes });
  const bootstrap = createBootstrapService({
    definitions: deps.bootstrapDefinitions ?? bootstrapDefinitions,
    resources: resourceStore,
    transaction: (fn) => db.transaction((tx) => fn({ resources: createResourceStore(tx), versions: createVersionStore(tx), bootstrap: createBootstrapStore(tx) })),
  });

  // Routes: tokens are verified locally against identity's JWKS (DESIGN §6); no header grants anything.
  const verifier = createJwtVerifier({
    jwksUrl: `${settings.identityUrl}/.well-known/jwks.json`, issuer: settings.issuer, audience: settings.audience, logger: app.log,
  });
  // API keys are resolved by identity's introspection, asked as this service (a service JWT), never trusted locally.
  const secret = settings.internalServiceSecret;
  const serviceTokens = secret ? createServiceTokenClient({ identityUrl: settings.identityUrl, serviceId: 'catalog', secret, logger: app.log }) : null;
  const apiKeys = serviceTokens
    ? createApiKeyIntrospector({ identityUrl: settings.identityUrl, getServiceToken: serviceTokens.getToken, invalidateServiceToken: serviceTokens.invalidate, logger: app.log })
    : undefined;
  await app.register(authPlugin, { verifier, apiKeys });
  registerResourceRoutes(app, { resources, bulk: createBulkService({ resources, versions }) });
  registerVersionRoutes(app, { versions });
  registerArtifactRoutes(app, { artifacts, maxBytes: settings.artifactMaxBytes });
  registerKindRoutes(app, { resources }, { type: 'graph', path: '/api/graphs', label: 'Graph', orgRequired: true });
  registerKindRoutes(app, { resources }, { type: 'context', path: '/api/contexts', label: 'Context', orgRequired: false });
  registerBootstrapRoutes(app, { bootstrap });
  registerDiscoveryRoutes(app, { resources, version: config.version });
  registerSessionRoutes(app, { identityUrl: settings.identityUrl });

  const report = await bootstrap.load();
  app.log.info({ inserted: report.inserted.length, updated: report.updated.length, unchanged: report.unchanged, skipped: report.skipped.length }, 'bootstrap data loaded');
  return app;
}
