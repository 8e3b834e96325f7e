import { openMigratedDatabase, openServiceDatabase, type Database, type ServiceDatabaseDefinition } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { createTestDatabase } from '../database/index.js';
import { sharedIdentityForTests } from '../identity/shared-identity.js';
import type { IdentityForTests } from '../identity/start-identity-for-tests.js';
import { dropSilentConnectionsOnClose } from './drop-silent-connections.js';

type Env = Record<string, string>;
type LogCapture = ReturnType<typeof createLogCapture>;

export interface StartServiceForTestsOptions<TTables extends Record<string, unknown>, TConfig> {
  /** The service's database definition (its src/db/db.ts). */
  database: ServiceDatabaseDefinition<TTables>;
  /** The service's config loader, given the test environment (identity peer, database and secret filled in). */
  loadConfig(env: Env): TConfig;
  /** The service's buildApp, given the config, a migrated database and the captured log destination. */
  buildApp(deps: {
    config: TConfig;
    database: Database<TTables>;
    logDestination: LogCapture['destination'];
  }): Promise<ServiceApp>;
  /** Extra variables for the config; they win over the defaults. */
  env?: Env;
  /** Pool size of each app's database handle (default 6). */
  max?: number;
  /** Pool size of the direct `database` handle the tests use (default 4). */
  directMax?: number;
  /** Listen on a random loopback port (Socket.IO, SSE and streaming tests); default false (inject only). */
  listen?: boolean;
  /**
   * The identity peer; default the worker's shared one (sharedIdentityForTests). `'self'` for identity's own tests:
   * the service is the identity, so none is asked for and neither IDENTITY_SERVICE_URL nor INTERNAL_SERVICE_SECRET
   * is filled in (`env` gives the secret the test proves service tokens with).
   */
  identity?: IdentityForTests | 'self';
}

export interface ServiceForTests<TTables extends Record<string, unknown>, TConfig> {
  app: ServiceApp;
  config: TConfig;
  /** Base URL when started with `listen: true`, otherwise ''. */
  url: string;
  identity: IdentityForTests;
  /** The service's own test database (a fresh one per call). */
  databaseUrl: string;
  /** A handle on that database for direct reads and writes, not migrated again. */
  database: Database<TTables>;
  /** What every app of this harness logged. */
  logs: LogCapture;
  /** Another app on the same database and identity with extra env (a restart or a replica), closed with the rest. */
  another(env?: Env, options?: { listen?: boolean }): Promise<{ app: ServiceApp; url: string; config: TConfig }>;
  /** Closes every app and handle, then drops the database (the shared identity keeps running). */
  close(): Promise<void>;
}

/** What `startServiceForTests` gives identity's own tests (`identity: 'self'`): everything but a peer. */
export type IdentityServiceForTests<TTables extends Record<string, unknown>, TConfig> = Omit<
  ServiceForTests<TTables, TConfig>,
  'identity'
>;

/**
 * One service in-process for its tests (DESIGN §8): a fresh database migrated with the service's own migrations,
 * the app built by the service's buildApp against a real identity (the worker's shared identity process unless
 * one is given), with NODE_ENV=test, the identity URL, the platform secret, the database URL and a quiet log level
 * already in the environment. Identity itself starts the same way with `identity: 'self'`. `name` labels the
 * database (`symbia_t_<name>_…`).
 */
export async function startServiceForTests<TTables extends Record<string, unknown>, TConfig>(
  name: string,
  options: StartServiceForTestsOptions<TTables, TConfig> & { identity: 'self' },
): Promise<IdentityServiceForTests<TTables, TConfig>>;
export async function startServiceForTests<TTables extends Record<string, unknown>, TConfig>(
  name: string,
  options: StartServiceForTestsOptions<TTables, TConfig> & { identity?: IdentityForTests },
): Promise<ServiceForTests<TTables, TConfig>>;
export async function startServiceForTests<TTables extends Record<string, unknown>, TConfig>(
  name: string,
  options: StartServiceForTestsOptions<TTables, TConfig>,
): Promise<IdentityServiceForTests<TTables, TConfig> & { identity?: IdentityForTests }> {
  const identity = options.identity === 'self' ? undefined : (options.identity ?? (await sharedIdentityForTests()));
  const peerEnv: Env = identity
    ? { IDENTITY_SERVICE_URL: identity.url, INTERNAL_SERVICE_SECRET: identity.secrets.INTERNAL_SERVICE_SECRET! }
    : {};
  const testDb = await createTestDatabase({ prefix: name });
  const logs = createLogCapture();
  const apps: ServiceApp[] = [];
  const handles: Database<TTables>[] = [];
  const closeAll = async () => {
    for (const app of apps.reverse()) await app.close();
    for (const handle of handles) await handle.close();
    await testDb.drop();
  };
  const another = async (env: Env = {}, extra: { listen?: boolean } = {}) => {
    const config = options.loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: testDb.url,
      ...peerEnv,
      ...options.env,
      ...env,
    });
    const database = await openMigratedDatabase(options.database, { url: testDb.url, max: options.max ?? 6 });
    const app = await options
      .buildApp({ config, database, logDestination: logs.destination })
      .catch(async (error: unknown) => {
        await database.close();
        throw error;
      });
    apps.push(app);
    dropSilentConnectionsOnClose(app.server);
    const url = (extra.listen ?? options.listen) ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
    return { app, url, config };
  };
  try {
    const first = await another();
    const database = openServiceDatabase(options.database, { url: testDb.url, max: options.directMax ?? 4 });
    handles.push(database);
    return {
      ...first,
      ...(identity && { identity }),
      databaseUrl: testDb.url,
      database,
      logs,
      another,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
