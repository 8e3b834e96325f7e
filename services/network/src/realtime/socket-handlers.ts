import { apiKeyAllows, holdsCapability, type Principal } from '@symbia/auth';
import type { FixedWindowLimiter } from '@symbia/kit';
import { serviceIds } from '@symbia/kit';
import type { Contract, EventRequest, NetworkNode } from '@symbia/relay';
import type { Server } from 'socket.io';
import type { EntityOwnership } from '../access/entity-ownership.js';
import { NetworkPermissions } from '../access/permissions.js';
import { nodeRoom } from '../delivery/socket-deliverer.js';
import type { NetworkFabric } from '../domain/index.js';
import { onEvent, refusals, SocketRefusal, type EventLogger } from './socket-acks.js';
import {
  contractPayload,
  nodeIdPayload,
  registerPayload,
  sendPayload,
  unwatchPayload,
  watchPayload,
} from './socket-payloads.js';
import type { SocketSession } from './socket-session.js';
import type { WatchSubscriptions } from './watch-subscriptions.js';

export interface SocketHandlerDeps {
  io: Server;
  fabric: NetworkFabric;
  watches: WatchSubscriptions;
  entities: EntityOwnership;
  limiter: FixedWindowLimiter;
  logger: EventLogger & { debug(obj: object, msg: string): void };
  announce: {
    joined(node: NetworkNode, isAgent: boolean): void;
    left(node: NetworkNode): void;
    contractCreated(contract: Contract): void;
  };
}

const NETWORK_WRITE = 'network:write';
/** Platform service ids belong to service principals (and node administrators), never to a user's client node. */
const reservedIds: ReadonlySet<string> = new Set(serviceIds);

/** A principal, or the refusal an anonymous socket gets for everything (network W1). */
function authenticated(session: SocketSession): { principal: Principal; owner: NonNullable<SocketSession['owner']> } {
  if (session.principal === null || session.owner === null) throw refusals.authenticationRequired();
  return { principal: session.principal, owner: session.owner };
}

/** §12.2 for sockets: users and agents need the capability (network W8); platform services act for themselves. */
function requireCapability(principal: Principal, permission: string): void {
  if (principal.type === 'service') return;
  if (!holdsCapability(principal, permission)) throw refusals.insufficientPermissions(permission);
}

/** A socket opened with an API key changes state only with the key's network:write scope (DESIGN §6). */
function requireWrite(principal: Principal): void {
  if (!apiKeyAllows(principal, NETWORK_WRITE))
    throw new SocketRefusal('api_key_scope_missing', 'api_key_scope_missing', {
      message: `This API key lacks the ${NETWORK_WRITE} scope`,
    });
}

/** network.md §14.1, one handler per client event; each validates its payload and never throws out. */
export function registerSocketHandlers(session: SocketSession, deps: SocketHandlerDeps): void {
  const { socket } = session;
  const { fabric, watches } = deps;
  const on = (event: string, handler: Parameters<typeof onEvent>[3]) => onEvent(socket, deps, event, handler);

  on('node:register', async (payload) => {
    const input = registerPayload.parse(payload);
    if (session.principal === null && input.type === 'assistant')
      throw new SocketRefusal('Agent authentication required', 'agent_authentication_required');
    const { principal, owner } = authenticated(session);
    requireWrite(principal);
    const nodesAdmin = holdsCapability(principal, NetworkPermissions.nodesAdmin);
    let capabilities = input.capabilities;
    let metadata = input.metadata;
    if (principal.type === 'agent') {
      // §12.3: an agent registers only its own id; its token's capabilities join the advertised ones.
      if (input.id !== principal.agentId)
        throw new SocketRefusal('Agent ID does not match authenticated identity', 'agent_id_mismatch');
      capabilities = [...new Set([...input.capabilities, ...principal.entitlements])];
      // The org comes from the owner (the registry writes metadata.orgId from it).
      metadata = { ...input.metadata, authenticatedAgentId: principal.agentId };
    } else if (principal.type === 'service') {
      // A platform service registers its own service id (node id == service id, §15).
      if (input.id !== principal.serviceId)
        throw new SocketRefusal('Service ID does not match authenticated identity', 'service_id_mismatch');
    } else {
      if (input.type === 'assistant')
        throw new SocketRefusal('Agent authentication required', 'agent_authentication_required');
      // §12.3 [req]: users register browser clients; anything else needs cap:network.nodes.admin.
      if (input.type !== 'client' && !nodesAdmin) throw refusals.insufficientPermissions(NetworkPermissions.nodesAdmin);
      if (!nodesAdmin && (reservedIds.has(input.id) || input.id.startsWith('assistant:')))
        throw new SocketRefusal('reserved_node_id', 'reserved_node_id', {
          message: 'This node id is reserved for a platform service or an agent',
        });
    }
    // §6 [req]: a principal binds its own entity (identity confirms), a node administrator any.
    if (input.entityId !== undefined && !nodesAdmin && !(await deps.entities.mayActAs(principal, input.entityId)))
      throw new SocketRefusal('entity_not_owned', 'entity_not_owned', {
        message: 'Identity does not confirm that this principal may act as that entity',
      });
    const registration = fabric.registry.register({ ...input, capabilities, ...(metadata && { metadata }) }, owner, {
      socketId: socket.id,
      // A service's or agent's own id is theirs by identity: they take it over from whoever registered it without a
      // live socket (an operator over REST, a stale registration).
      allowTakeover: principal.type !== 'user',
    });
    // §12.3 [req]: the socket that held the node before leaves its room.
    if (registration.previousSocketId !== undefined)
      deps.io.in(registration.previousSocketId).socketsLeave(nodeRoom(input.id));
    await socket.join(nodeRoom(input.id));
    session.nodes.add(input.id);
    deps.announce.joined(registration.node, principal.type === 'agent');
    if (principal.type !== 'agent') return { ok: true, node: registration.node };
    return {
      ok: true,
      node: registration.node,
      agent: { id: principal.id, agentId: principal.agentId, name: principal.name, orgId: principal.orgId },
    };
  });

  on('node:heartbeat', async (payload) => {
    const { nodeId } = nodeIdPayload.parse(payload);
    const { owner } = authenticated(session);
    fabric.registry.heartbeat(nodeId, owner);
    return { ok: true };
  });

  on('node:unregister', async (payload) => {
    const { nodeId } = nodeIdPayload.parse(payload);
    const { principal, owner } = authenticated(session);
    requireWrite(principal);
    const node = fabric.registry.get(nodeId);
    fabric.registry.unregister(nodeId, owner);
    await socket.leave(nodeRoom(nodeId));
    session.nodes.delete(nodeId);
    if (node) deps.announce.left(node);
    return { ok: true };
  });

  on('event:send', async (payload) => {
    const input = sendPayload.parse(payload);
    const { principal, owner } = authenticated(session);
    requireWrite(principal);
    if (principal.type === 'user') requireCapability(principal, NetworkPermissions.eventsWrite);
    // network W1: only a node this principal registered may be the source.
    if (fabric.registry.ownerOf(input.source)?.key !== owner.key) throw refusals.nodeNotOwned();
    const { event, trace } = await fabric.route(input as EventRequest);
    return { ok: true, eventId: event.wrapper.id, trace };
  });

  on('contract:create', async (payload) => {
    const input = contractPayload.parse(payload);
    const { principal, owner } = authenticated(session);
    requireWrite(principal);
    // §12.3: users need CONTRACTS_WRITE; agents and services may only create contracts from nodes they own.
    const holdsWrite = holdsCapability(principal, NetworkPermissions.contractsWrite);
    if (principal.type === 'user' && !holdsWrite)
      throw refusals.insufficientPermissions(NetworkPermissions.contractsWrite);
    const contract = fabric.contracts.create(input, holdsWrite ? undefined : owner);
    deps.announce.contractCreated(contract);
    return { ok: true, contract };
  });

  on('sdn:watch', async (payload) => {
    const filter = watchPayload.parse(payload);
    const { principal } = authenticated(session);
    requireCapability(principal, NetworkPermissions.eventsRead);
    const subscription = watches.add(socket.id, filter, session.viewer!);
    if (subscription === null)
      throw new SocketRefusal('too_many_watches', 'too_many_watches', { message: 'Too many watch subscriptions' });
    return { ok: true, subscriptionId: subscription.id };
  });

  on('sdn:unwatch', async (payload) => {
    const { subscriptionId } = unwatchPayload.parse(payload);
    authenticated(session);
    return { ok: watches.remove(subscriptionId, socket.id) };
  });

  on('sdn:topology', async () => {
    const { principal } = authenticated(session);
    requireCapability(principal, NetworkPermissions.topologyRead);
    return fabric.views.topology(session.viewer!) as unknown as Record<string, unknown>;
  });
}
