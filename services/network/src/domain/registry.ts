import { nodeTypes, type NetworkNode, type NodeType } from '@symbia/relay';
import { autoContractsFor } from './auto-contracts.js';
import { isNonEmptyString, isoAt, isRecord, isStringArray, type FabricContext } from './context.js';
import { NetworkDomainError } from './errors.js';
import type { NodeOwner } from './types.js';

/** A registration as `node:register` and `POST /api/registry/nodes` carry it (§3.1, §14.1). */
export interface NodeRegistration {
  id: string;
  name: string;
  type: NodeType;
  capabilities: string[];
  endpoint: string;
  metadata?: Record<string, unknown>;
  entityId?: string;
}

export interface RegisterOptions {
  /** The registering socket: the node's deliveries go to it (§8). */
  socketId?: string;
  /** Seed nodes are exempt from the stale sweep (network W21). */
  seedExempt?: boolean;
  /**
   * Lets a different owner take the id over (an administrator acting over REST). Never while a live socket holds
   * the node (§12.3 [req]).
   */
  allowTakeover?: boolean;
}

export interface Registration {
  node: NetworkNode;
  created: boolean;
  /** The socket that held the node before this registration; the shell makes it leave the node's room. */
  previousSocketId?: string;
  autoContracts: number;
}

const refuse = (message: string, field: string) => new NetworkDomainError('invalid_node', message, field);

export function parseNodeRegistration(input: unknown): NodeRegistration {
  if (!isRecord(input)) throw refuse('node must be an object', 'body');
  const { id, name, type, capabilities, endpoint, metadata, entityId } = input;
  if (!isNonEmptyString(id)) throw refuse('id must be a non-empty string', 'id');
  if (typeof name !== 'string') throw refuse('name must be a string', 'name');
  if (typeof type !== 'string' || !(nodeTypes as readonly string[]).includes(type))
    throw refuse(`Invalid type. Must be one of: ${nodeTypes.join(', ')}`, 'type');
  if (!isStringArray(capabilities)) throw refuse('capabilities must be an array of strings', 'capabilities');
  if (typeof endpoint !== 'string') throw refuse('endpoint must be a string', 'endpoint');
  if (metadata !== undefined && !isRecord(metadata)) throw refuse('metadata must be an object', 'metadata');
  if (entityId !== undefined && !isNonEmptyString(entityId)) throw refuse('entityId must be a string', 'entityId');
  return {
    id,
    name,
    type: type as NodeType,
    capabilities: [...capabilities],
    endpoint,
    ...(metadata === undefined ? {} : { metadata: { ...metadata } }),
    ...(entityId === undefined ? {} : { entityId }),
  };
}

/** Node registry (docs/spec/network.md §5, §6, §12.3). Every mutation goes through `ctx.commit`. */
export function createRegistry(ctx: FabricContext) {
  const { state } = ctx;
  const recordOf = (nodeId: string) => {
    const record = state.nodes.get(nodeId);
    if (!record) throw new NetworkDomainError('node_not_found', 'Node not found');
    return record;
  };
  /** Only the owner acts on a node (network W1); `actor` undefined = an administrator or the service itself. */
  const assertOwner = (nodeId: string, actor: NodeOwner | undefined) => {
    const record = recordOf(nodeId);
    if (actor && record.owner.key !== actor.key)
      throw new NetworkDomainError('node_owned_by_another', 'Node is owned by another principal');
    return record;
  };

  return {
    register(input: NodeRegistration, owner: NodeOwner, options: RegisterOptions = {}): Registration {
      const existing = state.nodes.get(input.id);
      if (existing && existing.owner.key !== owner.key) {
        const takeoverAllowed = options.allowTakeover === true || existing.seedExempt;
        if (existing.node.socketId !== undefined || !takeoverAllowed)
          throw new NetworkDomainError('node_owned_by_another', 'Node id is registered by another principal');
      }
      const now = isoAt(ctx.clock.now());
      // §12.4: the org comes from the authenticated owner, never from what the client wrote into metadata.
      const metadata: Record<string, unknown> = { ...input.metadata };
      if (owner.orgId === undefined) delete metadata.orgId;
      else metadata.orgId = owner.orgId;
      const node: NetworkNode = {
        id: input.id,
        name: input.name,
        type: input.type,
        capabilities: [...input.capabilities],
        endpoint: input.endpoint,
        registeredAt: now,
        lastHeartbeat: now,
        metadata,
      };
      const socketId = options.socketId ?? existing?.node.socketId;
      if (socketId !== undefined) node.socketId = socketId;
      // §3.1 [req]: re-registration keeps the entity binding unless another entity is given (a takeover by
      // another owner does not inherit it).
      const sameOwner = existing?.owner.key === owner.key;
      const entityId = input.entityId ?? (sameOwner ? existing?.node.entityId : undefined);
      if (entityId !== undefined) {
        node.entityId = entityId;
        node.entityBoundAt =
          input.entityId === undefined || input.entityId === existing?.node.entityId
            ? (existing?.node.entityBoundAt ?? now)
            : now;
      }
      const socketReplica = options.socketId !== undefined ? ctx.replicaId : existing?.socketReplica;
      ctx.commit({
        kind: 'node.upsert',
        node,
        owner: { ...owner },
        seedExempt: options.seedExempt === true,
        ...(socketReplica === undefined || socketId === undefined ? {} : { socketReplica }),
      });
      const autoContracts =
        existing === undefined && node.type === 'service' ? autoContractsFor(state, node.id, now) : [];
      for (const contract of autoContracts) ctx.commit({ kind: 'contract.create', contract });
      const previousSocketId = existing?.node.socketId;
      return {
        node: { ...node },
        created: existing === undefined,
        ...(previousSocketId !== undefined && previousSocketId !== socketId ? { previousSocketId } : {}),
        autoContracts: autoContracts.length,
      };
    },

    heartbeat(nodeId: string, actor?: NodeOwner): string {
      assertOwner(nodeId, actor);
      const at = isoAt(ctx.clock.now());
      ctx.commit({ kind: 'node.heartbeat', nodeId, at });
      return at;
    },

    /** §5.1: removes the node, its entity binding and every contract from or to it. */
    unregister(nodeId: string, actor?: NodeOwner): void {
      assertOwner(nodeId, actor);
      ctx.commit({ kind: 'node.remove', nodeId });
    },

    attachSocket(nodeId: string, socketId: string, actor?: NodeOwner): void {
      assertOwner(nodeId, actor);
      ctx.commit({ kind: 'node.socket.attach', nodeId, socketId, replicaId: ctx.replicaId });
    },

    /** §5.1: clears `socketId` and the entity binding of every node on the socket; returns their ids. */
    detachSocket(socketId: string): string[] {
      const nodeIds = [...(state.nodesBySocket.get(socketId) ?? [])];
      if (nodeIds.length > 0) ctx.commit({ kind: 'node.socket.detach', socketId });
      return nodeIds;
    },

    /** §6 bind: an entity bound elsewhere leaves its previous node. */
    bindEntity(nodeId: string, entityId: string, actor?: NodeOwner): NetworkNode {
      assertOwner(nodeId, actor);
      if (!isNonEmptyString(entityId)) throw refuse('entityId must be a non-empty string', 'entityId');
      ctx.commit({ kind: 'entity.bind', nodeId, entityId, at: isoAt(ctx.clock.now()) });
      return { ...recordOf(nodeId).node };
    },

    /** §6 unbind: returns the entity id the node held, if any. */
    unbindEntity(nodeId: string, actor?: NodeOwner): string | undefined {
      const entityId = assertOwner(nodeId, actor).node.entityId;
      if (entityId !== undefined) ctx.commit({ kind: 'entity.unbind', nodeId });
      return entityId;
    },

    get: (nodeId: string): NetworkNode | undefined => {
      const record = state.nodes.get(nodeId);
      return record ? { ...record.node } : undefined;
    },
    list: (): NetworkNode[] => [...state.nodes.values()].map((record) => ({ ...record.node })),
    byCapability: (capability: string): NetworkNode[] =>
      [...state.nodes.values()]
        .filter((record) => record.node.capabilities.includes(capability))
        .map((record) => ({ ...record.node })),
    byType: (type: NodeType): NetworkNode[] =>
      [...state.nodes.values()].filter((record) => record.node.type === type).map((record) => ({ ...record.node })),
    ownerOf: (nodeId: string): NodeOwner | undefined => state.nodes.get(nodeId)?.owner,
    isSeedExempt: (nodeId: string): boolean => state.nodes.get(nodeId)?.seedExempt === true,
    /** The replica whose socket server holds the node's socket (cluster delivery). */
    socketReplicaOf: (nodeId: string): string | undefined => state.nodes.get(nodeId)?.socketReplica,
    nodesOnSocket: (socketId: string): string[] => [...(state.nodesBySocket.get(socketId) ?? [])],
    nodeForEntity: (entityId: string): NetworkNode | undefined => {
      const nodeId = state.entities.get(entityId);
      const record = nodeId === undefined ? undefined : state.nodes.get(nodeId);
      return record ? { ...record.node } : undefined;
    },
    nodesByEntityPrefix: (prefix: string): NetworkNode[] =>
      [...state.nodes.values()]
        .filter((record) => record.node.entityId?.startsWith(prefix) === true)
        .map((record) => ({ ...record.node })),
  };
}

export type NodeRegistry = ReturnType<typeof createRegistry>;
