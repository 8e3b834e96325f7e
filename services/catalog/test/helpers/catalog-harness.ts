import { randomBytes } from 'node:crypto';
import { signServiceTokenRequest } from '@symbia/auth';
import { createDatabase, runMigrations } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import type { BootstrapDefinition } from '../../src/bootstrap/bootstrap-definition.js';
import { loadCatalogConfig } from '../../src/config.js';
import { CATALOG_SCHEMA, migrationsDir, type CatalogDatabase } from '../../src/db/db.js';
import { catalogTables } from '../../src/db/schema.js';

export interface Session {
  id: string;
  token: string;
  headers: { authorization: string };
}

export interface Harness {
  app: ServiceApp;
  identityUrl: string;
  /** A second catalog app on the same database (a restart, or another replica). */
  rebuild(options?: { definitions?: readonly BootstrapDefinition[]; env?: Record<string, string> }): Promise<ServiceApp>;
  /** A direct handle on the catalog database, for domain-level tests. */
  database: CatalogDatabase;
  /** Identity's bootstrap super admin (SYMBIA_ADMIN_EMAIL). */
  admin: Session;
  /** A user registered with `orgName` (so admin of that org) and that org's id. */
  registerOrgAdmin(orgName: string): Promise<Session & { orgId: string; email: string }>;
  /** An identity API key (`sk_…`) created by `owner`, optionally scoped to an org it administers and to rights. */
  createApiKey(owner: Session, orgId?: string, scopes?: string[]): Promise<string>;
  /** Has identity's super admin grant `entitlement` (e.g. `cap:registry.sign`) to a user, then logs them in again. */
  grantEntitlement(user: { id: string; email: string }, entitlement: string): Promise<Session & { email: string }>;
  /** A service JWT from identity for `serviceId`, proven with the platform secret (DESIGN §6). */
  serviceSession(serviceId: string): Promise<Session>;
  /** Adds an existing user to an org with `role` (via identity), then logs them in again for fresh claims. */
  addMember(orgAdmin: Session, orgId: string, email: string, role: 'viewer' | 'member' | 'admin'): Promise<Session>;
  close(): Promise<void>;
}

const PASSWORD = 'correct horse battery';
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Real identity as a child process (DESIGN §8) on its own database; catalog in-process on another, built
 * with buildApp and pointed at that identity for its JWKS.
 */
export async function startCatalog(options: { definitions?: readonly BootstrapDefinition[]; env?: Record<string, string> } = {}): Promise<Harness> {
  const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.test`;
  const identityDb: TestDatabase = await createTestDatabase({ prefix: 'catalog_identity' });
  const catalogDb: TestDatabase = await createTestDatabase({ prefix: 'catalog' });
  const platform: StartedServices = await startServices({
    services: ['identity'], databaseUrl: identityDb.url,
    env: { SYMBIA_ADMIN_EMAIL: adminEmail, SYMBIA_ADMIN_PASSWORD: PASSWORD, ARGON2_MEMORY_KIB: '256', ARGON2_TIME_COST: '1', LOG_LEVEL: 'warn' },
  });
  const identityUrl = platform.urls.identity!;
  const apps: ServiceApp[] = [];
  const databases: CatalogDatabase[] = [];
  const make = async (definitions = options.definitions, extraEnv: Record<string, string> = {}) => {
    const config = loadCatalogConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: catalogDb.url, IDENTITY_SERVICE_URL: identityUrl, INTERNAL_SERVICE_SECRET: platform.secrets.INTERNAL_SERVICE_SECRET,
      ...options.env,
      ...extraEnv,
    });
    const database = createDatabase({ url: catalogDb.url, schema: CATALOG_SCHEMA, tables: catalogTables, max: 6 });
    await runMigrations({ pool: database.pool, schema: CATALOG_SCHEMA, dir: migrationsDir });
    const app = await buildApp({ config, database, logDestination: createLogCapture().destination, bootstrapDefinitions: definitions });
    apps.push(app);
    return app;
  };
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

  const app = await make();
  const admin = await login(adminEmail);
  const directDb = createDatabase({ url: catalogDb.url, schema: CATALOG_SCHEMA, tables: catalogTables, max: 12 });
  databases.push(directDb);
  return {
    app, identityUrl, database: directDb,
    rebuild: (o = {}) => make(o.definitions, o.env),
    admin,
    async registerOrgAdmin(orgName) {
      const email = `u-${randomBytes(4).toString('hex')}@example.test`;
      const body = (await call('/api/auth/register', { email, password: PASSWORD, name: orgName, orgName })) as { token: string; user: { id: string }; organization: { id: string } };
      return { id: body.user.id, token: body.token, headers: bearer(body.token), orgId: body.organization.id, email };
    },
    async createApiKey(owner, orgId, scopes) {
      return ((await call('/api/api-keys', { name: 'catalog test', ...(orgId && { orgId }), ...(scopes && { scopes }) }, owner.headers)) as { key: string }).key;
    },
    async grantEntitlement(user, entitlement) {
      await call(`/api/admin/users/${user.id}/entitlements`, { entitlementKey: entitlement }, admin.headers);
      return { ...(await login(user.email)), email: user.email };
    },
    async serviceSession(serviceId) {
      const body = (await call('/api/auth/service-token', signServiceTokenRequest({ serviceId, secret: platform.secrets.INTERNAL_SERVICE_SECRET!, now: Date.now() }))) as { token: string };
      return { id: serviceId, token: body.token, headers: bearer(body.token) };
    },
    async addMember(orgAdmin, orgId, email, role) {
      await call(`/api/orgs/${orgId}/members/invite`, { email, role }, orgAdmin.headers);
      return login(email);
    },
    async close() {
      for (const a of apps) await a.close();
      for (const d of databases) await d.close();
      await platform.stop();
      await Promise.all([identityDb.drop(), catalogDb.drop()]);
    },
  };
}

/** The fields a 400 names (e.g. `body.key`). */
export function fieldsOf(res: { json(): unknown }): string[] {
  const body = res.json() as { details?: { field: string }[] };
  return (body.details ?? []).map((d) => d.field);
}

/** Just a migrated catalog database, for domain-level tests that need no HTTP or identity. */
export async function startCatalogDatabase(): Promise<{ database: CatalogDatabase; close(): Promise<void> }> {
  const testDb = await createTestDatabase({ prefix: 'catalog_domain' });
  const database = createDatabase({ url: testDb.url, schema: CATALOG_SCHEMA, tables: catalogTables, max: 12 });
  await runMigrations({ pool: database.pool, schema: CATALOG_SCHEMA, dir: migrationsDir });
  return {
    database,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
