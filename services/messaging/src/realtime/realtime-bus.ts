/**
 * What domain code may ask of the live channel. Implemented over Socket.IO rooms (`conversation:<id>`,
 * `principal:<id>`), so with the Redis adapter every call reaches the sockets of every replica.
 */
export interface RealtimeBus {
  emitToConversation(conversationId: string, event: string, payload: unknown): void;
  /**
   * W8: a new participant's open sockets join the room at once; for an org's conversation only the sockets whose
   * principal is a member of that org (DESIGN §6: a removed member is not put back into the room by a re-add).
   */
  addToConversation(conversationId: string, principalId: string, orgId: string | null): void;
  /** W8: a removed participant's sockets leave the room at once (and stop receiving). */
  removeFromConversation(conversationId: string, principalId: string): void;
  /** A deleted conversation: every socket leaves its room, watchers included. */
  closeConversation(conversationId: string): void;
}

export const conversationRoom = (conversationId: string): string => `conversation:${conversationId}`;
export const principalRoom = (principalId: string): string => `principal:${principalId}`;
/** Every socket of the principal whose credential lists `orgId` among its orgs. */
export const principalOrgRoom = (principalId: string, orgId: string): string => `principal:${principalId}:org:${orgId}`;
/** Every socket of the principal that reaches every org (super admins). */
export const principalAnyOrgRoom = (principalId: string): string => `principal:${principalId}:any-org`;

/** The rooms a socket of `principal` joins at connect besides its conversations (see addToConversation). */
export const principalRooms = (
  principalId: string,
  principal: { isSuperAdmin: boolean; orgs: readonly { id: string }[] },
): string[] => [
  principalRoom(principalId),
  ...principal.orgs.map((o) => principalOrgRoom(principalId, o.id)),
  ...(principal.isSuperAdmin ? [principalAnyOrgRoom(principalId)] : []),
];

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
    addToConversation: (id, principalId, orgId) => target.addToConversation(id, principalId, orgId),
    removeFromConversation: (id, principalId) => target.removeFromConversation(id, principalId),
    closeConversation: (id) => target.closeConversation(id),
  };
}
