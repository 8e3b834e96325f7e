import { io, type Socket } from 'socket.io-client';

export type Ack = { ok: boolean; error?: string; code?: string; requiredPermission?: string; [key: string]: unknown };

/** A real Socket.IO client; resolves once connected, rejects with the server's connect_error. */
export function connectSocket(url: string, token?: string | { apiKey: string }): Promise<Socket> {
  const socket = io(url, {
    auth: token === undefined ? {} : typeof token === 'string' ? { token } : token,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Every payload of `event` this socket receives, in order, with a way to wait for the next ones. */
export function record<T = Record<string, unknown>>(socket: Socket, event: string) {
  const seen: T[] = [];
  const waiters: { n: number; wake: () => void }[] = [];
  socket.on(event, (payload: T) => {
    seen.push(payload);
    for (const w of waiters.filter((x) => seen.length >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.wake();
    }
  });
  return {
    seen,
    async waitFor(n: number): Promise<T[]> {
      if (seen.length < n) await new Promise<void>((wake) => waiters.push({ n, wake }));
      return seen;
    },
  };
}

export const emitAck = (socket: Socket, event: string, ...args: unknown[]): Promise<Ack> =>
  socket.timeout(5_000).emitWithAck(event, ...args) as Promise<Ack>;

/** A round trip on `socket`: everything the server emitted to it before now has arrived. */
export const settle = async (socket: Socket) => {
  await emitAck(socket, 'sdn:unwatch', { subscriptionId: 'none' });
};

export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.disconnected) return resolve();
    socket.once('disconnect', () => resolve());
    socket.close();
  });
}
