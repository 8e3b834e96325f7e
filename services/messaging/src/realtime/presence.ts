import type { Server, Socket } from 'socket.io';
import type { Actor } from '../conversations/actor.js';
import type { OfflineGate } from './offline-gate.js';
import { principalRoom } from './realtime-bus.js';

export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';

const ROOM_PREFIX = 'conversation:';

/** The conversation rooms a socket is in as a participant (watch-only rooms excluded). */
export function participantRooms(socket: Socket, watching: ReadonlySet<string>): string[] {
  return [...socket.rooms].filter(
    (room) => room.startsWith(ROOM_PREFIX) && !watching.has(room.slice(ROOM_PREFIX.length)),
  );
}

const who = (actor: Actor) => ({
  userId: actor.id,
  userType: actor.type,
  agentId: actor.type === 'agent' ? actor.id : null,
});

/** §5.4: `participant:online` into each room the principal takes part in, to the others there. */
export function announceOnline(socket: Socket, rooms: readonly string[], actor: Actor): void {
  for (const room of rooms)
    socket.to(room).emit('participant:online', { conversationId: room.slice(ROOM_PREFIX.length), ...who(actor) });
}

/** W13: presence goes only to sockets sharing a conversation with the principal; one emit, so nobody gets it twice. */
export function broadcastPresence(
  socket: Socket,
  rooms: readonly string[],
  actor: Actor,
  status: PresenceStatus,
): void {
  if (rooms.length === 0) return;
  socket.to([...rooms]).emit('presence:changed', { ...who(actor), status });
}

/**
 * W13: offline is announced only when the principal's last socket (on any replica) is gone. The rooms were
 * captured while the socket was still in them (`disconnecting`).
 */
export async function announceOfflineIfLast(
  io: Server,
  gate: OfflineGate,
  rooms: readonly string[],
  actor: Actor,
): Promise<void> {
  const remaining = await io.in(principalRoom(actor.id)).fetchSockets();
  if (remaining.length > 0 || rooms.length === 0) return;
  if (!(await gate.claimOffline(actor.id))) return;
  for (const room of rooms)
    io.to(room).emit('participant:offline', { conversationId: room.slice(ROOM_PREFIX.length), ...who(actor) });
  io.to([...rooms]).emit('presence:changed', { ...who(actor), status: 'offline' });
}
