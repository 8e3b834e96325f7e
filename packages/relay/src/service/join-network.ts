import type { Boundary } from '../wire-types.js';
import type { EnvelopeVerifier } from '../envelope/index.js';
import type { EventHandler } from '../client/event-dispatcher.js';
import type { RelayClient } from '../client/relay-client.js';
import { errorText, silentRelayLogger, type RelayLogger } from '../client/relay-logger.js';
import { processRelays, type RelayRegistry } from '../client/relay-registry.js';
import type { RelayServiceSettings } from './relay-service-settings.js';

export interface JoinNetworkOptions {
  serviceId: string;
  serviceName?: string;
  capabilities?: string[];
  settings: RelayServiceSettings;
  /** The service's JWT from identity, asked again at every (re)connection (DESIGN §6: service tokens expire). */
  tokenProvider: () => Promise<string>;
  /** Drops the cached token after the network refused it (the service-token client's `invalidate`). */
  invalidateToken?: () => void;
  /** Handlers by event type (`*` for every event); errors are caught and logged. */
  eventHandlers?: Record<string, EventHandler>;
  /** Contracts from this service it needs while it runs (created at every registration). */
  contracts?: { to: string; types: string[]; boundaries?: Boundary[] }[];
  envelopeVerifier?: EnvelopeVerifier;
  version?: string;
  logger?: RelayLogger;
  /** Default: the process registry (one connection per node id per process). */
  registry?: RelayRegistry;
}

/** What a service holds after joining: its client and the way to leave (unregister, close). */
export interface ServiceRelay {
  readonly client: RelayClient;
  leave(): Promise<void>;
}

/**
 * libraries.md §5.2 `initServiceRelay`: registers the service as node `<serviceId>` of type `service` with its receive
 * endpoint, authenticating with its service JWT. It never blocks or fails start-up: null when the relay is off;
 * otherwise the client is returned at once and connects in the background (retrying with backoff), publishing into
 * its bounded outbox meanwhile. A second call for the same service in one process shares the connection (libraries W7).
 */
export function joinNetwork(options: JoinNetworkOptions): ServiceRelay | null {
  const { serviceId, settings } = options;
  const logger = options.logger ?? silentRelayLogger;
  if (settings.networkUrl === null) {
    logger.info({ serviceId }, 'network relay disabled');
    return null;
  }
  const lease = (options.registry ?? processRelays).acquire({
    networkUrl: settings.networkUrl,
    nodeId: serviceId,
    nodeName: options.serviceName ?? serviceId,
    nodeType: 'service',
    capabilities: options.capabilities ?? [],
    endpoint: settings.endpoint,
    metadata: { startedAt: new Date().toISOString(), version: options.version ?? '1.0.0' },
    authToken: options.tokenProvider,
    ...(options.invalidateToken && { onTokenRefused: options.invalidateToken }),
    outboxLimit: settings.outboxLimit,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    envelopeVerifier: options.envelopeVerifier,
    logger,
  });
  const { client } = lease;
  const unsubscribes = Object.entries(options.eventHandlers ?? {}).map(([type, handler]) =>
    client.onEvent(type, handler),
  );
  for (const contract of options.contracts ?? [])
    client.declareContract(contract.to, contract.types, contract.boundaries);
  if (lease.created) {
    client
      .connect()
      .catch((err: unknown) =>
        logger.warn(
          { serviceId, err: errorText(err) },
          'network not reachable yet; the relay keeps retrying in the background',
        ),
      );
  }
  return {
    client,
    async leave() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await lease.release();
    },
  };
}
