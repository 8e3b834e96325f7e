// A subpath of its own (`@symbia/kit/socket`), so services without sockets never load socket.io.
export { createSocketServer, type SocketServerOptions } from './create-socket-server.js';
