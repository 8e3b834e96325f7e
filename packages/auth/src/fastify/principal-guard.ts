import type { FastifyRequest } from 'fastify';

/** A `preHandler` hook. Typed loosely on the request so it fits routes with any generics or type provider. */
export type AuthGuard = (request: FastifyRequest) => Promise<void>;

const REQUIRES_PRINCIPAL = Symbol('symbia.auth.requiresPrincipal');

/**
 * Marks a guard that refuses anonymous callers. `authPlugin` then authenticates the route's callers before the
 * request is validated, so an anonymous caller gets 401 whatever it sent, never a 400 describing the schema.
 */
export function principalGuard<G extends AuthGuard>(guard: G): G {
  Object.defineProperty(guard, REQUIRES_PRINCIPAL, { value: true });
  return guard;
}

/** Whether a route hook is a guard marked by `principalGuard`. */
export function requiresPrincipal(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as unknown as Record<symbol, unknown>)[REQUIRES_PRINCIPAL] === true;
}
