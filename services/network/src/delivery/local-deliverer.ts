import type { NetworkNode, SandboxEvent } from '@symbia/relay';
import type { Server } from 'socket.io';
import type { EventDeliverer } from '../domain/types.js';
import type { createHttpDeliverer } from './http-deliverer.js';
import { deliverToLocalSocket } from './socket-deliverer.js';

/**
 * Delivery from this process (network.md §8): to the node's socket when it is connected here, otherwise
 * `POST <endpoint>`. A socket on another replica is the cluster layer's business (it wraps this deliverer).
 */
export function createLocalDeliverer(deps: {
  io: () => Server | null;
  http: ReturnType<typeof createHttpDeliverer>;
}): EventDeliverer & { deliverToSocket(nodeId: string, event: SandboxEvent): boolean } {
  const deliverToSocket = (nodeId: string, event: SandboxEvent) => {
    const io = deps.io();
    return io !== null && deliverToLocalSocket(io, nodeId, event);
  };
  return {
    deliverToSocket,
    async deliver(node: NetworkNode, event: SandboxEvent) {
      if (node.socketId !== undefined && deliverToSocket(node.id, event)) return true;
      if (!node.endpoint) return false;
      return deps.http.deliver(node.endpoint, event);
    },
  };
}
