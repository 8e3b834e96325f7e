import { randomBytes } from 'node:crypto';
import { findFreePort, generatePlatformSecrets } from '@symbia/supervisor';
import { createTestDatabase, type TestDatabase } from '../database/index.js';
import {
  connectIdentityForTests,
  testIdentityEnv,
  type IdentityForTests,
} from '../identity/start-identity-for-tests.js';
import { startRestartableService, type RestartableService } from './restartable-service.js';
import { startServices, type StartedServices } from './start-services.js';

export interface NetworkPlatformOptions {
  /** Also start messaging as its own process, joined to the network (tier 2). */
  messaging?: boolean;
  /** Extra variables per process; they win over the defaults. */
  env?: { identity?: Record<string, string>; network?: Record<string, string>; messaging?: Record<string, string> };
}

export interface NetworkPlatformForTests {
  /** Identity (main.ts: it joins the network and publishes its revocations), with the usual test helpers. */
  identity: IdentityForTests;
  /** The network service, restartable on the same port (relay reconnect and outbox tests). */
  network: RestartableService;
  /** Messaging when asked for, restartable too. */
  messaging: RestartableService | null;
  /** The platform secrets every process shares (NETWORK_HASH_SECRET signs and verifies envelopes). */
  secrets: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Identity, network and (optionally) messaging as real child processes on random ports (DESIGN §8), sharing one set
 * of random platform secrets, each told where the others are. Identity and messaging run their main.ts, so they
 * join the network through @symbia/relay (network.md §15) exactly as under `npm start`.
 */
export async function startNetworkPlatformForTests(
  options: NetworkPlatformOptions = {},
): Promise<NetworkPlatformForTests> {
  const secrets = generatePlatformSecrets();
  const networkPort = await findFreePort();
  const networkUrl = `http://127.0.0.1:${networkPort}`;
  const databases: TestDatabase[] = [];
  let identityProcess: StartedServices | undefined;
  let network: RestartableService | undefined;
  let messaging: RestartableService | null = null;
  const close = async () => {
    await messaging?.stop();
    await network?.stop();
    await identityProcess?.stop();
    for (const database of databases) await database.drop();
  };
  try {
    const identityDb = await createTestDatabase({ prefix: 'network_identity' });
    databases.push(identityDb);
    const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.test`;
    identityProcess = await startServices({
      services: ['identity'],
      databaseUrl: identityDb.url,
      env: { ...secrets, ...testIdentityEnv(adminEmail), NETWORK_SERVICE_URL: networkUrl, ...options.env?.identity },
    });
    const identityUrl = identityProcess.urls.identity!;
    network = await startRestartableService({
      service: 'network',
      port: networkPort,
      env: { ...secrets, IDENTITY_SERVICE_URL: identityUrl, LOG_LEVEL: 'warn', ...options.env?.network },
    });
    if (options.messaging) {
      const messagingDb = await createTestDatabase({ prefix: 'network_messaging' });
      databases.push(messagingDb);
      const port = await findFreePort();
      messaging = await startRestartableService({
        service: 'messaging',
        port,
        env: {
          ...secrets,
          DATABASE_URL: messagingDb.url,
          IDENTITY_SERVICE_URL: identityUrl,
          NETWORK_SERVICE_URL: networkUrl,
          MESSAGING_SERVICE_URL: `http://127.0.0.1:${port}`,
          LOG_LEVEL: 'warn',
          ...options.env?.messaging,
        },
      });
    }
    const identity = await connectIdentityForTests({ url: identityUrl, secrets, adminEmail }, async () => {});
    return { identity, network, messaging, secrets, close };
  } catch (error) {
    await close();
    throw error;
  }
}
