import type { FastifyInstance } from 'fastify';
import { createApiKeyIntrospector, type ApiKeyIntrospector } from '../api-key-introspector.js';
import type { ApiKeyScopeDomain } from '../capabilities/api-key-scopes.js';
import { authPlugin } from '../fastify/auth-plugin.js';
import { createJwtVerifier, type JwtVerifier } from '../jwt-verifier.js';
import { createRevocationFeedFollower, type RevocationFeedFollower } from '../revocations/revocation-feed-follower.js';
import { createServiceTokenClient, type ServiceTokenClient } from '../service-token-client.js';

/** Audience of every platform token (DESIGN §6). */
export const TOKEN_AUDIENCE = 'symbia';

export interface PeerAuthOptions {
  /** This service's id, as identity knows it for service tokens. */
  serviceId: string;
  /** Identity's base URL: JWKS, service tokens, introspection and the revocation feed live there. */
  identityUrl: string;
  /** Must equal identity's IDENTITY_ISSUER. */
  issuer: string;
  audience: string;
  /** INTERNAL_SERVICE_SECRET. Without it the service has no service token, so it accepts JWTs only (API keys get 401). */
  internalServiceSecret: string | null;
  /** The route scopes API keys need on this service (`authPlugin`'s `apiKeyScopeDomain`). */
  apiKeyScopeDomain: ApiKeyScopeDomain;
}

export interface PeerAuth {
  /** This service's own tokens for calling peers; null without INTERNAL_SERVICE_SECRET. */
  serviceTokens: ServiceTokenClient | null;
  verifier: JwtVerifier;
  apiKeys: ApiKeyIntrospector | undefined;
  feed: RevocationFeedFollower | undefined;
}

/**
 * Peer authentication of a platform service, registered on `app` (DESIGN §6): tokens verified locally against
 * identity's JWKS, API keys introspected at identity as this service (a service JWT), both caches following
 * identity's revocation feed, and `authPlugin` with the service's API-key scope domain. The feed closes with the app.
 */
export async function registerPeerAuth(app: FastifyInstance, options: PeerAuthOptions): Promise<PeerAuth> {
  const { identityUrl, internalServiceSecret: secret } = options;
  const logger = app.log;
  const serviceTokens = secret
    ? createServiceTokenClient({ identityUrl, serviceId: options.serviceId, secret, logger })
    : null;
  const feed = serviceTokens
    ? createRevocationFeedFollower({
        identityUrl,
        getServiceToken: serviceTokens.getToken,
        invalidateServiceToken: serviceTokens.invalidate,
        logger,
      })
    : undefined;
  if (feed) app.addHook('onClose', () => feed.close());
  const verifier = createJwtVerifier({
    jwksUrl: `${identityUrl}/.well-known/jwks.json`,
    issuer: options.issuer,
    audience: options.audience,
    logger,
    revocations: feed?.revocations,
    feed,
  });
  const apiKeys = serviceTokens
    ? createApiKeyIntrospector({
        identityUrl,
        getServiceToken: serviceTokens.getToken,
        invalidateServiceToken: serviceTokens.invalidate,
        logger,
        revocations: feed?.revocations,
        feed,
      })
    : undefined;
  await app.register(authPlugin, { verifier, apiKeys, apiKeyScopeDomain: options.apiKeyScopeDomain });
  return { serviceTokens, verifier, apiKeys, feed };
}
