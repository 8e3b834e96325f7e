import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createTrustedProxies, resolveClientAddress, type TrustedProxies } from '../throttle/trusted-proxies.js';

declare module 'fastify' {
  interface FastifyInstance {
    trustedProxies: TrustedProxies;
  }
}

const nobody: TrustedProxies = { has: () => false };

/** TRUSTED_PROXIES for every route of `app`; without it only the socket peer counts. */
export function registerTrustedProxies(app: FastifyInstance, entries: readonly string[]): void {
  app.decorate('trustedProxies', createTrustedProxies(entries));
}

/**
 * The one place identity reads a caller's address (login throttle, W13 limits, sessions, audit): the socket
 * peer, or the address a trusted proxy forwarded (throttle/trusted-proxies.ts).
 */
export function clientAddressOf(request: FastifyRequest): string {
  return resolveClientAddress(
    request.socket.remoteAddress,
    request.headers['x-forwarded-for'],
    request.server.trustedProxies ?? nobody,
  );
}
