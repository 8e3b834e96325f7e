export * from './wire-types.js';
export * from './envelope/index.js';
export {
  createRelayClient,
  type RelayClient,
  type RelayStats,
  type SendOptions,
  type SendResult,
  type PublishOptions,
  type PublishOutcome,
  type RequestOptions,
  type RelayResponse,
  type RequestHandler,
} from './client/relay-client.js';
export { relayDefaults, type RelayClientConfig, type TokenProvider } from './client/relay-config.js';
export { type EventHandler } from './client/event-dispatcher.js';
export { type RelayLogger } from './client/relay-logger.js';
export { createOutbox, type Outbox } from './client/outbox.js';
export { responseTypeOf, type RequestData, type ResponseData } from './client/pending-requests.js';
export { isSandboxEvent } from './client/sandbox-event-guard.js';
export { type WatchFilter, type WatchHandler, type WatchNotification } from './client/watches.js';
export { createRelayRegistry, processRelays, type RelayRegistry, type RelayLease } from './client/relay-registry.js';
export {
  NETWORK_RECEIVE_PATH,
  relayServiceSettingsFrom,
  type RelayServiceSettings,
} from './service/relay-service-settings.js';
export { joinNetwork, type JoinNetworkOptions, type ServiceRelay } from './service/join-network.js';
export { createServiceNode, type ServiceNode } from './service/service-node.js';
export {
  createNetworkReceiver,
  NetworkReceiveCodes,
  type NetworkReceiver,
  type NetworkReceiveOutcome,
} from './receiver/network-receiver.js';
export { registerRelayMetrics } from './metrics/relay-metrics.js';
export {
  registerScrapedMetric,
  type MetricValue,
  type MetricsRegistryLike,
  type ScrapedMetric,
} from './metrics/scraped-metric.js';
export * from './turn-taking/index.js';
export * from './agents/index.js';
