// A subpath of its own (`@symbia/kit/socket`), so services without sockets never load socket.io.
export { createSocketServer, type SocketServerOptions } from './create-socket-server.js';
export { onSocketEvent, type SocketEventOptions } from './on-socket-event.js';
