import { registerPeerAuth } from '@symbia/auth';
import { createService, type ServiceApp } from '@symbia/kit';
import type { DestinationStream } from 'pino';
import { createArtifactService } from './artifacts/artifact.service.js';
import { createArtifactStore } from './artifacts/artifact.store.js';
import { createCertificationService } from './attestations/certification.service.js';
import { createCertificationStore } from './attestations/certification.store.js';
import { createSignatureService } from './attestations/signature.service.js';
import { createSignatureStore } from './attestations/signature.store.js';
import { bootstrapDefinitions } from './bootstrap/bootstrap-data.js';
import type { BootstrapDefinition } from './bootstrap/bootstrap-definition.js';
import { createBootstrapService } from './bootstrap/bootstrap.service.js';
import { createBootstrapStore } from './bootstrap/bootstrap.store.js';
import type { CatalogConfig } from './config.js';
import type { CatalogDatabase } from './db/db.js';
import { createBulkService } from './resources/bulk.service.js';
import { createResourceService } from './resources/resource.service.js';
import { createResourceStore } from './resources/resource.store.js';
import { createUpsertService } from './resources/upsert.service.js';
import { createRateLimitStore } from './rate-limits/rate-limit.store.js';
import { createRateLimiter } from './rate-limits/rate-limiter.js';
import { registerArtifactRoutes } from './routes/artifacts.js';
import { registerAttestationRoutes } from './routes/attestations.js';
import { registerBootstrapRoutes } from './routes/bootstrap.js';
import { registerDiscoveryRoutes } from './routes/discovery.js';
import { registerDocsAliases } from './routes/docs-aliases.js';
import { registerKindRoutes } from './routes/kind-routes.js';
import { createRateLimitGuards } from './routes/rate-limit-guard.js';
import { registerRateLimitRoutes } from './routes/rate-limits.js';
import { registerResourceRoutes } from './routes/resources.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerVersionRoutes } from './routes/versions.js';
import type { VersionStores } from './versions/append-version.js';
import { createVersionService } from './versions/version.service.js';
import { createVersionStore } from './versions/version.store.js';
import { catalogSchemas } from './routes/named-schemas.js';

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
    description:
      'Versioned registry of components, graphs, assistants, contexts and integrations, with the bootstrap set other services load.',
    endpoints: {
      resources: '/api/resources',
      versions: '/api/resources/:id/versions',
      graphs: '/api/graphs',
      contexts: '/api/contexts',
      artifacts: '/api/resources/:id/artifacts',
      signatures: '/api/resources/:id/signatures',
      certifications: '/api/resources/:id/certifications',
      bootstrap: '/api/bootstrap',
      bootstrapSummary: '/api/bootstrap/summary',
      search: '/api/search',
      tags: '/api/tags',
      stats: '/api/stats',
      rateLimits: '/api/rate-limits',
      namespace: '/symbia-namespace',
    },
    authentication: [
      'Bearer token (EdDSA JWT from identity, verified against its JWKS)',
      'Service token (identity POST /api/auth/service-token)',
      'Identity API key (X-API-Key: sk_…, introspected at identity)',
    ],
    readinessChecks: { database: () => database.ping() },
    logDestination: deps.logDestination,
    schemaRegistry: catalogSchemas,
  });
  app.addHook('onClose', () => database.close());

  // Stores
  const db = database.db;
  const resourceStore = createResourceStore(db);
  const versionStore = createVersionStore(db);
  const inTransaction = <T>(fn: (stores: VersionStores) => Promise<T>) =>
    db.transaction((tx) => fn({ resources: createResourceStore(tx), versions: createVersionStore(tx) }));

  // Services
  const resources = createResourceService({ store: resourceStore, transaction: inTransaction });
  const versions = createVersionService({ resources, versions: versionStore, transaction: inTransaction });
  const artifacts = createArtifactService({
    store: createArtifactStore(db),
    resources,
    versions: versionStore,
    maxBytes: settings.artifactMaxBytes,
  });
  const signatures = createSignatureService({ store: createSignatureStore(db), resources, versions: versionStore });
  const certifications = createCertificationService({
    store: createCertificationStore(db),
    resources,
    versions: versionStore,
  });
  const limiter = createRateLimiter({ store: createRateLimitStore(db), settings: settings.rateLimits });
  const bootstrap = createBootstrapService({
    definitions: deps.bootstrapDefinitions ?? bootstrapDefinitions,
    resources: resourceStore,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          resources: createResourceStore(tx),
          versions: createVersionStore(tx),
          bootstrap: createBootstrapStore(tx),
        }),
      ),
  });

  // Routes: tokens are verified locally against identity's JWKS (DESIGN §6); no header grants anything.
  // API keys are resolved by identity's introspection, asked as this service (a service JWT), never trusted locally.
  await registerPeerAuth(app, { serviceId: 'catalog', ...settings, apiKeyScopeDomain: 'catalog' });
  const limits = createRateLimitGuards(limiter);
  registerResourceRoutes(app, {
    resources,
    bulk: createBulkService({ resources, versions }),
    upserts: createUpsertService({ transaction: inTransaction }),
    limits,
  });
  registerVersionRoutes(app, { versions, limits });
  registerArtifactRoutes(app, { artifacts, maxBytes: settings.artifactMaxBytes, limits });
  registerAttestationRoutes(app, { signatures, certifications, limits });
  registerKindRoutes(
    app,
    { resources, limits },
    { type: 'graph', path: '/api/graphs', label: 'Graph', orgRequired: true },
  );
  registerKindRoutes(
    app,
    { resources, limits },
    { type: 'context', path: '/api/contexts', label: 'Context', orgRequired: false },
  );
  // Public bootstrap, docs and config routes are not rate limited (catalog.md §7).
  registerBootstrapRoutes(app, { bootstrap });
  registerDiscoveryRoutes(app, { resources, version: config.version, limits });
  registerSessionRoutes(app, { identityUrl: settings.identityUrl, limits });
  registerRateLimitRoutes(app, { settings: settings.rateLimits });
  registerDocsAliases(app);

  const report = await bootstrap.load();
  app.log.info(
    {
      inserted: report.inserted.length,
      updated: report.updated.length,
      unchanged: report.unchanged,
      skipped: report.skipped.length,
    },
    'bootstrap data loaded',
  );
  return app;
}
