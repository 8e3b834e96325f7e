import type { Principal } from '@symbia/auth';
import type { Socket } from 'socket.io';
import type { Viewer } from '../domain/tenancy.js';
import type { NodeOwner } from '../domain/types.js';

/** What the handshake established about a socket (network.md §12.3); fixed for the socket's life. */
export interface SocketSession {
  socket: Socket;
  /** null: an anonymous socket, which may connect but do nothing (network W1). */
  principal: Principal | null;
  owner: NodeOwner | null;
  viewer: Viewer | null;
  /** Node ids this socket registered (their delivery room is joined). */
  nodes: Set<string>;
}

/** Room of every authenticated socket: announcements go only there (§14.2 [req]). */
export const AUTHENTICATED_ROOM = 'authenticated';
