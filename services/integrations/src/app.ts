import { registerPeerAuth } from '@symbia/auth';
import { createOutboundPolicy, createService, type ServiceApp } from '@symbia/kit';
import type { DestinationStream } from 'pino';
import type { IntegrationsConfig } from './config.js';
import { createPlatformKeySource } from './credentials/platform-keys.js';
import { createVaultClient } from './credentials/vault-client.js';
import { createVaultKeySource } from './credentials/vault-keys.js';
import type { IntegrationsDatabase } from './db/db.js';
import { createCircuitBreaker } from './gateway/circuit-breaker.js';
import { createGatewayService } from './gateway/gateway.service.js';
import { createGuardedTransport, createPooledTransport, type Transport } from './net/http-transport.js';
import { createModelListingService } from './providers/model-listing.service.js';
import { createProviderRegistry } from './providers/provider-registry.js';
import { createRateLimiter } from './ratelimit/org-rate-limiter.js';
import { createRateWindowStore } from './ratelimit/rate-window.store.js';
import { registerExecuteRoutes } from './routes/execute.js';
import { registerProviderRoutes } from './routes/providers.js';
import { createGenAiMetrics } from './usage/genai-metrics.js';
import { createUsageRecorder } from './usage/usage-recorder.js';
import { createUsageStore } from './usage/usage.store.js';
import { integrationsSchemas } from './routes/named-schemas.js';

export interface IntegrationsAppDeps {
  config: IntegrationsConfig;
  /** Migrated already (main.ts / the test helper run the migrations). */
  database: IntegrationsDatabase;
  logDestination?: DestinationStream;
  /** How trusted upstreams are reached; a pooled undici client unless a test wraps it. */
  transport?: Transport;
}

/**
 * The header set integrations.md §16.1 names for every response, in every environment: the kit's baseline plus
 * `X-XSS-Protection`, its own `Referrer-Policy` value, and HSTS outside production too (browsers ignore HSTS on
 * plain-HTTP origins, so local use is unaffected).
 */
const contractResponseHeaders = {
  'x-xss-protection': '1; mode=block',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export async function buildApp(deps: IntegrationsAppDeps): Promise<ServiceApp> {
  const { config, database } = deps;
  const settings = config.integrations;
  const app = await createService({
    config,
    description:
      'LLM gateway: one normalized, streaming API over HuggingFace, OpenAI, Anthropic and the local models service, with keys from the identity vault.',
    endpoints: {
      execute: '/api/integrations/execute',
      internalExecute: '/api/internal/execute',
      providers: '/api/integrations/providers',
      models: '/api/integrations/models',
    },
    authentication: [
      'Bearer token (EdDSA JWT from identity, verified against its JWKS)',
      'Service token (identity POST /api/auth/service-token) for /api/internal/*',
    ],
    readinessChecks: { database: () => database.ping() },
    logDestination: deps.logDestination,
    schemaRegistry: integrationsSchemas,
    responseHeaders: contractResponseHeaders,
  });

  // Stores
  const db = database.db;
  const usageStore = createUsageStore(db);
  const rateWindows = createRateWindowStore(db);

  // Services
  const metrics = createGenAiMetrics(app.metricsRegistry);
  const recorder = createUsageRecorder({ store: usageStore, metrics, log: app.log });
  const registry = createProviderRegistry({
    upstreams: settings.upstreams,
    modelsServiceSecret: settings.modelsServiceSecret,
  });
  const breaker = createCircuitBreaker({
    threshold: settings.breakerThreshold,
    openMs: settings.breakerOpenMs,
    onStateChange: (key, from, to) => {
      const provider = key.split(':')[0]!;
      metrics.breakerChange(provider, from, to);
      app.log.warn(
        { provider, circuit: key.slice(provider.length + 1).replace(/^cred:/, 'credential '), from, to },
        'circuit breaker state changed',
      );
    },
  });
  // One keep-alive pool per upstream origin, shared by every call (closed on shutdown).
  const pooled = deps.transport ? null : createPooledTransport();
  const gateway = createGatewayService({
    registry,
    breaker,
    metrics,
    recorder,
    limiter: createRateLimiter({
      store: rateWindows,
      windowMs: settings.rateLimitWindowMs,
      onPruneError: (err) => app.log.warn({ err }, 'could not prune rate windows'),
    }),
    limits: { org: settings.rateLimitOrg, service: settings.rateLimitService },
    trustedTransport: deps.transport ?? pooled!.transport,
    guardedTransport: createGuardedTransport(createOutboundPolicy(settings.allowedPrivateHosts)),
    timeoutMs: settings.requestTimeoutMs,
    retry: { maxRetries: settings.maxRetries, baseMs: settings.retryBaseMs, maxDelayMs: settings.retryMaxDelayMs },
    modelsUrl: settings.upstreams.models,
  });
  const listing = createModelListingService({
    registry,
    modelsUrl: settings.upstreams.models,
    modelsServiceSecret: settings.modelsServiceSecret,
  });
  // Pending execution-log writes finish before the pool closes.
  app.addHook('onClose', async () => {
    await recorder.drain();
    await pooled?.close();
    await database.close();
  });

  // Routes: tokens verified locally against identity's JWKS (DESIGN §6); API keys introspected as this service.
  const { serviceTokens } = await registerPeerAuth(app, {
    serviceId: 'integrations',
    ...settings,
    apiKeyScopeDomain: 'integrations',
  });
  await registerExecuteRoutes(app, {
    gateway,
    bodyLimit: settings.executeBodyLimitBytes,
    vaultKeys: createVaultKeySource(createVaultClient({ identityUrl: settings.identityUrl, tokens: serviceTokens })),
    platformKeys: createPlatformKeySource(settings.platformKeys),
  });
  registerProviderRoutes(app, { listing });
  return app;
}
