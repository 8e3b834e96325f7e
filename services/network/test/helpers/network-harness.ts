import { randomBytes } from 'node:crypto';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { bearer, sharedIdentityForTests, type IdentityForTests, type OrgSession, type Session } from '@symbia/testing';
import { buildApp, type NetworkApp } from '../../src/app.js';
import { loadNetworkConfig } from '../../src/config.js';
import type { NetworkFabric } from '../../src/domain/index.js';

export { bearer, type OrgSession, type Session };

export interface NetworkHarness {
  app: ServiceApp;
  fabric: NetworkFabric;
  /** NETWORK_HASH_SECRET of the apps, for receivers verifying envelopes. */
  hashSecret: string;
  /** Live watch subscriptions of the first app. */
  watches: { readonly size: number };
  /** Base URL (the app listens on a random loopback port for Socket.IO clients). */
  url: string;
  identity: IdentityForTests;
  admin: Session;
  logs: ReturnType<typeof createLogCapture>;
  /** A user registered with their own org (its admin); no network capability. */
  registerOrgUser(orgName: string): Promise<OrgSession>;
  /** Grants `cap:*` entitlements (as the super admin) and logs the user in again for a token carrying them. */
  grant(user: OrgSession, ...entitlements: string[]): Promise<OrgSession>;
  /** Registers an agent (as the super admin) with these capabilities; returns its session (id = agent id). */
  registerAgent(agentId: string, orgId: string | null, capabilities?: string[]): Promise<Session>;
  serviceSession(serviceId: string): Promise<Session>;
  /** Another network app with extra env (closed with the harness). */
  another(env: Record<string, string>): Promise<{ app: ServiceApp; url: string; fabric: NetworkFabric }>;
  close(): Promise<void>;
}

/**
 * The network service in-process (no database: its state is in memory, network.md §1) against the worker's shared
 * identity process (DESIGN §8), listening on a random port so tests use real HTTP and Socket.IO clients.
 */
export async function startNetwork(env: Record<string, string> = {}): Promise<NetworkHarness> {
  const identity = await sharedIdentityForTests();
  const logs = createLogCapture();
  const apps: ServiceApp[] = [];
  const hashSecret = env.NETWORK_HASH_SECRET ?? randomBytes(32).toString('base64url');
  const build = async (extra: Record<string, string>) => {
    const config = loadNetworkConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      IDENTITY_SERVICE_URL: identity.url,
      INTERNAL_SERVICE_SECRET: identity.secrets.INTERNAL_SERVICE_SECRET!,
      NETWORK_HASH_SECRET: hashSecret,
      ...env,
      ...extra,
    });
    const app = await buildApp({ config, logDestination: logs.destination });
    apps.push(app);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const { fabric, watches } = (app as NetworkApp).network!;
    return { app, url, fabric, watches };
  };
  const first = await build({});
  const login = async (user: OrgSession): Promise<OrgSession> => ({ ...user, ...(await identity.login(user.email)) });
  return {
    ...first,
    hashSecret,
    identity,
    admin: identity.admin,
    logs,
    registerOrgUser: identity.registerOrgAdmin,
    async grant(user, ...entitlements) {
      for (const entitlement of entitlements)
        await identity.grantEntitlement(user.id, entitlement).catch((error: Error) => {
          if (!error.message.includes('already has')) throw error;
        });
      return login(user);
    },
    async registerAgent(agentId, orgId, capabilities = []) {
      const body = (await identity.call(
        '/api/auth/agent/register',
        { agentId, credential: randomBytes(24).toString('hex'), name: agentId, orgId, capabilities },
        identity.admin.headers,
      )) as { token: string };
      return { id: agentId, token: body.token, headers: bearer(body.token) };
    },
    serviceSession: identity.serviceSession,
    another: build,
    async close() {
      for (const app of apps.reverse()) await app.close();
    },
  };
}

/** A fresh id no other test file uses (the identity is shared by the worker's files). */
export const uniqueId = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;
