import { emitAck as emitAckOf } from '@symbia/testing';
import type { Socket } from 'socket.io-client';

export { closed, connectSocket, record } from '@symbia/testing';

/** messaging.md §7's acknowledgement shape. */
export type Ack = {
  success: boolean;
  error?: string;
  code?: string;
  message?: Record<string, unknown>;
  control?: Record<string, unknown>;
};

export const emitAck = (socket: Socket, event: string, ...args: unknown[]) => emitAckOf<Ack>(socket, event, ...args);
