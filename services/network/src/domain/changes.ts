import type { Bridge, Contract, NetworkNode, Policy } from '@symbia/relay';
import type { NodeOwner } from './types.js';

/**
 * Every mutation of routing state, as plain JSON data (network issue: one `apply(change)` path). Local mutations
 * are applied and then emitted to listeners; the cluster layer publishes them to other replicas, which apply them
 * without emitting again. Each change carries the full resulting record (ids and timestamps included), so applying
 * it twice, or on another replica, gives the same state.
 */
export type FabricChange =
  | {
      kind: 'node.upsert';
      node: NetworkNode;
      owner: NodeOwner;
      /** Seed nodes are exempt from the stale sweep (network W21). */
      seedExempt: boolean;
      /** The replica whose Socket.IO server holds `node.socketId`, when set. */
      socketReplica?: string;
    }
  | { kind: 'node.remove'; nodeId: string }
  | { kind: 'node.heartbeat'; nodeId: string; at: string }
  | { kind: 'node.socket.attach'; nodeId: string; socketId: string; replicaId: string }
  | { kind: 'node.socket.detach'; socketId: string }
  | { kind: 'entity.bind'; nodeId: string; entityId: string; at: string }
  | { kind: 'entity.unbind'; nodeId: string }
  | { kind: 'contract.create'; contract: Contract }
  | { kind: 'contract.delete'; contractId: string }
  | { kind: 'bridge.put'; bridge: Bridge }
  | { kind: 'bridge.delete'; bridgeId: string }
  | { kind: 'policy.put'; policy: Policy }
  | { kind: 'policy.delete'; policyId: string };

export type FabricChangeKind = FabricChange['kind'];

/** The whole routing state, for a replica that joins late (cluster snapshot request). */
export interface FabricSnapshot {
  nodes: Array<{ node: NetworkNode; owner: NodeOwner; seedExempt: boolean; socketReplica?: string }>;
  contracts: Contract[];
  bridges: Bridge[];
  policies: Policy[];
}
