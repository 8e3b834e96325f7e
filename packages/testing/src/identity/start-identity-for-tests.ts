import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signServiceTokenRequest } from '@symbia/auth';
import { createTestDatabase } from '../database/index.js';
import { startServices } from '../services/start-services.js';

/** A signed-in principal: its id (user id, or service id) and bearer token. */
export interface Session {
  id: string;
  token: string;
  headers: { authorization: string };
}

/** A user who registered with their own org, so is that org's admin. */
export type OrgSession = Session & { orgId: string; email: string };

export type OrgRole = 'viewer' | 'member' | 'admin';

export interface StartIdentityForTestsOptions {
  /** Label of identity's own test database, e.g. `catalog_identity`. */
  databasePrefix?: string;
  /** Extra variables for the identity process; they win over the defaults. */
  env?: Readonly<Record<string, string>>;
}

export interface IdentityForTests {
  /** Base URL of the identity process. */
  url: string;
  /** The platform secrets identity was started with (INTERNAL_SERVICE_SECRET, …). */
  secrets: Readonly<Record<string, string>>;
  /** Identity's bootstrap super admin (SYMBIA_ADMIN_EMAIL), already logged in. */
  adminEmail: string;
  admin: Session;
  /** POSTs JSON to identity; throws `identity <path> failed: <status> <body>` on a non-2xx answer. */
  call(path: string, body: unknown, headers?: Record<string, string>): Promise<Record<string, unknown>>;
  /** Logs a user in with the shared test password, for a token carrying their current memberships and grants. */
  login(email: string): Promise<Session>;
  /** Registers a fresh user together with an org named `orgName` (so its admin). */
  registerOrgAdmin(orgName: string): Promise<OrgSession>;
  /** Has `orgAdmin` invite an existing user into `orgId` with `role`, then logs that user in again. */
  addMember(orgAdmin: Session, orgId: string, email: string, role: OrgRole): Promise<Session>;
  /** Has the super admin grant an entitlement (e.g. `cap:registry.sign`) to a user; does not log them in again. */
  grantEntitlement(userId: string, entitlementKey: string): Promise<void>;
  /** An identity API key (`sk_…`) created by `owner`, optionally scoped to an org and to rights. */
  createApiKey(owner: Session, options: { name: string; orgId?: string; scopes?: string[] }): Promise<string>;
  /** A service JWT minted by identity for `serviceId`, proven with the platform secret (DESIGN §6). */
  serviceToken(serviceId: string): Promise<string>;
  /** The same service JWT as a session whose id is `serviceId`. */
  serviceSession(serviceId: string): Promise<Session>;
  /** Stops identity and drops its database. */
  close(): Promise<void>;
}

/** The password of every user these helpers create, the bootstrap super admin included. */
export const TEST_USER_PASSWORD = 'correct horse battery';

export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

/** Where a running identity is and how to act as its super admin (what the shared identity hands to workers). */
export interface IdentityAddress {
  url: string;
  secrets: Readonly<Record<string, string>>;
  adminEmail: string;
}

/** services/identity/test/helpers/test-main.ts: identity's main.ts with the per-minute limits raised. */
export const raisedLimitsIdentityEntry = fileURLToPath(
  new URL('../../../../services/identity/test/helpers/test-main.ts', import.meta.url),
);

/** The variables every test identity gets: a random super admin and cheap argon2 parameters. */
export function testIdentityEnv(adminEmail: string): Record<string, string> {
  return {
    SYMBIA_ADMIN_EMAIL: adminEmail,
    SYMBIA_ADMIN_PASSWORD: TEST_USER_PASSWORD,
    ARGON2_MEMORY_KIB: '256',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'warn',
  };
}

/**
 * A real identity as a child process (DESIGN §8) on its own fresh database, with a random super admin and
 * cheap argon2 parameters, plus the calls tests of other services make against it. If identity fails to
 * start, its database is dropped and the start error is rethrown unchanged.
 */
export async function startIdentityForTests(options: StartIdentityForTestsOptions = {}): Promise<IdentityForTests> {
  const started = await startIdentityProcess(options);
  return connectIdentityForTests(started, started.close);
}

/** Boots the identity process itself (no client calls yet); `close` stops it and drops its database. */
export async function startIdentityProcess(
  options: StartIdentityForTestsOptions & { raisedLimits?: boolean } = {},
): Promise<IdentityAddress & { close(): Promise<void> }> {
  const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.test`;
  const database = await createTestDatabase({ prefix: options.databasePrefix ?? 'identity_process' });
  const platform = await startServices({
    services: [
      options.raisedLimits
        ? {
            name: 'identity',
            entry: raisedLimitsIdentityEntry,
            cwd: dirname(dirname(dirname(raisedLimitsIdentityEntry))),
          }
        : 'identity',
    ],
    databaseUrl: database.url,
    env: { ...testIdentityEnv(adminEmail), ...options.env },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    url: platform.urls.identity!,
    secrets: platform.secrets,
    adminEmail,
    async close() {
      await platform.stop();
      await database.drop();
    },
  };
}

/**
 * The test calls against an identity that is already running: logs its super admin in and returns the helpers.
 * `close` is what the returned object's close() does (stop a private identity, or nothing for a shared one).
 */
export async function connectIdentityForTests(
  address: IdentityAddress,
  close: () => Promise<void>,
): Promise<IdentityForTests> {
  const { url, adminEmail } = address;
  const secret = address.secrets.INTERNAL_SERVICE_SECRET!;
  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`identity ${path} failed: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (email: string): Promise<Session> => {
    const body = (await call('/api/auth/login', { email, password: TEST_USER_PASSWORD })) as {
      token: string;
      user: { id: string };
    };
    return { id: body.user.id, token: body.token, headers: bearer(body.token) };
  };
  const serviceToken = async (serviceId: string) => {
    const body = await call('/api/auth/service-token', signServiceTokenRequest({ serviceId, secret, now: Date.now() }));
    return body.token as string;
  };

  const admin = await login(adminEmail).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return {
    url,
    secrets: address.secrets,
    adminEmail,
    admin,
    call,
    login,
    serviceToken,
    close,
    async registerOrgAdmin(orgName) {
      const email = `u-${randomBytes(4).toString('hex')}@example.test`;
      const body = (await call('/api/auth/register', {
        email,
        password: TEST_USER_PASSWORD,
        name: orgName,
        orgName,
      })) as { token: string; user: { id: string }; organization: { id: string } };
      return { id: body.user.id, token: body.token, headers: bearer(body.token), orgId: body.organization.id, email };
    },
    async addMember(orgAdmin, orgId, email, role) {
      await call(`/api/orgs/${orgId}/members/invite`, { email, role }, orgAdmin.headers);
      return login(email);
    },
    async grantEntitlement(userId, entitlementKey) {
      await call(`/api/admin/users/${userId}/entitlements`, { entitlementKey }, admin.headers);
    },
    async createApiKey(owner, { name, orgId, scopes }) {
      return (
        (await call('/api/api-keys', { name, ...(orgId && { orgId }), ...(scopes && { scopes }) }, owner.headers)) as {
          key: string;
        }
      ).key;
    },
    async serviceSession(serviceId) {
      const token = await serviceToken(serviceId);
      return { id: serviceId, token, headers: bearer(token) };
    },
  };
}
