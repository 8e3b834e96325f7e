import {
  handshakeRefusal,
  revocationConcerns,
  type CredentialAuthenticator,
  type RevocationEvent,
  type RevocationFeedFollower,
} from '@symbia/auth';
import { createFixedWindowLimiter, type ServiceApp } from '@symbia/kit';
import { createSocketServer } from '@symbia/kit/socket';
import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import type { MessagingConfig, MessagingSettings } from '../config.js';
import { reachableScope } from '../conversations/access.js';
import { actorOf, type Actor } from '../conversations/actor.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import type { ControlService } from '../control/control.service.js';
import type { MessageService } from '../messages/message.service.js';
import { announceOfflineIfLast, announceOnline, participantRooms } from './presence.js';
import { conversationRoom, principalRooms, type RealtimeBus } from './realtime-bus.js';
import { createLocalOfflineGate, createRedisOfflineGate } from './offline-gate.js';
import { attachRedisAdapter } from './redis-adapter.js';
import { authenticateHandshake, bearerOf, handshakeCredentials, HandshakeError } from './socket-auth.js';
import { createSocketBus } from './socket-bus.js';
import { registerSocketHandlers, type SocketSession } from './socket-handlers.js';

export interface SocketServerDeps {
  settings: MessagingSettings;
  config: MessagingConfig;
  authenticator: CredentialAuthenticator;
  conversations: ConversationStore;
  services: { messages: MessageService; control: ControlService };
  /** The shared Redis connection when REDIS_URL is set: rooms span replicas, presence claims are shared. */
  redis: Redis | null;
  /** Identity's revocation feed (DESIGN §6): revoked sockets are closed at once. Absent without identity's feed. */
  revocations?: Pick<RevocationFeedFollower, 'onRevocation'> | null;
}

// setTimeout's ceiling; a credential living longer than this is simply not timed out.
const MAX_TIMER_MS = 2_147_483_647;
const sessions = new WeakMap<Socket, SocketSession & { conversationIds: string[] }>();

/**
 * Socket.IO on the Fastify app's HTTP server (messaging.md §7): handshake authentication, rooms per
 * conversation and per principal, the optional Redis adapter, and shutdown with the app.
 */
export async function attachSocketServer(
  app: ServiceApp,
  deps: SocketServerDeps,
): Promise<{ bus: RealtimeBus; io: Server }> {
  const { settings, config } = deps;
  const io = createSocketServer(app, {
    config,
    pingIntervalMs: settings.socketPingIntervalMs,
    pingTimeoutMs: settings.socketPingTimeoutMs,
  });
  const { redis } = deps;
  const adapter =
    redis && settings.redisUrl
      ? await attachRedisAdapter(io, { redis, url: settings.redisUrl, key: settings.redisKey }, app.log)
      : null;
  const offlineGate = redis ? createRedisOfflineGate(redis, settings.redisKey) : createLocalOfflineGate();
  const limiter = createFixedWindowLimiter({ windowMs: settings.socketEventWindowMs, max: settings.socketEventMax });

  io.use((socket, next) => {
    const credentials = handshakeCredentials(socket.handshake.auth, socket.handshake.headers);
    authenticateHandshake(deps.authenticator, credentials)
      .then(async (principal) => {
        const actor = actorOf(principal);
        // Loaded before the connection completes, so the rooms are joined before the client can send anything.
        // Only conversations of orgs the principal still belongs to (participant rows outlive a removal).
        const conversationIds = await deps.conversations.idsForParticipant(actor.id, reachableScope(principal));
        sessions.set(socket, {
          socket,
          actor,
          bearerToken: bearerOf(credentials),
          watching: new Set(),
          conversationIds,
        });
        next();
      })
      .catch((error: unknown) => {
        if (!(error instanceof HandshakeError)) app.log.error({ err: error }, 'socket handshake failed');
        next(handshakeRefusal(error));
      });
  });

  io.on('connection', (socket) => {
    const session = sessions.get(socket);
    if (!session) return void socket.disconnect(true);
    registerSocketHandlers(session, {
      io,
      conversations: deps.conversations,
      services: deps.services,
      limiter,
      logger: app.log,
    });
    joinRooms(session);
    void offlineGate
      .online(session.actor.id)
      .catch((error: unknown) => app.log.warn({ err: error }, 'presence reset failed'));
    void catchUp(session, deps.conversations).catch((error: unknown) => {
      app.log.error({ err: error }, 'socket room catch-up failed');
      socket.disconnect(true);
    });
    expireWithCredential(socket, session.actor);
    let rooms: string[] = [];
    socket.on('disconnecting', () => {
      rooms = participantRooms(socket, session.watching);
    });
    socket.on('disconnect', () => {
      void announceOfflineIfLast(io, offlineGate, rooms, session.actor).catch((error: unknown) =>
        app.log.warn({ err: error }, 'offline announcement failed'),
      );
    });
  });

  const unsubscribe = deps.revocations?.onRevocation((event) => closeRevokedSockets(io, event));
  // Sockets close in preClose (createSocketServer), so the HTTP server can finish closing; Redis last.
  app.addHook('onClose', async () => {
    unsubscribe?.();
    await adapter?.close();
  });
  return { bus: createSocketBus(io), io };
}

/** Synchronously on connection, before any client event is handled: the principal's room and its conversations. */
function joinRooms(session: SocketSession & { conversationIds: string[] }): void {
  const { socket, actor } = session;
  const rooms = session.conversationIds.map(conversationRoom);
  void socket.join([...principalRooms(actor.id, actor.principal), ...rooms]);
  announceOnline(socket, rooms, actor);
}

/**
 * Membership can change while the handshake is loading ids, before the principal room is joined; one more
 * read afterwards closes that gap both ways (W8). Later changes arrive through the principal room.
 */
async function catchUp(
  session: SocketSession & { conversationIds: string[] },
  conversations: ConversationStore,
): Promise<void> {
  const known = new Set(session.conversationIds);
  const fresh = new Set(
    await conversations.idsForParticipant(session.actor.id, reachableScope(session.actor.principal)),
  );
  const joined = [...fresh].filter((id) => !known.has(id));
  if (joined.length > 0) await session.socket.join(joined.map(conversationRoom));
  for (const id of known)
    if (!fresh.has(id) && !session.watching.has(id)) await session.socket.leave(conversationRoom(id));
}

/**
 * A socket's principal is fixed at the handshake, and its rooms follow that principal's orgs; so a revocation of
 * its session, its user, one of its memberships or its API key closes it with `session:expired` (DESIGN §6: a
 * removed member stops receiving the org's conversations at once). The client reconnects with a fresh credential,
 * whose orgs choose its rooms again. Every replica follows the feed itself, so its own sockets are enough.
 */
function closeRevokedSockets(io: Server, event: RevocationEvent): void {
  for (const socket of io.of('/').sockets.values()) {
    const principal = sessions.get(socket)?.actor.principal;
    if (principal === undefined || !revocationConcerns(event, principal)) continue;
    socket.emit('session:expired', { reason: 'Credential revoked; reconnect with a fresh token' });
    socket.disconnect(true);
  }
}

/** A socket lives no longer than the credential it opened with; the client reconnects with a fresh one. */
function expireWithCredential(socket: Socket, actor: Actor): void {
  const expiresAt = actor.principal.expiresAt;
  if (expiresAt === undefined) return;
  const ms = expiresAt * 1000 - Date.now();
  if (ms > MAX_TIMER_MS) return;
  const timer = setTimeout(
    () => {
      socket.emit('session:expired', { reason: 'Credential expired; reconnect with a fresh token' });
      socket.disconnect(true);
    },
    Math.max(0, ms),
  );
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}
