import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isPortFree } from '@symbia/supervisor';
import type { HostMessage, HostRequest } from './embedded-postgres-host.js';
import type { LauncherConfig } from './launcher-config.js';

export interface PlatformDatabase {
  /** What services get as DATABASE_URL. */
  readonly url: string;
  /** For the status table; never contains the password. */
  readonly description: string;
  /** The embedded PostgreSQL host process (leader of its process group); none for an external database. */
  readonly pid?: number;
  stop(): Promise<void>;
}

export interface DatabaseNotes {
  info(message: string): void;
  warn(message: string): void;
}

/** Database every service shares (one schema each, DESIGN §5); created in the embedded cluster. */
export const PLATFORM_DATABASE_NAME = 'symbia';

/**
 * DATABASE_URL when set (the launcher does not touch that server); otherwise embedded PostgreSQL with its
 * data in `.symbia/postgres`, kept across runs, and a `symbia` database in it.
 */
export async function openPlatformDatabase(input: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: LauncherConfig;
  readonly password: string;
  readonly notes: DatabaseNotes;
}): Promise<PlatformDatabase> {
  const external = input.env.DATABASE_URL?.trim();
  if (external) {
    return { url: external, description: `external, ${maskDatabaseUrl(external)}`, stop: async () => undefined };
  }
  const port = await choosePort(input.config.postgresPort, input.notes);
  input.notes.info(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${input.config.postgresDir})`);
  const host = await startPostgresHost(
    { dataDir: input.config.postgresDir, port, database: PLATFORM_DATABASE_NAME },
    input.password,
  );
  return {
    url: withDatabase(host.url, PLATFORM_DATABASE_NAME),
    description: `embedded at 127.0.0.1:${host.port} (data in ${input.config.postgresDir})`,
    pid: host.pid,
    stop: host.stop,
  };
}

const hostEntry = fileURLToPath(new URL('./embedded-postgres-host.ts', import.meta.url));

/** Starts embedded-postgres-host.ts detached (its own process group) and waits for its `ready` message. */
async function startPostgresHost(
  request: HostRequest,
  password: string,
): Promise<{ url: string; port: number; pid?: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', hostEntry], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, SYMBIA_PG_HOST_REQUEST: JSON.stringify(request), EMBEDDED_POSTGRES_PASSWORD: password },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<HostMessage>((resolve) => {
    child.once('message', (message) => resolve(message as HostMessage));
    void exited.then(() => resolve({ type: 'failed', message: 'the PostgreSQL host process exited during start' }));
  });
  if (ready.type === 'failed') {
    child.kill('SIGTERM');
    throw new Error(ready.message);
  }
  return {
    url: ready.url,
    port: ready.port,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.connected) child.send('stop');
      else if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function choosePort(wanted: LauncherConfig['postgresPort'], notes: DatabaseNotes): Promise<number | undefined> {
  if (wanted.explicit || (await isPortFree(wanted.port, '127.0.0.1'))) return wanted.port;
  // Undefined lets @symbia/db pick a free port itself (and retry if it is taken before the bind).
  notes.warn(
    `port ${wanted.port} is busy, so embedded PostgreSQL takes a free port instead (set SYMBIA_POSTGRES_PORT to choose one)`,
  );
  return undefined;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** `postgres://user:****@host:port/db`: the password never reaches the terminal. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '****';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '****');
    }
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
