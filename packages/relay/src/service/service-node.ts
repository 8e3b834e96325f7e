import { createEnvelopeVerifier } from '../envelope/index.js';
import type { RelayClient } from '../client/relay-client.js';
import { registerRelayMetrics } from '../metrics/relay-metrics.js';
import type { MetricsRegistryLike } from '../metrics/scraped-metric.js';
import { createNetworkReceiver, type NetworkReceiver } from '../receiver/network-receiver.js';
import { joinNetwork, type JoinNetworkOptions, type ServiceRelay } from './join-network.js';

/** A platform service's node, before and after it joins: the parts every service wires the same way. */
export interface ServiceNode {
  /** `POST /api/network/receive` (libraries W8): verified with NETWORK_HASH_SECRET, handed to the joined client. */
  readonly receiver: NetworkReceiver;
  /** The client while joined, else null (relay off, not joined yet, or left). */
  client(): RelayClient | null;
  /** joinNetwork as this node, with its envelope verifier; null when the relay is off. */
  join(options: Omit<JoinNetworkOptions, 'serviceId' | 'envelopeVerifier'>): RelayClient | null;
  leave(): Promise<void>;
}

/**
 * The node `serviceId` of a platform service (network.md §15): one envelope verifier for the socket and the receive
 * route (none without a hash secret, so the route accepts nothing), the relay's counters in the service's /metrics,
 * and the joined relay held between join and leave.
 */
export function createServiceNode(options: {
  serviceId: string;
  hashSecret: string | null;
  metrics: MetricsRegistryLike;
}): ServiceNode {
  const { serviceId } = options;
  const verifier = options.hashSecret === null ? null : createEnvelopeVerifier({ secret: options.hashSecret });
  let joined: ServiceRelay | null = null;
  registerRelayMetrics(options.metrics, serviceId, () => joined?.client.stats() ?? null);

  return {
    receiver: createNetworkReceiver({ verifier, deliver: (event) => joined?.client.deliver(event) }),
    client: () => joined?.client ?? null,
    join(joinOptions) {
      joined = joinNetwork({ ...joinOptions, serviceId, ...(verifier && { envelopeVerifier: verifier }) });
      return joined?.client ?? null;
    },
    async leave() {
      const current = joined;
      joined = null;
      await current?.leave();
    },
  };
}
