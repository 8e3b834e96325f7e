import { emitAck as emitAckOf } from '@symbia/testing';
import type { Socket } from 'socket.io-client';

export { closed, connectSocket, record } from '@symbia/testing';

/** network.md §14's acknowledgement shape. */
export type Ack = { ok: boolean; error?: string; code?: string; requiredPermission?: string; [key: string]: unknown };

export const emitAck = (socket: Socket, event: string, ...args: unknown[]) => emitAckOf<Ack>(socket, event, ...args);

/** A round trip on `socket`: everything the server emitted to it before now has arrived. */
export const settle = async (socket: Socket) => {
  await emitAck(socket, 'sdn:unwatch', { subscriptionId: 'none' });
};
