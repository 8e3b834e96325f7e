import type { SandboxEvent } from '@symbia/relay';
import type { Server } from 'socket.io';

/** The room a node's socket joins on `node:register` (network.md §14.1). */
export const nodeRoom = (nodeId: string) => `node:${nodeId}`;

/**
 * Emits `event:received` to room `node:<id>` on this process (network.md §8). True only when a connected socket is
 * in the room, so a trace says `deliver` only after a real emission (network W5).
 */
export function deliverToLocalSocket(io: Server, nodeId: string, event: SandboxEvent): boolean {
  const room = nodeRoom(nodeId);
  const members = io.of('/').adapter.rooms.get(room);
  if (members === undefined || members.size === 0) return false;
  io.local.to(room).emit('event:received', event);
  return true;
}
