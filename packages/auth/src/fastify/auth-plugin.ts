import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  createCredentialAuthenticator,
  type CredentialAuthenticator,
  type CredentialAuthenticatorOptions,
} from '../credentials/credential-authenticator.js';
import type { Principal } from '../principal.js';

export type AuthPluginOptions = CredentialAuthenticatorOptions;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once `authenticate` (or any guard) has run for this request; null for anonymous callers. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    readonly symbiaAuth: CredentialAuthenticator;
  }
}

/**
 * Registers credential resolution once for the whole app (fastify-plugin, so guards in every
 * encapsulated route group see it). Nothing runs per request until a guard asks: public routes pay nothing.
 * `X-As-User-Id` impersonation is not implemented here (DESIGN §6 reserves it for `cap:impersonate`).
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, options: AuthPluginOptions) => {
    app.decorate('symbiaAuth', createCredentialAuthenticator(options));
    app.decorateRequest('principal', null);
  },
  { name: '@symbia/auth', fastify: '5.x' },
);

const resolutions = new WeakMap<FastifyRequest, Promise<Principal | null>>();

/**
 * The caller's principal, resolved at most once per request: null when no credential was presented,
 * a 401 AppError when one was presented and is invalid. Usable directly as a `preHandler` (optional auth).
 */
export function authenticate(request: FastifyRequest): Promise<Principal | null> {
  let resolution = resolutions.get(request);
  if (resolution === undefined) {
    resolution = resolvePrincipal(request);
    resolutions.set(request, resolution);
  }
  return resolution;
}

async function resolvePrincipal(request: FastifyRequest): Promise<Principal | null> {
  if (!request.server.hasDecorator('symbiaAuth')) throw new Error('@symbia/auth: register authPlugin before using its guards');
  const principal = await request.server.symbiaAuth.authenticate(request.headers);
  request.principal = principal;
  return principal;
}
