import { Server } from 'socket.io';
import type { BaseServiceConfig } from '../config/load-service-config.js';
import type { ServiceApp } from '../create-service.js';
import { createOriginPolicy } from '../http/cors.js';

export interface SocketServerOptions {
  /** The service's CORS allow-list, production flag and body limit (the largest message a socket may send). */
  config: Pick<BaseServiceConfig, 'corsAllowedOrigins' | 'isProduction' | 'bodyLimitBytes'>;
  pingIntervalMs: number;
  pingTimeoutMs: number;
}

/**
 * A Socket.IO server on the app's HTTP server at `/socket.io`, with the HTTP API's origin policy and body limit,
 * closed with the app. Authentication, rooms and events are the service's own.
 *
 * Browsers are accepted only from the allow-list (never `*` with credentials, messaging W16); non-browser clients
 * send no Origin. The sockets are closed in `preClose`, so the HTTP server can finish closing.
 */
export function createSocketServer(app: ServiceApp, options: SocketServerOptions): Server {
  const { config } = options;
  const originAllowed = createOriginPolicy({
    allowedOrigins: config.corsAllowedOrigins,
    production: config.isProduction,
  });
  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    pingInterval: options.pingIntervalMs,
    pingTimeout: options.pingTimeoutMs,
    connectTimeout: 45_000,
    maxHttpBufferSize: config.bodyLimitBytes,
    cors: {
      origin: (origin, callback) => callback(null, origin === undefined || originAllowed(origin)),
      credentials: true,
    },
  });
  app.addHook('preClose', async () => {
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  return io;
}
