import type { Socket } from 'socket.io';
import type { FixedWindowLimiter } from '../http/fixed-window-limiter.js';

export interface SocketEventOptions<A> {
  limiter: FixedWindowLimiter;
  /** The answer when this socket has sent more events than the limiter allows. */
  rateLimited: A;
  /** Parses the payload and does the work; its answer goes to the ack. May throw or reject. */
  handle: (payload: unknown) => A | Promise<A>;
  /** The answer for what `handle` threw (and where unexpected errors are logged). */
  failure: (error: unknown) => A;
}

/**
 * Registers one client event the same way in every service: rate-limited per socket, the answer (or refusal) sent
 * to the ack when the client gave one and nothing sent without one. Nothing a client sends can throw out of here,
 * synchronously or not, so a malformed payload never crashes the process or leaves an ack hanging.
 */
export function onSocketEvent<A>(socket: Socket, event: string, options: SocketEventOptions<A>): void {
  socket.on(event, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: A) => void) : undefined;
    const respond = (answer: A) => {
      if (ack) ack(answer);
    };
    if (!options.limiter.hit(socket.id).allowed) return respond(options.rateLimited);
    Promise.resolve()
      .then(() => options.handle(args[0]))
      .then(respond, (error: unknown) => respond(options.failure(error)));
  });
}
