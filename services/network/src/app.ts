import { createCredentialAuthenticator, registerPeerAuth } from '@symbia/auth';
import { createService, type ServiceApp } from '@symbia/kit';
import { createEnvelopeSigner } from '@symbia/relay';
import type { DestinationStream } from 'pino';
import type { Server } from 'socket.io';
import { createEntityOwnership } from './access/entity-ownership.js';
import type { NetworkConfig } from './config.js';
import { createHttpDeliverer } from './delivery/http-deliverer.js';
import { createLocalDeliverer } from './delivery/local-deliverer.js';
import { createNetworkFabric, type EventDeliverer, type NetworkFabric } from './domain/index.js';
import { connectNetworkCluster } from './cluster/index.js';
import { registerNetworkMetrics } from './metrics/network-metrics.js';
import { createPlatformHealth } from './platform/platform-health.js';
import { attachSocketServer } from './realtime/socket-server.js';
import { createWatchSubscriptions, type WatchSubscriptions } from './realtime/watch-subscriptions.js';
import { networkBootstrapExtra } from './routes/bootstrap.js';
import { networkSchemas } from './routes/named-schemas.js';
import { registerNetworkRoutes } from './routes/network-routes.js';
import { registerPlatformRoutes } from './routes/platform.js';
import { startSweepTimer } from './sweep-timer.js';

export interface NetworkAppDeps {
  config: NetworkConfig;
  logDestination?: DestinationStream;
}

export type NetworkApp = ServiceApp & { network?: { fabric: NetworkFabric; io: Server; watches: WatchSubscriptions } };

export async function buildApp(deps: NetworkAppDeps): Promise<ServiceApp> {
  const { config } = deps;
  const settings = config.network;
  const app = await createService({
    config,
    description:
      'Software-defined event fabric: node registry, contracts, policies, signed event routing over Socket.IO and HTTP, and SoftSDN observability.',
    endpoints: {
      registry: '/api/registry',
      events: '/api/events',
      policies: '/api/policies',
      sdn: '/api/sdn',
      websocket: '/',
    },
    authentication: [
      'Bearer token (EdDSA JWT from identity, verified against its JWKS)',
      'X-API-Key (introspected by identity)',
      'Socket.IO handshake auth.token / auth.apiKey',
    ],
    bootstrapExtra: networkBootstrapExtra,
    logDestination: deps.logDestination,
    schemaRegistry: networkSchemas,
  });
  if (settings.hashSecretGenerated)
    app.log.warn(
      'NETWORK_HASH_SECRET is not set: events are signed with a random key of this process, which receivers cannot verify',
    );

  const { serviceTokens, verifier, apiKeys, feed } = await registerPeerAuth(app, {
    serviceId: 'network',
    ...settings,
    apiKeyScopeDomain: 'network',
  });

  // Domain: one fabric, delivering through this process's sockets or over HTTP (network.md §8).
  let io: Server | null = null;
  let fabricRef: NetworkFabric | null = null;
  const local = createLocalDeliverer({
    io: () => io,
    http: createHttpDeliverer(
      {
        timeoutMs: settings.deliveryTimeoutMs,
        production: config.isProduction,
        allowedHosts: settings.deliveryAllowedHosts,
      },
      app.log,
    ),
  });
  // DESIGN §4 scale-out: with NATS_URL, replicas share routing state and reach each other's sockets.
  const signer = createEnvelopeSigner(settings.hashSecret);
  const cluster = settings.natsUrl
    ? await connectNetworkCluster({
        url: settings.natsUrl,
        subjectPrefix: settings.natsSubjectPrefix,
        signer,
        logger: app.log,
        deliveryTimeoutMs: settings.deliveryTimeoutMs,
      })
    : null;
  if (cluster) app.addHook('onClose', () => cluster.close());
  const deliverer: EventDeliverer = cluster ? cluster.wrapDeliverer(local, () => fabricRef!) : local;
  const watches = createWatchSubscriptions({
    io: () => io,
    // §10.2 [req]: a watcher sees only events visible to it (§12.4), judged by the domain's one tenancy rule.
    canSee: (viewer, event) => fabricRef !== null && fabricRef.views.canSeeEvent(event, viewer),
  });
  const metrics = registerNetworkMetrics(app.metricsRegistry, {
    fabric: () => fabricRef,
    sockets: () => io?.engine.clientsCount ?? 0,
    watches: () => watches.size,
  });
  const fabric = createNetworkFabric({
    signer,
    deliverer,
    limits: {
      maxEventHistory: settings.maxEventHistory,
      maxTraceHistory: settings.maxTraceHistory,
      nodeTimeoutMs: settings.nodeTimeoutMs,
    },
    // W22: routing telemetry at debug level, never payload data (the domain passes none).
    onLog: (level, message, fields) => app.log[level](fields, message),
    onTraceFinished: (event, trace) => {
      metrics.traceFinished(trace);
      watches.notify(event, trace);
    },
  });
  fabricRef = fabric;
  if (cluster) await cluster.join(fabric);

  registerNetworkRoutes(app, { fabric, hashSecret: settings.hashSecret });
  registerPlatformRoutes(app, {
    health: createPlatformHealth(settings.healthPeers, settings.healthProbeTimeoutMs),
    requireAuth: config.nodeEnv !== 'development',
  });

  io = attachSocketServer(app, {
    config,
    authenticator: createCredentialAuthenticator({ verifier, apiKeys }),
    fabric,
    watches,
    entities: createEntityOwnership({ identityUrl: settings.identityUrl, serviceTokens }),
    revocations: feed,
  });
  startSweepTimer(app, fabric, settings.heartbeatIntervalMs);
  (app as NetworkApp).network = { fabric, io, watches };
  return app;
}
