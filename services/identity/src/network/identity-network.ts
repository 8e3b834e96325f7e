import {
  createServiceNode,
  type MetricsRegistryLike,
  type NetworkReceiver,
  type RelayLogger,
  type RelayServiceSettings,
} from '@symbia/relay';
import { serviceIds } from '@symbia/kit';
import type { RevocationFeed } from '../revocations/revocation-feed.js';
import type { TokenIssuer } from '../tokens/token-issuer.js';
import { IDENTITY_EVENT_PATTERN } from './revocation-events.js';
import { startRevocationPublisher, type RevocationPublisher } from './revocation-publisher.js';

/**
 * Who may subscribe: every platform service (their node ids are reserved for their service principals), not `*`:
 * a broadcast to `*` would also reach users' browser nodes and agents of every org with other tenants' user,
 * session and key ids (network W10, §12.4). A platform service needs no change here to subscribe.
 */
const revocationContracts = serviceIds
  .filter((id) => id !== 'identity')
  .map((to) => ({ to, types: [IDENTITY_EVENT_PATTERN], boundaries: ['intra' as const] }));

export interface IdentityNetwork {
  /** `POST /api/network/receive`: identity subscribes to nothing yet, but the route is the one every node has (libraries W8). */
  receiver: NetworkReceiver;
  /** Registers node `identity` in the background and starts publishing revocations; never blocks start-up. */
  join(): Promise<void>;
  leave(): Promise<void>;
}

/**
 * Identity on the network (network.md §15): node `identity`, authenticated with a service JWT identity mints for
 * itself (it holds the signing keys; DESIGN §6), contracts `identity → <each platform service>` for `identity.*`,
 * and the revocations of its feed published as `identity.*.revoked` events.
 */
export function createIdentityNetwork(deps: {
  settings: RelayServiceSettings;
  hashSecret: string | null;
  issuer: TokenIssuer;
  serviceTokenTtlSeconds: number;
  feed: RevocationFeed;
  latestCursor(): Promise<bigint>;
  metrics: MetricsRegistryLike;
  version: string;
  logger: RelayLogger;
}): IdentityNetwork {
  const node = createServiceNode({ serviceId: 'identity', hashSecret: deps.hashSecret, metrics: deps.metrics });
  let publisher: RevocationPublisher | null = null;

  return {
    receiver: node.receiver,
    async join() {
      const client = node.join({
        serviceName: 'Identity',
        capabilities: ['identity.revocations.publish'],
        settings: deps.settings,
        tokenProvider: async () =>
          (
            await deps.issuer.issue(
              { sub: 'identity', typ: 'service', svc: 'identity', ent: [] },
              deps.serviceTokenTtlSeconds,
            )
          ).token,
        contracts: revocationContracts,
        version: deps.version,
        logger: deps.logger,
      });
      if (client === null) return;
      publisher = await startRevocationPublisher({
        feed: deps.feed,
        after: await deps.latestCursor(),
        publish: (type, data) => client.publish(type, data, { boundary: 'intra' }),
      });
    },
    async leave() {
      publisher?.close();
      publisher = null;
      await node.leave();
    },
  };
}
