import type { Boundary, Bridge, Contract, NetworkNode } from '@symbia/relay';
import type { FabricChange, FabricSnapshot } from './changes.js';
import { compileTypePatterns, type TypePatterns } from './event-type-pattern.js';
import { compilePolicy, orderPolicies, type CompiledPolicy } from './policy-evaluator.js';
import type { NodeOwner } from './types.js';

export interface NodeRecord {
  node: NetworkNode;
  owner: NodeOwner;
  seedExempt: boolean;
  socketReplica?: string;
}

export interface ContractRecord {
  readonly contract: Contract;
  /** `expiresAt` as an instant (network W15); +Infinity when it never expires. */
  readonly expiresAtMs: number;
  readonly types: TypePatterns;
  readonly boundaries: ReadonlySet<Boundary>;
}

export interface BridgeRecord {
  readonly bridge: Bridge;
  readonly types: TypePatterns;
}

const addTo = (index: Map<string, Set<string>>, key: string, value: string) => {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
};
const removeFrom = (index: Map<string, Set<string>>, key: string, value: string) => {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
};

export const compileContract = (contract: Contract): ContractRecord => {
  const expires = contract.expiresAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(contract.expiresAt);
  return {
    contract,
    // An unparseable expiry (only possible from a corrupt remote change) counts as already expired.
    expiresAtMs: Number.isNaN(expires) ? Number.NEGATIVE_INFINITY : expires,
    types: compileTypePatterns(contract.allowedEventTypes),
    boundaries: new Set(contract.boundaries),
  };
};

/**
 * All routing state of one replica, with the indexes routing needs (contracts by source, nodes by socket, entity
 * bindings), changed only through `apply` (the single mutation path the cluster replays).
 */
export class FabricState {
  readonly nodes = new Map<string, NodeRecord>();
  readonly nodesBySocket = new Map<string, Set<string>>();
  /** entityId → nodeId (§6). */
  readonly entities = new Map<string, string>();
  readonly contracts = new Map<string, ContractRecord>();
  readonly contractsByFrom = new Map<string, Set<string>>();
  readonly contractsByTo = new Map<string, Set<string>>();
  readonly bridges = new Map<string, BridgeRecord>();
  readonly policies = new Map<string, CompiledPolicy>();
  private ordered: CompiledPolicy[] = [];

  /** Enabled and disabled policies, highest priority first. */
  orderedPolicies(): readonly CompiledPolicy[] {
    return this.ordered;
  }

  apply(change: FabricChange): void {
    switch (change.kind) {
      case 'node.upsert':
        return this.upsertNode(change);
      case 'node.remove':
        return this.removeNode(change.nodeId);
      case 'node.heartbeat': {
        const record = this.nodes.get(change.nodeId);
        if (record) record.node.lastHeartbeat = change.at;
        return;
      }
      case 'node.socket.attach':
        return this.attachSocket(change.nodeId, change.socketId, change.replicaId);
      case 'node.socket.detach':
        for (const nodeId of [...(this.nodesBySocket.get(change.socketId) ?? [])]) {
          const record = this.nodes.get(nodeId);
          if (!record) continue;
          delete record.node.socketId;
          delete record.socketReplica;
          this.unbindEntity(nodeId); // §6 [req]: release on disconnect (network W16)
        }
        this.nodesBySocket.delete(change.socketId);
        return;
      case 'entity.bind':
        return this.bindEntity(change.nodeId, change.entityId, change.at);
      case 'entity.unbind':
        return this.unbindEntity(change.nodeId);
      case 'contract.create':
        return this.putContract(change.contract);
      case 'contract.delete':
        return this.deleteContract(change.contractId);
      case 'bridge.put':
        this.bridges.set(change.bridge.id, {
          bridge: change.bridge,
          types: compileTypePatterns(change.bridge.eventTypes),
        });
        return;
      case 'bridge.delete':
        this.bridges.delete(change.bridgeId);
        return;
      case 'policy.put':
        this.policies.set(change.policy.id, compilePolicy(change.policy));
        this.ordered = orderPolicies(this.policies.values());
        return;
      case 'policy.delete':
        this.policies.delete(change.policyId);
        this.ordered = orderPolicies(this.policies.values());
        return;
    }
  }

  snapshot(): FabricSnapshot {
    return structuredClone({
      nodes: [...this.nodes.values()],
      contracts: [...this.contracts.values()].map((record) => record.contract),
      bridges: [...this.bridges.values()].map((record) => record.bridge),
      policies: [...this.policies.values()].map((compiled) => compiled.policy),
    });
  }

  /** Replaces the whole state with a snapshot from another replica. */
  load(snapshot: FabricSnapshot): void {
    for (const map of [this.nodes, this.nodesBySocket, this.entities, this.contracts, this.bridges, this.policies])
      map.clear();
    this.contractsByFrom.clear();
    this.contractsByTo.clear();
    for (const record of snapshot.nodes) this.apply({ kind: 'node.upsert', ...record });
    for (const contract of snapshot.contracts) this.putContract(contract);
    for (const bridge of snapshot.bridges) this.apply({ kind: 'bridge.put', bridge });
    for (const policy of snapshot.policies) this.policies.set(policy.id, compilePolicy(policy));
    this.ordered = orderPolicies(this.policies.values());
  }

  private upsertNode(change: Extract<FabricChange, { kind: 'node.upsert' }>): void {
    const { node } = change;
    const previous = this.nodes.get(node.id);
    if (previous?.node.socketId) removeFrom(this.nodesBySocket, previous.node.socketId, node.id);
    if (previous?.node.entityId && previous.node.entityId !== node.entityId) {
      if (this.entities.get(previous.node.entityId) === node.id) this.entities.delete(previous.node.entityId);
    }
    const record: NodeRecord = { node, owner: change.owner, seedExempt: change.seedExempt };
    if (node.socketId) {
      if (change.socketReplica !== undefined) record.socketReplica = change.socketReplica;
      addTo(this.nodesBySocket, node.socketId, node.id);
    }
    this.nodes.set(node.id, record);
    if (node.entityId) this.claimEntity(node.id, node.entityId);
  }

  private removeNode(nodeId: string): void {
    const record = this.nodes.get(nodeId);
    if (!record) return;
    this.unbindEntity(nodeId);
    if (record.node.socketId) removeFrom(this.nodesBySocket, record.node.socketId, nodeId);
    this.nodes.delete(nodeId);
    // §5.1: unregister removes every contract whose from or to is the node.
    for (const index of [this.contractsByFrom, this.contractsByTo])
      for (const contractId of [...(index.get(nodeId) ?? [])]) this.deleteContract(contractId);
  }

  private attachSocket(nodeId: string, socketId: string, replicaId: string): void {
    const record = this.nodes.get(nodeId);
    if (!record) return;
    if (record.node.socketId) removeFrom(this.nodesBySocket, record.node.socketId, nodeId);
    record.node.socketId = socketId;
    record.socketReplica = replicaId;
    addTo(this.nodesBySocket, socketId, nodeId);
  }

  private bindEntity(nodeId: string, entityId: string, at: string): void {
    const record = this.nodes.get(nodeId);
    if (!record) return;
    if (record.node.entityId && record.node.entityId !== entityId) this.unbindEntity(nodeId);
    record.node.entityId = entityId;
    record.node.entityBoundAt = at;
    this.claimEntity(nodeId, entityId);
  }

  /** §6: an entity bound to another node leaves that node. */
  private claimEntity(nodeId: string, entityId: string): void {
    const holder = this.entities.get(entityId);
    if (holder !== undefined && holder !== nodeId) {
      const other = this.nodes.get(holder);
      if (other) {
        delete other.node.entityId;
        delete other.node.entityBoundAt;
      }
    }
    this.entities.set(entityId, nodeId);
  }

  private unbindEntity(nodeId: string): void {
    const record = this.nodes.get(nodeId);
    const entityId = record?.node.entityId;
    if (!record || entityId === undefined) return;
    if (this.entities.get(entityId) === nodeId) this.entities.delete(entityId);
    delete record.node.entityId;
    delete record.node.entityBoundAt;
  }

  private putContract(contract: Contract): void {
    this.deleteContract(contract.id);
    this.contracts.set(contract.id, compileContract(contract));
    addTo(this.contractsByFrom, contract.from, contract.id);
    addTo(this.contractsByTo, contract.to, contract.id);
  }

  private deleteContract(contractId: string): void {
    const record = this.contracts.get(contractId);
    if (!record) return;
    this.contracts.delete(contractId);
    removeFrom(this.contractsByFrom, record.contract.from, contractId);
    removeFrom(this.contractsByTo, record.contract.to, contractId);
  }
}
