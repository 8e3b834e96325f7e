import { registerScrapedMetric, type EventTrace, type MetricValue, type MetricsRegistryLike } from '@symbia/relay';
import type { NetworkFabric } from '../domain/index.js';

/**
 * The network's own series on `/metrics` (network.md §16, as Prometheus names): routed events by final status, the
 * registry's sizes, connected sockets and live watch subscriptions. Counts only: no event type or node id labels,
 * which would grow without bound with client-chosen values.
 */
export function registerNetworkMetrics(
  registry: MetricsRegistryLike,
  sources: { fabric: () => NetworkFabric | null; sockets: () => number; watches: () => number },
): { traceFinished(trace: EventTrace): void } {
  const byStatus = new Map<string, number>();
  const define = (name: string, help: string, type: 'gauge' | 'counter', read: () => MetricValue[]) =>
    registerScrapedMetric(registry, { name, help, type, read });
  define('network_events_routed_total', 'Events routed, by final trace status', 'counter', () =>
    [...byStatus].map(([status, value]) => ({ labels: { status }, value })),
  );
  define('network_nodes', 'Registered nodes, by whether a socket is connected', 'gauge', () => {
    const nodes = sources.fabric()?.registry.list() ?? [];
    const connected = nodes.filter((node) => node.socketId !== undefined).length;
    return [
      { labels: { connected: 'true' }, value: connected },
      { labels: { connected: 'false' }, value: nodes.length - connected },
    ];
  });
  define('network_contracts', 'Stored contracts (expired ones until the sweep)', 'gauge', () => [
    { labels: {}, value: sources.fabric()?.contracts.list().length ?? 0 },
  ]);
  define('network_sockets', 'Socket.IO connections to this process', 'gauge', () => [
    { labels: {}, value: sources.sockets() },
  ]);
  define('network_watch_subscriptions', 'Live sdn:watch subscriptions on this process', 'gauge', () => [
    { labels: {}, value: sources.watches() },
  ]);
  return {
    traceFinished(trace) {
      byStatus.set(trace.status, (byStatus.get(trace.status) ?? 0) + 1);
    },
  };
}
