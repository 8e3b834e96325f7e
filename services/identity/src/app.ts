import { authPlugin } from '@symbia/auth';
import { createService, registerNetworkReceiveRoute, type ServiceApp } from '@symbia/kit';
import type { DestinationStream } from 'pino';
import { createAdminService } from './admin/admin.service.js';
import { createAgentService } from './agents/agent.service.js';
import { createAgentStore } from './agents/agent.store.js';
import { createApiKeyService } from './api-keys/api-key.service.js';
import { createApiKeyStore } from './api-keys/api-key.store.js';
import { createAuditLog } from './audit/audit-log.js';
import { createAuditStore } from './audit/audit.store.js';
import { createEntitySources } from './entities/entity-sources.store.js';
import { createEntityService } from './entities/entity.service.js';
import { createEntityStore } from './entities/entity.store.js';
import type { IdentityConfig } from './config.js';
import { createPasswordHasher } from './crypto/password-hasher.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createSmtpPasswordResetMailer } from './mail/password-reset-mailer.js';
import type { IdentityDatabase } from './db/db.js';
import { createSessionEvents, type PublishFn } from './events/event-publisher.js';
import { createIdentityNetwork } from './network/identity-network.js';
import { createOrgFeatureService } from './orgs/org-feature.service.js';
import { createOrgFeatureStore } from './orgs/org-feature.store.js';
import { createOrgService } from './orgs/org.service.js';
import { createPasswordResetService, type PasswordResetMailer } from './password-reset/password-reset.service.js';
import { createPasswordResetStore } from './password-reset/password-reset.store.js';
import { createProjectService } from './projects/project.service.js';
import { createProjectStore } from './projects/project.store.js';
import { createOrgStore } from './orgs/org.store.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAgentRoutes } from './routes/agents.js';
import { registerApiKeyRoutes } from './routes/api-keys.js';
import { registerCredentialRoutes } from './routes/credentials.js';
import { createCsrfGuard, originsOf } from './routes/csrf-guard.js';
import { registerEntityRoutes } from './routes/entities.js';
import { refuseImpersonation } from './routes/impersonation-guard.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerTrustedProxies } from './routes/client-address.js';
import { registerOrgRoutes } from './routes/orgs.js';
import { registerPasswordResetRoutes } from './routes/password-reset.js';
import { registerPlatformRoutes } from './routes/platform.js';
import { registerProjectRoutes } from './routes/projects.js';
import { registerRevocationRoutes } from './routes/revocations.js';
import { createRevocationFeed } from './revocations/revocation-feed.js';
import { createRevocationRecorder } from './revocations/revocation-recorder.js';
import { createRevocationStore } from './revocations/revocation.store.js';
import { registerScopedEntitlementRoutes } from './routes/scoped-entitlements.js';
import { createScopedEntitlementService } from './scoped-entitlements/scoped-entitlement.service.js';
import { createScopedEntitlementStore } from './scoped-entitlements/scoped-entitlement.store.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerUserRoutes } from './routes/users.js';
import { createServiceTokenService } from './service-principals/service-token.service.js';
import { createSessionCache } from './sessions/session-cache.js';
import { createSessionService } from './sessions/session.service.js';
import { createSessionStore } from './sessions/session.store.js';
import { createClaimsFor } from './sessions/subject-claims.js';
import { noSetupTokenOutput, type SetupTokenOutput } from './setup/setup-token-output.js';
import { createSetupService, SYSTEM_ORG } from './setup/setup.service.js';
import { createSetupStore } from './setup/setup.store.js';
import { createLoginThrottle } from './throttle/login-throttle.js';
import { createThrottleStore } from './throttle/throttle.store.js';
import { createIntrospectionService } from './tokens/introspection.service.js';
import { createKeyRing } from './tokens/key-ring.js';
import { createLocalVerifier } from './tokens/local-verifier.js';
import { createSigningKeyStore } from './tokens/signing-key.store.js';
import { createTokenIssuer } from './tokens/token-issuer.js';
import { createGrantStore } from './users/grant.store.js';
import { createProfileStore } from './users/profile.store.js';
import { createUserService } from './users/user.service.js';
import { createUserStore } from './users/user.store.js';
import { createCredentialService } from './vault/credential.service.js';
import { createCredentialStore } from './vault/credential.store.js';
import { identitySchemas } from './routes/named-schemas.js';

export interface IdentityAppDeps {
  config: IdentityConfig;
  /** Migrated already (main.ts / the test helper run the migrations). */
  database: IdentityDatabase;
  /** Delivery of identity.session.revoked; absent until the network relay exists (then only logged). */
  publish?: PublishFn;
  /** Sends password-reset links; default: SMTP when SMTP_URL is set, else none (forgot-password answers emailEnabled:false, identity.md §4.7). */
  mailer?: PasswordResetMailer;
  logDestination?: DestinationStream;
  /** identity.md §4.11: super-admin calls per minute per admin (30); registrations and password-reset calls per minute per address (10). */
  limits?: { adminPerMinute?: number; registerPerMinute?: number; resetPerMinute?: number };
  /** Where a one-time setup token is shown (main.ts: the terminal); default: nowhere, so none is created. */
  setupTokenOutput?: SetupTokenOutput;
  /** main.ts: register with the network once listening and publish revocations through it (network.md §15). */
  joinNetwork?: boolean;
}

export async function buildApp(deps: IdentityAppDeps): Promise<ServiceApp> {
  const { config, database } = deps;
  const settings = config.identity;
  const app = await createService({
    config,
    description:
      'Users, agents, service principals, organizations, EdDSA access tokens (JWKS), API keys, entitlements and the credential vault.',
    endpoints: {
      auth: '/api/auth',
      users: '/api/users',
      orgs: '/api/orgs',
      agents: '/api/auth/agent',
      credentials: '/api/credentials',
      projects: '/api/projects',
      applications: '/api/applications',
      services: '/api/services',
      scopedEntitlements: '/api/scoped-entitlements',
      apiKeys: '/api/api-keys',
      admin: '/api/admin',
      jwks: '/.well-known/jwks.json',
    },
    authentication: [
      'Bearer token (EdDSA JWT)',
      'Session cookie (token)',
      'Service token (POST /api/auth/service-token)',
    ],
    readinessChecks: { database: () => database.ping() },
    logDestination: deps.logDestination,
    schemaRegistry: identitySchemas,
  });
  app.addHook('onClose', () => database.close());
  // Whose X-Forwarded-For names the client (login throttle, limits, audit); nobody's unless configured.
  registerTrustedProxies(app, settings.trustedProxies);

  // Stores
  const db = database.db;
  const users = createUserStore(db);
  const grants = createGrantStore(db);
  const profiles = createProfileStore(db);
  const orgs = createOrgStore(db);
  const agents = createAgentStore(db);
  const sessionStore = createSessionStore(db);
  const auditStore = createAuditStore(db);
  const apiKeyStore = createApiKeyStore(db);
  const credentialStore = createCredentialStore(db);
  const projectStore = createProjectStore(db);
  const scopedEntitlementStore = createScopedEntitlementStore(db);
  const entityStore = createEntityStore(db);

  // Services
  const mailer = deps.mailer ?? (settings.smtp ? createSmtpPasswordResetMailer(settings.smtp) : undefined);
  const box = createSecretBox(settings.encryptionKey);
  const hasher = createPasswordHasher(settings.argon2);
  const audit = createAuditLog(auditStore);
  const throttle = createLoginThrottle(createThrottleStore(db));
  const keyRing = createKeyRing({
    store: createSigningKeyStore(db),
    box,
    maxTokenTtlSeconds: Math.max(settings.accessTokenTtlSeconds, settings.serviceTokenTtlSeconds),
  });
  await keyRing.init();
  const issuer = createTokenIssuer({ keyRing, issuer: settings.issuer, audience: settings.audience });
  const revocationStore = createRevocationStore(db);
  const revocations = createRevocationRecorder({
    store: revocationStore,
    accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
  });
  const revocationFeed = await createRevocationFeed({ store: revocationStore, pool: database.pool, logger: app.log });
  // preClose: the feed holds a pooled LISTEN connection, which must be back before the pool ends (onClose).
  app.addHook('preClose', () => revocationFeed.close());
  const events = createSessionEvents({
    publish: deps.publish,
    revocations,
    logger: app.log,
    accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
  });
  const sessions = createSessionService({
    store: sessionStore,
    cache: createSessionCache({ ttlMs: settings.sessionCacheTtlMs }),
    issuer,
    events,
    audit,
    claimsFor: createClaimsFor({ profiles, agents }),
    accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: settings.refreshTokenTtlSeconds,
  });
  const verifier = createLocalVerifier({
    keyRing,
    issuer: settings.issuer,
    audience: settings.audience,
    isSessionActive: sessions.isActive,
  });
  const userService = createUserService({
    users,
    profiles,
    hasher,
    sessions,
    throttle,
    audit,
    systemOrgId: SYSTEM_ORG.id,
    transaction: (fn) => db.transaction((tx) => fn({ users: createUserStore(tx), orgs: createOrgStore(tx) })),
  });
  const apiKeys = createApiKeyService({
    store: apiKeyStore,
    users,
    orgs,
    grants,
    audit,
    enriched: userService.enriched,
    revocations,
  });
  const introspection = createIntrospectionService({ verifier, apiKeys, agents, enriched: userService.enriched });
  const serviceTokens = createServiceTokenService({
    secret: settings.internalServiceSecret,
    issuer,
    audit,
    ttlSeconds: settings.serviceTokenTtlSeconds,
  });
  const orgFeatureStore = createOrgFeatureStore(db);
  const orgService = createOrgService({ orgs, users, features: orgFeatureStore, audit, revocations });
  const orgFeatures = createOrgFeatureService({ store: orgFeatureStore, orgs, audit });
  const passwordReset = createPasswordResetService({
    store: createPasswordResetStore(db),
    users,
    hasher,
    sessions,
    throttle,
    audit,
    publicBaseUrl: settings.publicBaseUrl,
    mailer,
    onMailError: (err, userId) => app.log.error({ err, userId }, 'password-reset mail was not sent'),
  });
  const admin = createAdminService({
    users,
    agents,
    grants,
    orgs,
    entities: entityStore,
    auditStore,
    audit,
    sessions,
    keyRing,
    systemOrgId: SYSTEM_ORG.id,
    revocations,
  });
  const credentials = createCredentialService({ store: credentialStore, orgs, users, agents, box, audit });
  const projects = createProjectService({ store: projectStore, orgs, entitlements: scopedEntitlementStore, audit });
  const scopedEntitlements = createScopedEntitlementService({
    store: scopedEntitlementStore,
    projects: projectStore,
    orgs,
    audit,
  });
  const agentService = createAgentService({
    agents,
    users,
    orgs,
    grants,
    entities: entityStore,
    hasher,
    sessions,
    throttle,
    audit,
  });
  const entityService = createEntityService({ store: entityStore, sources: createEntitySources(db), profiles, audit });
  const setup = createSetupService({
    store: createSetupStore(db),
    users,
    orgs,
    userService,
    logger: app.log,
    terminal: deps.setupTokenOutput ?? noSetupTokenOutput,
  });

  // Routes: identity's own routes accept its JWTs (verified locally) and never API keys (identity.md §4.1).
  await app.register(authPlugin, { verifier, apiKeyScopeDomain: 'identity' });
  // Before any route runs: X-As-User-Id is honoured for nobody here (DESIGN §6), and a cookie-authenticated
  // write must come from a trusted origin (W20).
  app.addHook('onRequest', refuseImpersonation);
  app.addHook(
    'onRequest',
    createCsrfGuard({
      allowedOrigins: [...config.corsAllowedOrigins, ...originsOf(settings.issuer, settings.publicBaseUrl)],
      production: config.isProduction,
    }),
  );
  const secureCookies = config.isProduction;
  registerAuthRoutes(app, {
    userService,
    sessions,
    agents,
    setup,
    throttle,
    secureCookies,
    registerPerMinute: deps.limits?.registerPerMinute ?? 10,
  });
  registerAgentRoutes(app, {
    agentService,
    sessions,
    throttle,
    secureCookies,
    registerPerMinute: deps.limits?.registerPerMinute ?? 10,
  });
  registerTokenRoutes(app, { keyRing, serviceTokens, introspection, apiKeys });
  registerPasswordResetRoutes(app, { passwordReset, throttle, perMinute: deps.limits?.resetPerMinute ?? 10 });
  registerUserRoutes(app, { userService, orgService });
  registerOrgRoutes(app, { orgService, orgFeatures });
  registerProjectRoutes(app, { projects });
  registerScopedEntitlementRoutes(app, { scopedEntitlements });
  registerApiKeyRoutes(app, { apiKeys });
  registerRevocationRoutes(app, { feed: revocationFeed });
  const network = createIdentityNetwork({
    settings: settings.network.relay,
    hashSecret: settings.network.hashSecret,
    issuer,
    serviceTokenTtlSeconds: settings.serviceTokenTtlSeconds,
    feed: revocationFeed,
    latestCursor: () => revocationStore.latestCursor(),
    metrics: app.metricsRegistry,
    version: config.version,
    logger: app.log,
  });
  registerNetworkReceiveRoute(app, network.receiver);
  if (deps.joinNetwork) {
    // After listen: the network verifies identity's token against this process's JWKS.
    app.addHook('onListen', () => network.join());
    // preClose: unregister while the process still serves (node:unregister, then the socket closes).
    app.addHook('preClose', () => network.leave());
  }
  registerCredentialRoutes(app, { credentials });
  registerEntityRoutes(app, {
    entities: entityService,
    users,
    throttle,
    adminPerMinute: deps.limits?.adminPerMinute ?? 30,
  });
  registerPlatformRoutes(app, {
    admin,
    users,
    issuer: settings.issuer,
    publicBaseUrl: settings.publicBaseUrl,
    emailEnabled: mailer !== undefined,
  });
  registerAdminRoutes(app, {
    admin,
    orgFeatures,
    passwordReset,
    users,
    throttle,
    adminPerMinute: deps.limits?.adminPerMinute ?? 30,
  });

  await setup.bootstrap(settings.admin);
  return app;
}
