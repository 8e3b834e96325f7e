/**
 * What domain code may ask of the live channel. Implemented over Socket.IO rooms (`conversation:<id>`,
 * `principal:<id>`), so with the Redis adapter every call reaches the sockets of every replica.
 */
export interface RealtimeBus {
  emitToConversation(conversationId: string, event: string, payload: unknown): void;
  /** W8: a new participant's open sockets join the room at once. */
  addToConversation(conversationId: string, principalId: string): void;
  /** W8: a removed participant's sockets leave the room at once (and stop receiving). */
  removeFromConversation(conversationId: string, principalId: string): void;
  /** A deleted conversation: every socket leaves its room, watchers included. */
  closeConversation(conversationId: string): void;
}

export const conversationRoom = (conversationId: string): string => `conversation:${conversationId}`;
export const principalRoom = (principalId: string): string => `principal:${principalId}`;

/** Before the socket server exists (and in domain tests without sockets). */
export const silentBus: RealtimeBus = {
  emitToConversation() {},
  addToConversation() {},
  removeFromConversation() {},
  closeConversation() {},
};

/** Lets app.ts build the services before Socket.IO is attached, then plug the real bus in. */
export function createDeferredBus(): RealtimeBus & { attach(bus: RealtimeBus): void } {
  let target: RealtimeBus = silentBus;
  return {
    attach(bus) {
      target = bus;
    },
    emitToConversation: (id, event, payload) => target.emitToConversation(id, event, payload),
    addToConversation: (id, principalId) => target.addToConversation(id, principalId),
    removeFromConversation: (id, principalId) => target.removeFromConversation(id, principalId),
    closeConversation: (id) => target.closeConversation(id),
  };
}
