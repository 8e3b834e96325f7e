import type { RelayStats } from '../client/relay-client.js';
import { registerScrapedMetric, type MetricsRegistryLike } from './scraped-metric.js';

const definitions: { name: string; help: string; type: 'gauge' | 'counter'; read: (s: RelayStats) => number }[] = [
  {
    name: 'relay_connected',
    help: 'Whether the relay is connected and registered with network (1) or not (0)',
    type: 'gauge',
    read: (s) => (s.ready ? 1 : 0),
  },
  {
    name: 'relay_outbox_queued',
    help: 'Events waiting in the relay outbox for network to come back',
    type: 'gauge',
    read: (s) => s.queued,
  },
  { name: 'relay_outbox_limit', help: 'Most events the relay outbox keeps', type: 'gauge', read: (s) => s.outboxLimit },
  {
    name: 'relay_events_dropped_total',
    help: 'Events dropped because the relay outbox was full',
    type: 'counter',
    read: (s) => s.dropped,
  },
  { name: 'relay_events_sent_total', help: 'Events network acknowledged', type: 'counter', read: (s) => s.sent },
  { name: 'relay_events_rejected_total', help: 'Events network refused', type: 'counter', read: (s) => s.rejected },
  {
    name: 'relay_events_failed_total',
    help: 'Events whose acknowledgement never came (connection lost, timeout)',
    type: 'counter',
    read: (s) => s.failed,
  },
  {
    name: 'relay_reregistrations_total',
    help: 'Registrations with network after the first (reconnects)',
    type: 'counter',
    read: (s) => s.reregistrations,
  },
];

/**
 * The relay's counters in the service's /metrics (network issue: drops counted in /metrics), read when scraped.
 * `stats` returns null while the service has no relay (disabled), which shows as no series at all.
 */
export function registerRelayMetrics(
  registry: MetricsRegistryLike,
  nodeId: string,
  stats: () => RelayStats | null,
): void {
  for (const { read, ...definition } of definitions) {
    registerScrapedMetric(registry, {
      ...definition,
      read: () => {
        const current = stats();
        return current === null ? [] : [{ labels: { node_id: nodeId }, value: read(current) }];
      },
    });
  }
}
