import { AppError, unauthorized } from '@symbia/kit/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  createCredentialAuthenticator,
  type CredentialAuthenticator,
  type CredentialAuthenticatorOptions,
} from '../credentials/credential-authenticator.js';
import type { Principal } from '../principal.js';
import { apiKeyAllows, isReadMethod, type ApiKeyScopeDomain } from '../capabilities/api-key-scopes.js';
import { AuthErrorCodes } from './error-codes.js';
import { requiresPrincipal } from './principal-guard.js';

export interface AuthPluginOptions extends CredentialAuthenticatorOptions {
  /**
   * The service's API-key scope domain (DESIGN §6 "API-key scopes are enforced on every route"). With it, a request
   * authenticated by an API key needs the route's `config.apiKeyScope`, else `<domain>:read` for GET/HEAD/OPTIONS and
   * `<domain>:write` for the rest; a key without it gets 403 `api_key_scope_missing`. JWT callers are not affected.
   */
  apiKeyScopeDomain?: ApiKeyScopeDomain;
}

/** The default scopes of a service's routes, built once at registration. */
interface RouteScopeDefaults {
  readonly read: string;
  readonly write: string;
}

export const API_KEY_SCOPE_MISSING = AuthErrorCodes.apiKeyScopeMissing;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API-key scope this route needs instead of its domain's read/write scope (e.g. `integrations:execute`). */
    apiKeyScope?: string;
  }
  interface FastifyRequest {
    /** Set once `authenticate` (or any guard) has run for this request; null for anonymous callers. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    readonly symbiaAuth: CredentialAuthenticator;
    /** null when the service enforces no API-key scopes (no `apiKeyScopeDomain`). */
    readonly symbiaApiKeyScopes: RouteScopeDefaults | null;
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
    const domain = options.apiKeyScopeDomain;
    app.decorate(
      'symbiaApiKeyScopes',
      domain === undefined ? null : Object.freeze({ read: `${domain}:read`, write: `${domain}:write` }),
    );
    app.decorateRequest('principal', null);
    // A route whose guards refuse anonymous callers authenticates them before its schema runs: without a credential
    // the answer is 401 whatever the body, so anonymous callers learn nothing from validation errors.
    app.addHook('onRoute', (route) => {
      if (![route.preHandler].flat().some(requiresPrincipal)) return;
      route.preValidation = [authenticateFirst, ...[route.preValidation ?? []].flat()];
    });
  },
  { name: '@symbia/auth', fastify: '5.x' },
);

const resolutions = new WeakMap<FastifyRequest, Promise<Principal | null>>();

async function authenticateFirst(request: FastifyRequest): Promise<void> {
  if ((await authenticate(request)) === null) throw unauthorized();
}

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
  if (!request.server.hasDecorator('symbiaAuth'))
    throw new Error('@symbia/auth: register authPlugin before using its guards');
  const principal = await request.server.symbiaAuth.authenticate(request.headers);
  if (principal !== null && principal.via === 'api_key') assertApiKeyScope(request, principal);
  request.principal = principal;
  return principal;
}

/** The scope check runs where the principal is resolved, so no guard (or route that forgets one) skips it. */
function assertApiKeyScope(request: FastifyRequest, principal: Principal): void {
  const defaults = request.server.symbiaApiKeyScopes;
  if (defaults === null) return;
  const required =
    request.routeOptions.config.apiKeyScope ?? (isReadMethod(request.method) ? defaults.read : defaults.write);
  if (!apiKeyAllows(principal, required)) {
    throw new AppError(403, API_KEY_SCOPE_MISSING, `This API key lacks the ${required} scope`, {
      details: { requiredScope: required },
    });
  }
}
