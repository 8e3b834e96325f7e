import { randomBytes } from 'node:crypto';
import type { ServiceApp } from '@symbia/kit';
import type { createLogCapture } from '@symbia/kit/testing';
import { bearer, fieldsOf, startServiceForTests, type OrgSession, type Session } from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import { loadMessagingConfig } from '../../src/config.js';
import { messagingDatabase, type MessagingDatabase } from '../../src/db/db.js';

// A Session id is the participant id messaging uses: the user id, or the agent's public id.
export { bearer, fieldsOf, type Session };
export type OrgUser = OrgSession;

export interface Harness {
  app: ServiceApp;
  /** Base URL when started with `listen: true` (Socket.IO and SSE tests). */
  url: string;
  identityUrl: string;
  secrets: Readonly<Record<string, string>>;
  database: MessagingDatabase;
  logs: ReturnType<typeof createLogCapture>;
  admin: Session;
  /** A user registered with their own org (so its admin). */
  registerOrgUser(orgName: string): Promise<OrgUser>;
  /** Invites an existing user into `orgId` and logs them in again for fresh claims. */
  addMember(orgAdmin: Session, orgId: string, user: OrgUser, role?: 'viewer' | 'member' | 'admin'): Promise<OrgUser>;
  /** Logs the user in again, for a token carrying their current memberships and grants. */
  relogin(user: OrgUser): Promise<OrgUser>;
  /** Grants a `cap:*` entitlement (as the super admin) and logs the user in again. */
  grant(user: OrgUser, entitlement: string): Promise<OrgUser>;
  /** Registers an agent (as the super admin) and returns its session. */
  registerAgent(agentId: string, orgId: string | null, capabilities?: string[]): Promise<Session>;
  /** An identity API key; `scopes` are its API-key scopes and rights (`messaging:read`, `messaging:write`, …). */
  createApiKey(owner: Session, orgId: string | undefined, scopes: string[]): Promise<string>;
  /** A service JWT minted by the identity process for `serviceId`, proven with the platform secret (DESIGN §6). */
  serviceSession(serviceId: string): Promise<Session>;
  /** Another messaging app on the same database and identity, with extra env (closed with the harness). */
  buildAnother(env: Record<string, string>): Promise<ServiceApp>;
  close(): Promise<void>;
}

/**
 * Messaging in-process on a database of its own (startServiceForTests), built with buildApp against the worker's
 * shared identity process (DESIGN §8), optionally listening on a random port for real Socket.IO clients.
 */
export async function startMessaging(
  options: { listen?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const service = await startServiceForTests('messaging', {
    database: messagingDatabase,
    max: 8,
    listen: options.listen,
    loadConfig: (env) => loadMessagingConfig(env),
    buildApp: (deps) => buildApp(deps),
    env: {
      LOG_LEVEL: 'info',
      ASSISTANTS_SERVICE_URL: 'http://127.0.0.1:9',
      CATALOG_SERVICE_URL: 'http://127.0.0.1:9',
      INTEGRATIONS_SERVICE_URL: 'http://127.0.0.1:9',
      ...options.env,
    },
  });
  const { app, url, identity, logs, database: direct } = service;
  const { admin } = identity;
  const relogin = async (user: OrgUser): Promise<OrgUser> => ({ ...user, ...(await identity.login(user.email)) });

  return {
    app,
    url,
    identityUrl: identity.url,
    secrets: identity.secrets,
    database: direct,
    logs,
    admin,
    relogin,
    registerOrgUser: identity.registerOrgAdmin,
    async addMember(orgAdmin, orgId, user, role = 'member') {
      return { ...user, ...(await identity.addMember(orgAdmin, orgId, user.email, role)) };
    },
    async grant(user, entitlement) {
      // Granting twice is fine for a test: identity answers 400 "already has" and the grant stands.
      await identity.grantEntitlement(user.id, entitlement).catch((error: Error) => {
        if (!error.message.includes('already has')) throw error;
      });
      return relogin(user);
    },
    async registerAgent(agentId, orgId, capabilities = []) {
      const body = (await identity.call(
        '/api/auth/agent/register',
        { agentId, credential: randomBytes(24).toString('hex'), name: agentId, orgId, capabilities },
        admin.headers,
      )) as { token: string };
      return { id: agentId, token: body.token, headers: bearer(body.token) };
    },
    createApiKey: (owner, orgId, scopes) => identity.createApiKey(owner, { name: 'messaging test', orgId, scopes }),
    serviceSession: identity.serviceSession,
    async buildAnother(env) {
      return (await service.another(env, { listen: false })).app;
    },
    close: service.close,
  };
}
