import { randomBytes } from 'node:crypto';
import { openMigratedDatabase, openServiceDatabase } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { bearer, createTestDatabase, startIdentityForTests, type OrgSession, type Session, type TestDatabase } from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import { loadMessagingConfig } from '../../src/config.js';
import { messagingDatabase, type MessagingDatabase } from '../../src/db/db.js';

// A Session id is the participant id messaging uses: the user id, or the agent's public id.
export { bearer, type Session };
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
 * Real identity as a child process (DESIGN §8) on its own database; messaging in-process on another, built
 * with buildApp against that identity, optionally listening on a random port for real Socket.IO clients.
 */
export async function startMessaging(options: { listen?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const identity = await startIdentityForTests({ databasePrefix: 'msg_identity' });
  const messagingDb: TestDatabase = await createTestDatabase({ prefix: 'messaging' });
  const logs = createLogCapture();
  const others: ServiceApp[] = [];
  const make = async (env: Record<string, string> = {}) => {
    const config = loadMessagingConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: messagingDb.url, IDENTITY_SERVICE_URL: identity.url, HOST: '127.0.0.1', PORT: '0',
      INTERNAL_SERVICE_SECRET: identity.secrets.INTERNAL_SERVICE_SECRET, ASSISTANTS_SERVICE_URL: 'http://127.0.0.1:9', CATALOG_SERVICE_URL: 'http://127.0.0.1:9',
      INTEGRATIONS_SERVICE_URL: 'http://127.0.0.1:9', ...options.env, ...env,
    });
    const database = await openMigratedDatabase(messagingDatabase, { url: messagingDb.url, max: 8 });
    return buildApp({ config, database, logDestination: logs.destination });
  };
  const app = await make();
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
  const direct = openServiceDatabase(messagingDatabase, { url: messagingDb.url, max: 2 });
  const { admin } = identity;
  const relogin = async (user: OrgUser): Promise<OrgUser> => ({ ...user, ...(await identity.login(user.email)) });

  return {
    app, url, identityUrl: identity.url, secrets: identity.secrets, database: direct, logs, admin, relogin,
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
      const body = (await identity.call('/api/auth/agent/register', { agentId, credential: randomBytes(24).toString('hex'), name: agentId, orgId, capabilities }, admin.headers)) as { token: string };
      return { id: agentId, token: body.token, headers: bearer(body.token) };
    },
    createApiKey: (owner, orgId, scopes) => identity.createApiKey(owner, { name: 'messaging test', orgId, scopes }),
    serviceSession: identity.serviceSession,
    async buildAnother(env) {
      const another = await make(env);
      others.push(another);
      return another;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await direct.close();
      await Promise.all([identity.close(), messagingDb.drop()]);
    },
  };
}

/** The fields a 400 names (e.g. `body.name`). */
export function fieldsOf(res: { json(): unknown }): string[] {
  const body = res.json() as { details?: { field: string }[] };
  return (body.details ?? []).map((d) => d.field);
}
