import { io, type Socket } from 'socket.io-client';

/** How long an acknowledgement may take before the test fails with a clear error instead of the test timeout. */
const ACK_TIMEOUT_MS = 5_000;

/**
 * A real Socket.IO client (DESIGN: real components in tests); resolves once connected, rejects with the server's
 * `connect_error`. `auth` is the handshake's `auth` object, or a bare string sent as `{ token }`.
 */
export function connectSocket(
  url: string,
  auth?: string | Record<string, string>,
  extraHeaders?: Record<string, string>,
): Promise<Socket> {
  const socket = io(url, {
    auth: typeof auth === 'string' ? { token: auth } : (auth ?? {}),
    ...(extraHeaders && { extraHeaders }),
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

/** Emits `event` and resolves with the server's acknowledgement; rejects when none comes within ACK_TIMEOUT_MS. */
export const emitAck = <A = Record<string, unknown>>(socket: Socket, event: string, ...args: unknown[]): Promise<A> =>
  socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, ...args) as Promise<A>;

/** Closes `socket` and resolves once it is disconnected (at once when it already is). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.disconnected) return resolve();
    socket.once('disconnect', () => resolve());
    socket.close();
  });
}
