import type { ServiceTokenClient } from '@symbia/auth';
import {
  createServiceNode,
  type MetricsRegistryLike,
  type NetworkReceiver,
  type RelayClient,
  type RelayLogger,
  type RelayServiceSettings,
  type SandboxEvent,
} from '@symbia/relay';
import { ASSISTANT_REPLY_EVENTS } from './assistant-reply.js';
import type { ReplyIngestion } from './reply-ingestion.js';

/** messaging.md §9.2: what messaging advertises on the network. */
const CAPABILITIES = [
  'messaging.conversation.create',
  'messaging.conversation.read',
  'messaging.message.send',
  'messaging.message.receive',
  'messaging.control.send',
];

export interface MessagingNetwork {
  /** The client while joined, else null (relay off, not yet listening, or no service token). */
  relay(): RelayClient | null;
  receiver: NetworkReceiver;
  join(): void;
  leave(): Promise<void>;
}

/**
 * Messaging on the network (network.md §15): node `messaging` authenticated with its service JWT (asked again at
 * every reconnection), assistant replies ingested from the socket and from POST /api/network/receive alike, and the
 * relay's counters (outbox, drops) in /metrics.
 */
export function createMessagingNetwork(deps: {
  settings: RelayServiceSettings;
  hashSecret: string | null;
  serviceTokens: ServiceTokenClient | null;
  replies: ReplyIngestion;
  metrics: MetricsRegistryLike;
  version: string;
  logger: RelayLogger;
}): MessagingNetwork {
  const { logger } = deps;
  const node = createServiceNode({ serviceId: 'messaging', hashSecret: deps.hashSecret, metrics: deps.metrics });

  const ingest = async (event: SandboxEvent) => {
    const outcome = await deps.replies.ingest(event);
    if (!outcome.stored) {
      logger.warn(
        { eventId: event.wrapper.id, source: event.wrapper.source, type: event.payload.type, reason: outcome.reason },
        'assistant reply from the network not stored',
      );
    }
  };

  return {
    relay: node.client,
    receiver: node.receiver,
    join() {
      const tokens = deps.serviceTokens;
      if (tokens === null) {
        logger.warn({}, 'not joining the network: no INTERNAL_SERVICE_SECRET, so no service token');
        return;
      }
      node.join({
        serviceName: 'Messaging',
        capabilities: CAPABILITIES,
        settings: deps.settings,
        tokenProvider: () => tokens.getToken(),
        invalidateToken: () => tokens.invalidate(),
        eventHandlers: Object.fromEntries(ASSISTANT_REPLY_EVENTS.map((type) => [type, ingest])),
        // §9.2 step 5: channel replies go to integrations (network.md §5.2 creates only messaging ↔ assistants).
        contracts: [{ to: 'integrations', types: ['message.new'], boundaries: ['intra'] }],
        version: deps.version,
        logger,
      });
    },
    leave: node.leave,
  };
}
