/** `GET /api/bootstrap/service` extras (network.md §13.6): the Socket.IO events clients send and receive. */
export const networkBootstrapExtra = {
  websocketEvents: {
    client: [
      'node:register',
      'node:heartbeat',
      'node:unregister',
      'event:send',
      'contract:create',
      'sdn:watch',
      'sdn:unwatch',
      'sdn:topology',
    ],
    server: [
      'network:node:joined',
      'network:node:left',
      'network:node:disconnected',
      'network:contract:created',
      'event:received',
      'sdn:event',
    ],
  },
};
