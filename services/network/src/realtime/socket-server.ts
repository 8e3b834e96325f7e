import {
  authenticateHandshake,
  handshakeCredentials,
  HandshakeError,
  handshakeRefusal,
  apiKeyAllows,
  onCredentialExpiry,
  revocationConcerns,
  type CredentialAuthenticator,
  type RevocationEvent,
  type RevocationFeedFollower,
} from '@symbia/auth';
import { createFixedWindowLimiter, type ServiceApp } from '@symbia/kit';
import { createSocketServer } from '@symbia/kit/socket';
import type { Contract, NetworkNode } from '@symbia/relay';
import type { Server, Socket } from 'socket.io';
import type { EntityOwnership } from '../access/entity-ownership.js';
import { ownerOf } from '../access/owner.js';
import { viewerOf } from '../access/viewer.js';
import type { NetworkConfig } from '../config.js';
import { canSeeNode } from '../domain/tenancy.js';
import type { NetworkFabric } from '../domain/index.js';
import { registerSocketHandlers } from './socket-handlers.js';
import { AUTHENTICATED_ROOM, type SocketSession } from './socket-session.js';
import type { WatchSubscriptions } from './watch-subscriptions.js';

export interface SocketServerDeps {
  config: NetworkConfig;
  authenticator: CredentialAuthenticator;
  fabric: NetworkFabric;
  watches: WatchSubscriptions;
  entities: EntityOwnership;
  /** Identity's revocation feed (DESIGN §6): sockets of a revoked credential are closed at once. */
  revocations?: Pick<RevocationFeedFollower, 'onRevocation'> | null;
}

const NETWORK_READ = 'network:read';

/**
 * Socket.IO on the app's HTTP server (network.md §14): handshake authentication through `@symbia/auth` (JWTs
 * verified locally, API keys introspected once per handshake, network.md §12.3), the client events, announcements
 * to authenticated sockets, and release of a socket's nodes on disconnect (network W16).
 *
 * A socket without a credential is accepted and can do nothing (every event answers `authentication_required`);
 * a socket presenting an invalid credential is refused at the handshake (`connect_error` with `data.code`), so a
 * client with an expired token learns it instead of silently losing its rights.
 */
export function attachSocketServer(app: ServiceApp, deps: SocketServerDeps): Server {
  const { config, fabric, watches } = deps;
  const settings = config.network;
  const io = createSocketServer(app, {
    config,
    pingIntervalMs: settings.socketPingIntervalMs,
    pingTimeoutMs: settings.socketPingTimeoutMs,
  });
  const limiter = createFixedWindowLimiter({ windowMs: settings.socketEventWindowMs, max: settings.socketEventMax });
  const sessions = new Map<string, SocketSession>();
  const pending = new WeakMap<Socket, SocketSession>();

  io.use((socket, next) => {
    const credentials = handshakeCredentials(socket.handshake.auth, socket.handshake.headers);
    authenticateHandshake(deps.authenticator, credentials)
      .then((principal) => {
        if (principal !== null && !apiKeyAllows(principal, NETWORK_READ))
          throw new HandshakeError(`This API key lacks the ${NETWORK_READ} scope`, { code: 'api_key_scope_missing' });
        pending.set(socket, {
          socket,
          principal,
          owner: principal ? ownerOf(principal) : null,
          viewer: principal ? viewerOf(principal) : null,
          nodes: new Set(),
        });
        next();
      })
      .catch((error: unknown) => {
        if (!(error instanceof HandshakeError)) app.log.error({ err: error }, 'socket handshake failed');
        next(handshakeRefusal(error));
      });
  });

  /** §14.2 [req]: announcements reach authenticated sockets that may see the node (§12.4). */
  const announce = (event: string, node: NetworkNode, body: Record<string, unknown>) => {
    for (const session of sessions.values())
      if (session.viewer !== null && canSeeNode(session.viewer, node)) session.socket.emit(event, body);
  };
  const announcer = {
    joined: (node: NetworkNode, isAgent: boolean) =>
      announce('network:node:joined', node, {
        nodeId: node.id,
        name: node.name,
        type: node.type,
        ...(isAgent ? { isAgent: true } : {}),
      }),
    left: (node: NetworkNode) => announce('network:node:left', node, { nodeId: node.id }),
    /** Like node announcements, a new contract reaches only sockets whose viewer may see it (§12.4). */
    contractCreated: (contract: Contract) => {
      for (const session of sessions.values())
        if (session.viewer !== null && fabric.views.canSeeContract(contract, session.viewer))
          session.socket.emit('network:contract:created', contract);
    },
  };

  io.on('connection', (socket) => {
    const session = pending.get(socket);
    if (!session) return void socket.disconnect(true);
    sessions.set(socket.id, session);
    if (session.principal !== null) void socket.join(AUTHENTICATED_ROOM);
    registerSocketHandlers(session, {
      io,
      fabric,
      watches,
      entities: deps.entities,
      limiter,
      logger: app.log,
      announce: announcer,
    });
    const cancelExpiry =
      session.principal === null
        ? () => undefined
        : onCredentialExpiry(session.principal, () => {
            socket.emit('session:expired', { reason: 'Credential expired; reconnect with a fresh token' });
            socket.disconnect(true);
          });
    socket.on('disconnect', () => {
      cancelExpiry();
      sessions.delete(socket.id);
      watches.removeSocket(socket.id);
      // §5.1: the nodes stay registered without a socket, and lose their entity binding (network W16).
      const nodes = fabric.registry.nodesOnSocket(socket.id).map((id) => fabric.registry.get(id));
      fabric.registry.detachSocket(socket.id);
      for (const node of nodes) if (node) announce('network:node:disconnected', node, { nodeId: node.id });
    });
  });

  const closeRevoked = (event: RevocationEvent) => {
    for (const session of sessions.values()) {
      if (session.principal === null || !revocationConcerns(event, session.principal)) continue;
      session.socket.emit('session:expired', { reason: 'Credential revoked; reconnect with a fresh token' });
      session.socket.disconnect(true);
    }
  };
  const unsubscribe = deps.revocations?.onRevocation(closeRevoked);
  app.addHook('onClose', async () => {
    unsubscribe?.();
  });
  return io;
}
