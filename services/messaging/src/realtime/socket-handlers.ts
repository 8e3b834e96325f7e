import { API_KEY_SCOPE_MISSING, apiKeyAllows, holdsCapability, isOrgMember } from '@symbia/auth';
import type { FixedWindowLimiter } from '@symbia/kit';
import type { Server, Socket } from 'socket.io';
import { loadAsParticipant } from '../conversations/access.js';
import type { Actor } from '../conversations/actor.js';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { CAP_OBSERVE } from '../control/control-events.js';
import type { ControlService } from '../control/control.service.js';
import { MessagingErrorCodes } from '../errors.js';
import type { MessageService } from '../messages/message.service.js';
import { broadcastPresence, participantRooms } from './presence.js';
import { conversationRoom } from './realtime-bus.js';
import { MESSAGING_WRITE } from './socket-auth.js';
import { onEvent, SocketRefusal, type EventLogger } from './socket-events.js';
import {
  controlPayload,
  conversationIdPayload,
  deletePayload,
  editPayload,
  presenceStatus,
  sendPayload,
} from './socket-payloads.js';

export interface SocketSession {
  socket: Socket;
  actor: Actor;
  /** The handshake's bearer JWT, for the assistants webhook only. */
  bearerToken: string | null;
  /** Conversations this socket observes without taking part (watch:conversation). */
  watching: Set<string>;
}

export interface SocketHandlerDeps {
  io: Server;
  conversations: ConversationStore;
  services: { messages: MessageService; control: ControlService };
  limiter: FixedWindowLimiter;
  logger: EventLogger;
}

/** messaging.md §7.1, one handler per client event; every one goes through the same domain services as REST. */
export function registerSocketHandlers(session: SocketSession, deps: SocketHandlerDeps): void {
  const { socket, actor, watching } = session;
  const { conversations, services } = deps;
  const on = (
    event: string,
    fallback: string,
    handler: (payload: unknown) => Promise<Record<string, unknown> | void>,
  ) => onEvent(socket, deps, event, fallback, handler);

  /** Typing and announcements: only a participant's socket that is in the room (evicted at once on removal, W8). */
  const requireInRoom = (conversationId: string) => {
    if (!socket.rooms.has(conversationRoom(conversationId)) || watching.has(conversationId)) {
      throw new SocketRefusal('Not a participant', MessagingErrorCodes.notAParticipant);
    }
  };

  on('join:conversation', 'Failed to join', async (payload) => {
    const conversationId = conversationIdPayload.parse(payload);
    // Straight from the database, so a participant added a moment ago can join at once (W8).
    await loadAsParticipant(conversations, actor, conversationId);
    watching.delete(conversationId);
    await socket.join(conversationRoom(conversationId));
  });

  on('leave:conversation', 'Failed to leave', async (payload) => {
    const conversationId = conversationIdPayload.parse(payload);
    watching.delete(conversationId);
    await socket.leave(conversationRoom(conversationId));
  });

  /** Posting over a socket opened with an API key needs the key's messaging:write scope, as over REST. */
  const requireWrite = () => {
    if (!apiKeyAllows(actor.principal, MESSAGING_WRITE))
      throw new SocketRefusal(`This API key lacks the ${MESSAGING_WRITE} scope`, API_KEY_SCOPE_MISSING);
  };

  on('message:send', 'Failed to send message', async (payload) => {
    requireWrite();
    const { conversationId, ...input } = sendPayload.parse(payload);
    const { message } = await services.messages.send(actor, conversationId, input, {
      bearerToken: session.bearerToken,
    });
    return { message };
  });

  on('message:edit', 'Failed to edit message', async (payload) => {
    requireWrite();
    const { messageId, content } = editPayload.parse(payload);
    return { message: await services.messages.edit(actor, messageId, content) };
  });

  on('message:delete', 'Failed to delete message', async (payload) => {
    requireWrite();
    await services.messages.remove(actor, deletePayload.parse(payload));
  });

  on('control:send', 'Failed to send control event', async (payload) => {
    requireWrite();
    const { conversationId, ...input } = controlPayload.parse(payload);
    return { control: (await services.control.send(actor, conversationId, input)).message };
  });

  for (const [event, relayed] of [
    ['typing:start', 'typing:started'],
    ['typing:stop', 'typing:stopped'],
  ] as const) {
    on(event, 'Failed to relay typing', async (payload) => {
      const conversationId = conversationIdPayload.parse(payload);
      requireInRoom(conversationId);
      socket
        .to(conversationRoom(conversationId))
        .emit(relayed, { conversationId, userId: actor.id, userType: actor.type });
    });
  }

  on('presence:update', 'Failed to update presence', async (payload) => {
    broadcastPresence(socket, participantRooms(socket, watching), actor, presenceStatus.parse(payload));
  });

  on('announce:presence', 'Failed to announce presence', async (payload) => {
    const conversationId = conversationIdPayload.parse(payload);
    requireInRoom(conversationId);
    // §7.1: to the whole room, this socket included.
    deps.io.to(conversationRoom(conversationId)).emit('participant:online', {
      conversationId,
      userId: actor.id,
      userType: actor.type,
      agentId: actor.type === 'agent' ? actor.id : null,
    });
  });

  on('watch:conversation', 'Failed to watch conversation', async (payload) => {
    const conversationId = conversationIdPayload.parse(payload);
    const principal = actor.principal;
    if (actor.type !== 'agent' || !holdsCapability(principal, CAP_OBSERVE)) {
      throw new SocketRefusal('Observe capability required', MessagingErrorCodes.observeNotAllowed);
    }
    // W15: observers see only their own org's conversations; anything else reads as unknown.
    const conversation = await conversations.find(conversationId);
    if (
      !conversation ||
      (!principal.isSuperAdmin && (conversation.orgId === null || !isOrgMember(principal, conversation.orgId)))
    ) {
      throw new SocketRefusal('Not a participant', MessagingErrorCodes.notAParticipant);
    }
    if (!socket.rooms.has(conversationRoom(conversationId))) watching.add(conversationId);
    await socket.join(conversationRoom(conversationId));
  });

  on('unwatch:conversation', 'Failed to unwatch conversation', async (payload) => {
    const conversationId = conversationIdPayload.parse(payload);
    if (!watching.delete(conversationId)) return;
    await socket.leave(conversationRoom(conversationId));
  });
}
