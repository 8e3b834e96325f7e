export {
  type Principal,
  type PrincipalType,
  type OrgMembership,
  principalTypes,
  hasEntitlement,
  hasAnyEntitlement,
  hasAllEntitlements,
  isOrgMember,
  isOrgAdmin,
} from './principal.js';
export { type AccessTokenClaims, InvalidClaimsError, parseAccessTokenClaims, claimsToPrincipal } from './claims.js';
export { type JwtVerifier, type JwtVerifierOptions, createJwtVerifier } from './jwt-verifier.js';
export {
  type RevocationFeedFollower,
  type RevocationFeedFollowerOptions,
  REVOCATION_STREAM_PATH,
  createRevocationFeedFollower,
} from './revocations/revocation-feed-follower.js';
export {
  type RevocationEvent,
  type RevocationKind,
  parseRevocationEvent,
  applyRevocation,
} from './revocations/revocation-event.js';
export { type SseEvent, type SseParser, createSseParser } from './revocations/sse-parser.js';
export {
  type RevocationList,
  type SessionRevokedEvent,
  SESSION_REVOKED_EVENT,
  createRevocationList,
  isSessionRevokedEvent,
} from './revocation-list.js';
export {
  type ApiKeyIntrospector,
  type ApiKeyIntrospectorOptions,
  type ApiKeyIntrospection,
  createApiKeyIntrospector,
} from './api-key-introspector.js';
export {
  type ServiceTokenRequest,
  type ServiceTokenResponse,
  SERVICE_TOKEN_PATH,
  DEFAULT_SERVICE_TOKEN_SKEW_MS,
  signServiceTokenRequest,
  verifyServiceTokenRequest,
} from './service-token.js';
export {
  type ServiceTokenClient,
  type ServiceTokenClientOptions,
  createServiceTokenClient,
} from './service-token-client.js';
export { hashSecret } from './hash-secret.js';
export { type AuthLogger, type AuthLogFn, type Clock, type FetchLike } from './logger.js';
export { type AuthPluginOptions, API_KEY_SCOPE_MISSING, authPlugin, authenticate } from './fastify/auth-plugin.js';
export {
  type AuthGuard,
  principalGuard,
  requireAuth,
  optionalAuth,
  requireEntitlement,
  requireOrgMember,
  requireService,
  requirePrincipalType,
  requireUser,
  requireAgent,
  requireServiceCapability,
  requireSuperAdmin,
  type SuperAdminGuardOptions,
} from './fastify/guards.js';
export { AuthErrorCodes, type AuthErrorCode } from './fastify/error-codes.js';
export { type AuthConfig, authConfigOf, registerAuthConfigRoute } from './fastify/auth-config-route.js';
export { type PresentedCredential, readCredential } from './credentials/credential-reader.js';
export { readCookie } from './credentials/cookie-header.js';
export {
  type CredentialAuthenticator,
  type CredentialAuthenticatorOptions,
  createCredentialAuthenticator,
} from './credentials/credential-authenticator.js';
export {
  type CapabilityScope,
  type CapabilityDefinition,
  capabilityDefinitions,
  findCapability,
  canonicalCapability,
  canonicalCapabilities,
} from './capabilities/capability-registry.js';
export {
  type Granter,
  type GrantRefusal,
  GrantRefusals,
  holdsCapability,
  hasCapabilityFor,
  hasAnyCapabilityFor,
  checkGrant,
  firstRefusedGrant,
} from './capabilities/capability-checks.js';
export {
  type ApiKeyScopeDomain,
  apiKeyScopeDomains,
  EXECUTE_SCOPE,
  isKnownApiKeyScope,
  expandApiKeyScopes,
  defaultApiKeyScope,
  isReadMethod,
  apiKeyAllows,
} from './capabilities/api-key-scopes.js';
export { type PeerAuth, type PeerAuthOptions, TOKEN_AUDIENCE, registerPeerAuth } from './peers/peer-auth.js';
export { type ServiceTokenSource, type ServiceFetchInit, fetchAsService } from './peers/service-fetch.js';
export { principalOf, requestedOrgIdOf } from './fastify/request-context.js';
export { HandshakeError, authenticateHandshake, handshakeCredentials, handshakeRefusal } from './socket/handshake.js';
export { onCredentialExpiry, revocationConcerns } from './socket/credential-lifetime.js';
