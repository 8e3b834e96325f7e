import { openMigratedDatabase } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import {
  bearer,
  createTestDatabase,
  fieldsOf,
  startServiceForTests,
  type OrgSession,
  type Session,
} from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import type { BootstrapDefinition } from '../../src/bootstrap/bootstrap-definition.js';
import { loadCatalogConfig } from '../../src/config.js';
import { catalogDatabase, type CatalogDatabase } from '../../src/db/db.js';

export { bearer, fieldsOf, type Session };

export interface Harness {
  app: ServiceApp;
  identityUrl: string;
  /** A second catalog app on the same database (a restart, or another replica). */
  rebuild(options?: {
    definitions?: readonly BootstrapDefinition[];
    env?: Record<string, string>;
  }): Promise<ServiceApp>;
  /** A direct handle on the catalog database, for domain-level tests. */
  database: CatalogDatabase;
  /** Identity's bootstrap super admin (SYMBIA_ADMIN_EMAIL). */
  admin: Session;
  /** A user registered with `orgName` (so admin of that org) and that org's id. */
  registerOrgAdmin(orgName: string): Promise<OrgSession>;
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

/**
 * Catalog in-process on a database of its own (startServiceForTests), built with buildApp and pointed at the
 * worker's shared identity process (DESIGN §8) for its JWKS.
 */
export async function startCatalog(
  options: { definitions?: readonly BootstrapDefinition[]; env?: Record<string, string> } = {},
): Promise<Harness> {
  // The bootstrap set of the app being built: the harness's, or the one a rebuild names.
  let definitions = options.definitions;
  const service = await startServiceForTests('catalog', {
    database: catalogDatabase,
    max: 6,
    directMax: 12,
    env: options.env,
    loadConfig: (env) => loadCatalogConfig(env),
    buildApp: ({ config, database }) =>
      buildApp({ config, database, logDestination: createLogCapture().destination, bootstrapDefinitions: definitions }),
  });
  const { identity } = service;
  return {
    app: service.app,
    identityUrl: identity.url,
    database: service.database,
    async rebuild(o = {}) {
      definitions = o.definitions ?? options.definitions;
      return (await service.another(o.env)).app;
    },
    admin: identity.admin,
    registerOrgAdmin: identity.registerOrgAdmin,
    createApiKey: (owner, orgId, scopes) => identity.createApiKey(owner, { name: 'catalog test', orgId, scopes }),
    async grantEntitlement(user, entitlement) {
      await identity.grantEntitlement(user.id, entitlement);
      return { ...(await identity.login(user.email)), email: user.email };
    },
    serviceSession: identity.serviceSession,
    addMember: identity.addMember,
    close: service.close,
  };
}

/** Just a migrated catalog database, for domain-level tests that need no HTTP or identity. */
export async function startCatalogDatabase(): Promise<{ database: CatalogDatabase; close(): Promise<void> }> {
  const testDb = await createTestDatabase({ prefix: 'catalog_domain' });
  const database = await openMigratedDatabase(catalogDatabase, { url: testDb.url, max: 12 });
  return {
    database,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
