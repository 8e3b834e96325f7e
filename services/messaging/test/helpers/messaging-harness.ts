import { randomBytes } from 'node:crypto';
import { signServiceTokenRequest } from '@symbia/auth';
import { createDatabase, runMigrations } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import { loadMessagingConfig } from '../../src/config.js';
import { MESSAGING_SCHEMA, migrationsDir, type MessagingDatabase } from '../../src/db/db.js';
import { messagingTables } from '../../src/db/schema.js';

export interface Session {
  /** The participant id messaging uses: the user id, or the agent's public id. */
  id: string;
  token: string;
  headers: { authorization: string };
}
export type OrgUser = Session & { orgId: string; email: string };

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
  createApiKey(owner: Session, orgId?: string): Promise<string>;
  /** A service JWT minted by the identity process for `serviceId`, proven with the platform secret (DESIGN §6). */
  serviceSession(serviceId: string): Promise<Session>;
  /** Another messaging app on the same database and identity, with extra env (closed with the harness). */
  buildAnother(env: Record<string, string>): Promise<ServiceApp>;
  close(): Promise<void>;
}

const PASSWORD = 'correct horse battery';
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Real identity as a child process (DESIGN §8) on its own database; messaging in-process on another, built
 * with buildApp against that identity, optionally listening on a random port for real Socket.IO clients.
 */
export async function startMessaging(options: { listen?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.test`;
  const identityDb: TestDatabase = await createTestDatabase({ prefix: 'msg_identity' });
  const messagingDb: TestDatabase = await createTestDatabase({ prefix: 'messaging' });
  const platform: StartedServices = await startServices({
    services: ['identity'], databaseUrl: identityDb.url,
    env: { SYMBIA_ADMIN_EMAIL: adminEmail, SYMBIA_ADMIN_PASSWORD: PASSWORD, ARGON2_MEMORY_KIB: '256', ARGON2_TIME_COST: '1', LOG_LEVEL: 'warn' },
  });
  const identityUrl = platform.urls.identity!;
  const logs = createLogCapture();
  const others: ServiceApp[] = [];
  const make = async (env: Record<string, string> = {}) => {
    const config = loadMessagingConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: messagingDb.url, IDENTITY_SERVICE_URL: identityUrl, HOST: '127.0.0.1', PORT: '0',
      INTERNAL_SERVICE_SECRET: platform.secrets.INTERNAL_SERVICE_SECRET, ASSISTANTS_SERVICE_URL: 'http://127.0.0.1:9', CATALOG_SERVICE_URL: 'http://127.0.0.1:9',
      INTEGRATIONS_SERVICE_URL: 'http://127.0.0.1:9', ...options.env, ...env,
    });
    const database = createDatabase({ url: messagingDb.url, schema: MESSAGING_SCHEMA, tables: messagingTables, max: 8 });
    await runMigrations({ pool: database.pool, schema: MESSAGING_SCHEMA, dir: migrationsDir });
    return buildApp({ config, database, logDestination: logs.destination });
  };
  const app = await make();
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
  const direct = createDatabase({ url: messagingDb.url, schema: MESSAGING_SCHEMA, tables: messagingTables, max: 2 });

  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${identityUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`identity ${path} failed: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (email: string): Promise<Session> => {
    const body = (await call('/api/auth/login', { email, password: PASSWORD })) as { token: string; user: { id: string } };
    return { id: body.user.id, token: body.token, headers: bearer(body.token) };
  };
  const admin = await login(adminEmail);

  return {
    app, url, identityUrl, secrets: platform.secrets, database: direct, logs, admin,
    async registerOrgUser(orgName) {
      const email = `u-${randomBytes(4).toString('hex')}@example.test`;
      const body = (await call('/api/auth/register', { email, password: PASSWORD, name: orgName, orgName })) as { token: string; user: { id: string }; organization: { id: string } };
      return { id: body.user.id, token: body.token, headers: bearer(body.token), orgId: body.organization.id, email };
    },
    async addMember(orgAdmin, orgId, user, role = 'member') {
      await call(`/api/orgs/${orgId}/members/invite`, { email: user.email, role }, orgAdmin.headers);
      return { ...user, ...(await login(user.email)) };
    },
    async relogin(user) {
      return { ...user, ...(await login(user.email)) };
    },
    async grant(user, entitlement) {
      // Granting twice is fine for a test: identity answers 400 "already has" and the grant stands.
      await call(`/api/admin/users/${user.id}/entitlements`, { entitlementKey: entitlement }, admin.headers).catch((error: Error) => {
        if (!error.message.includes('already has')) throw error;
      });
      return { ...user, ...(await login(user.email)) };
    },
    async registerAgent(agentId, orgId, capabilities = []) {
      const body = (await call('/api/auth/agent/register', { agentId, credential: randomBytes(24).toString('hex'), name: agentId, orgId, capabilities }, admin.headers)) as { token: string };
      return { id: agentId, token: body.token, headers: bearer(body.token) };
    },
    async createApiKey(owner, orgId) {
      return ((await call('/api/api-keys', { name: 'messaging test', ...(orgId && { orgId }) }, owner.headers)) as { key: string }).key;
    },
    async serviceSession(serviceId) {
      const body = (await call('/api/auth/service-token', signServiceTokenRequest({ serviceId, secret: platform.secrets.INTERNAL_SERVICE_SECRET!, now: Date.now() }))) as { token: string };
      return { id: serviceId, token: body.token, headers: bearer(body.token) };
    },
    async buildAnother(env) {
      const another = await make(env);
      others.push(another);
      return another;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await direct.close();
      await platform.stop();
      await Promise.all([identityDb.drop(), messagingDb.drop()]);
    },
  };
}

/** The fields a 400 names (e.g. `body.name`). */
export function fieldsOf(res: { json(): unknown }): string[] {
  const body = res.json() as { details?: { field: string }[] };
  return (body.details ?? []).map((d) => d.field);
}
