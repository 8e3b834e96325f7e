import { connect, type Msg, type NatsConnection, type Subscription } from 'nats';
import type { EnvelopeSigner, NetworkNode, SandboxEvent } from '@symbia/relay';
import type { EventDeliverer, FabricChange, NetworkFabric } from '../domain/index.js';
import {
  clusterSubjects,
  decode,
  encode,
  isChangeMessage,
  isDeliverRequest,
  isSnapshotReply,
  type DeliverReply,
} from './cluster-messages.js';

/*
 * Scale-out of the network service over NATS (network issue "Scale-out", DESIGN §4). API:
 *
 *   const cluster = await connectNetworkCluster({ url: NATS_URL, logger });       // 1. connect
 *   buildApp({ config, wrapDeliverer: (local, fabric) => cluster.wrapDeliverer(local, fabric) });
 *   await cluster.join(fabric);   // 2. snapshot from a live replica (none = first), then share changes
 *   ...
 *   await cluster.close();        // stop sharing, drain the connection
 *
 * or, when the fabric and the local deliverer already exist, `startNetworkCluster({ url, fabric, localDeliverer })`
 * which does both and returns `{ deliverer, close }` (`deliverer` must then be the one the fabric uses).
 *
 * - Every local FabricChange is published on `<prefix>.changes` with this replica's id; other replicas apply it
 *   through `fabric.apply` (so it is not re-published). Core NATS is at-most-once: a replica that misses a change
 *   converges at the next change of the same record (changes carry whole records) or by restarting (snapshot).
 * - A joining replica asks `<prefix>.snapshot` and loads the first answer; changes that arrive meanwhile are
 *   applied after it. A snapshot must fit NATS's max_payload (1 MiB by default).
 * - Delivery to a node whose socket is held by another replica is a request on `<prefix>.deliver.<replicaId>`; that
 *   replica emits to its local socket and answers `{ delivered }`, so the trace still says `deliver` only after a real
 *   emission (network W5). No answer (the replica is gone) → HTTP delivery to the node's endpoint, like a node
 *   without a socket.
 * History, traces and watch subscriptions stay per replica.
 */

export interface ClusterLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** The service shell's deliverer for this process: sockets connected here, then HTTP. */
export interface LocalSocketDeliverer extends EventDeliverer {
  /** Emits to the node's socket on this replica; true only when a connected socket received it. */
  deliverToSocket(nodeId: string, event: SandboxEvent): boolean;
}

export interface ClusterOptions {
  url: string;
  logger?: ClusterLogger;
  /** Subject prefix (default `symbia.network`); tests use a unique one. */
  subjectPrefix?: string;
  /** When given, events delivered on behalf of another replica must carry a valid MAC. */
  signer?: EnvelopeSigner;
  /** How long a joining replica waits for a snapshot (default 1,000 ms). */
  snapshotTimeoutMs?: number;
  /** Cross-replica delivery answer timeout (default 5,000 ms, the HTTP delivery timeout of §8). */
  deliveryTimeoutMs?: number;
  /** NATS connection name, for the server's monitoring. */
  name?: string;
}

export interface NetworkCluster {
  /** Wraps the shell's local deliverer: sockets on other replicas are reached through NATS. */
  wrapDeliverer(local: LocalSocketDeliverer, fabric: () => NetworkFabric): EventDeliverer;
  /** Loads a live replica's snapshot (if any), then shares changes and answers deliveries. */
  join(fabric: NetworkFabric): Promise<{ joinedExisting: boolean }>;
  close(): Promise<void>;
}

const silent: ClusterLogger = { info() {}, warn() {}, debug() {} };

export async function connectNetworkCluster(options: ClusterOptions): Promise<NetworkCluster> {
  const logger = options.logger ?? silent;
  const subjects = clusterSubjects(options.subjectPrefix ?? 'symbia.network');
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 5_000;
  const nc: NatsConnection = await connect({
    servers: options.url,
    name: options.name ?? 'symbia-network',
    reconnect: true,
    maxReconnectAttempts: -1,
  });
  let local: LocalSocketDeliverer | undefined;
  const subscriptions: Subscription[] = [];
  let stopPublishing: (() => void) | undefined;

  async function deliverThroughReplica(replicaId: string, node: NetworkNode, event: SandboxEvent): Promise<boolean> {
    try {
      const reply = await nc.request(subjects.deliver(replicaId), encode({ nodeId: node.id, event }), {
        timeout: deliveryTimeoutMs,
      });
      return (decode(reply.data) as Partial<DeliverReply> | undefined)?.delivered === true;
    } catch (error) {
      logger.debug({ nodeId: node.id, replicaId, reason: (error as Error).message }, 'cross-replica delivery failed');
      return false;
    }
  }

  function answerDelivery(msg: Msg): void {
    const request = decode(msg.data);
    let delivered = false;
    if (isDeliverRequest(request) && local) {
      const valid = options.signer === undefined || options.signer.matches(request.event);
      delivered = valid && local.deliverToSocket(request.nodeId, request.event);
    }
    msg.respond(encode({ delivered } satisfies DeliverReply));
  }

  const cluster: NetworkCluster = {
    wrapDeliverer(localDeliverer, fabric) {
      local = localDeliverer;
      return {
        async deliver(node, event) {
          const current = fabric();
          const replicaId = current.registry.socketReplicaOf(node.id);
          if (node.socketId === undefined || replicaId === undefined || replicaId === current.replicaId)
            return localDeliverer.deliver(node, event);
          if (await deliverThroughReplica(replicaId, node, event)) return true;
          // The holding replica did not emit: fall back to HTTP, as for a node without a socket (§8).
          const { socketId: _socketId, ...withoutSocket } = node;
          return localDeliverer.deliver(withoutSocket, event);
        },
      };
    },

    async join(fabric) {
      const buffered: FabricChange[] = [];
      let syncing = true;
      const changes = nc.subscribe(subjects.changes, {
        callback: (error, msg) => {
          if (error) return;
          const message = decode(msg.data);
          if (!isChangeMessage(message) || message.replicaId === fabric.replicaId) return;
          if (syncing) buffered.push(message.change);
          else applyRemote(fabric, message.change, logger);
        },
      });
      subscriptions.push(changes);
      await nc.flush();

      let joinedExisting = false;
      try {
        const reply = await nc.request(subjects.snapshot, encode({ replicaId: fabric.replicaId }), {
          timeout: options.snapshotTimeoutMs ?? 1_000,
        });
        const answer = decode(reply.data);
        if (isSnapshotReply(answer)) {
          fabric.loadSnapshot(answer.snapshot);
          joinedExisting = true;
          logger.info({ from: answer.replicaId }, 'network cluster: loaded a snapshot from a live replica');
        }
      } catch {
        logger.info(
          { replicaId: fabric.replicaId },
          'network cluster: no live replica answered, starting as the first',
        );
      }
      syncing = false;
      for (const change of buffered.splice(0)) applyRemote(fabric, change, logger);

      subscriptions.push(
        nc.subscribe(subjects.snapshot, {
          callback: (error, msg) => {
            if (error) return;
            try {
              msg.respond(encode({ replicaId: fabric.replicaId, snapshot: fabric.snapshot() }));
            } catch (failure) {
              // e.g. larger than the server's max_payload: the joining replica then starts without it.
              logger.warn({ reason: (failure as Error).message }, 'network cluster: snapshot not sent');
            }
          },
        }),
        nc.subscribe(subjects.deliver(fabric.replicaId), { callback: (error, msg) => !error && answerDelivery(msg) }),
      );
      stopPublishing = fabric.onChange((change) => {
        try {
          nc.publish(subjects.changes, encode({ replicaId: fabric.replicaId, change }));
        } catch (failure) {
          // The local change stands; other replicas converge at the record's next change or their next restart.
          logger.warn(
            { kind: change.kind, reason: (failure as Error).message },
            'network cluster: change not published',
          );
        }
      });
      await nc.flush();
      return { joinedExisting };
    },

    async close() {
      stopPublishing?.();
      for (const subscription of subscriptions) subscription.unsubscribe();
      if (!nc.isClosed()) await nc.drain();
    },
  };
  return cluster;
}

function applyRemote(fabric: NetworkFabric, change: FabricChange, logger: ClusterLogger): void {
  try {
    fabric.apply(change);
  } catch (error) {
    logger.warn(
      { kind: change.kind, reason: (error as Error).message },
      'network cluster: a remote change was not applied',
    );
  }
}

/** Connect and join in one step, for a fabric that already uses a deliverer built from `localDeliverer`. */
export async function startNetworkCluster(
  options: ClusterOptions & { fabric: NetworkFabric; localDeliverer: LocalSocketDeliverer },
): Promise<{ deliverer: EventDeliverer; joinedExisting: boolean; close(): Promise<void> }> {
  const cluster = await connectNetworkCluster(options);
  const deliverer = cluster.wrapDeliverer(options.localDeliverer, () => options.fabric);
  const { joinedExisting } = await cluster.join(options.fabric);
  return { deliverer, joinedExisting, close: () => cluster.close() };
}
