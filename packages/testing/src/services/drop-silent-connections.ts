import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Makes `server.close()` also destroy the connections that never sent a request. Node counts such a connection as
 * busy (its headers timer runs from the connect), so `close()` waits for it until `headersTimeout`, about 60 s. A
 * test produces one when fetch opens a connection for a request it then aborts: a revocation feed follower
 * closed while it reconnects does (services/identity/test/routes/revocations.test.ts stalled ~70 s about every
 * other run). Nothing is lost: the connection carries no request, and after `close()` no new one is accepted.
 */
export function dropSilentConnectionsOnClose(server: Server): void {
  const silent = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    silent.add(socket);
    socket.once('close', () => silent.delete(socket));
  });
  const spoke = (request: IncomingMessage) => silent.delete(request.socket);
  server.on('request', spoke);
  server.on('upgrade', spoke); // a WebSocket (Socket.IO) is a live connection, closed by its own server
  const close = server.close.bind(server);
  server.close = (callback) => {
    close(callback);
    for (const socket of silent) socket.destroy();
    return server;
  };
}
