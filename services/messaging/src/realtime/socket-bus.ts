import type { Server } from 'socket.io';
import {
  conversationRoom,
  principalAnyOrgRoom,
  principalOrgRoom,
  principalRoom,
  type RealtimeBus,
} from './realtime-bus.js';

/** The bus over Socket.IO rooms; through the Redis adapter each call reaches every replica's sockets. */
export function createSocketBus(io: Server): RealtimeBus {
  return {
    emitToConversation(conversationId, event, payload) {
      io.to(conversationRoom(conversationId)).emit(event, payload);
    },
    addToConversation(conversationId, principalId, orgId) {
      const sockets =
        orgId === null
          ? principalRoom(principalId)
          : [principalOrgRoom(principalId, orgId), principalAnyOrgRoom(principalId)];
      io.in(sockets).socketsJoin(conversationRoom(conversationId));
    },
    removeFromConversation(conversationId, principalId) {
      io.in(principalRoom(principalId)).socketsLeave(conversationRoom(conversationId));
    },
    closeConversation(conversationId) {
      io.in(conversationRoom(conversationId)).socketsLeave(conversationRoom(conversationId));
    },
  };
}
