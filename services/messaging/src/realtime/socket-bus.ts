import type { Server } from 'socket.io';
import { conversationRoom, principalRoom, type RealtimeBus } from './realtime-bus.js';

/** The bus over Socket.IO rooms; through the Redis adapter each call reaches every replica's sockets. */
export function createSocketBus(io: Server): RealtimeBus {
  return {
    emitToConversation(conversationId, event, payload) {
      io.to(conversationRoom(conversationId)).emit(event, payload);
    },
    addToConversation(conversationId, principalId) {
      io.in(principalRoom(principalId)).socketsJoin(conversationRoom(conversationId));
    },
    removeFromConversation(conversationId, principalId) {
      io.in(principalRoom(principalId)).socketsLeave(conversationRoom(conversationId));
    },
    closeConversation(conversationId) {
      io.in(conversationRoom(conversationId)).socketsLeave(conversationRoom(conversationId));
    },
  };
}
