import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** Where a browser signs in and out: identity's pages, named by a service that only verifies its tokens. */
export interface AuthConfig {
  identityServiceUrl: string;
  loginUrl: string;
  logoutUrl: string;
}

const authConfigResponse = z.object({ identityServiceUrl: z.string(), loginUrl: z.string(), logoutUrl: z.string() });

/** The answer of `GET /api/auth/config` for an identity at `identityUrl` (catalog.md §8.1, messaging.md §6.2). */
export function authConfigOf(identityUrl: string): AuthConfig {
  return {
    identityServiceUrl: identityUrl,
    loginUrl: `${identityUrl}/login`,
    logoutUrl: `${identityUrl}/api/auth/logout`,
  };
}

/**
 * `GET /api/auth/config`, public: the identity URLs a client signs in and out with (catalog.md §8.1,
 * messaging.md §6.2). `tags` groups it in the service's OpenAPI document.
 */
export function registerAuthConfigRoute(
  app: FastifyInstance,
  options: { identityUrl: string; tags: readonly string[] },
): void {
  const config = authConfigOf(options.identityUrl);
  app.get(
    '/api/auth/config',
    { schema: { tags: [...options.tags], response: { 200: authConfigResponse } } },
    async () => config,
  );
}
