import { isPortFree } from '@symbia/supervisor';
import type { LauncherConfig } from './launcher-config.js';

export interface PlatformDatabase {
  /** What services get as DATABASE_URL. */
  readonly url: string;
  /** For the status table; never contains the password. */
  readonly description: string;
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
  // Loaded on demand: a launcher pointed at an external database never loads the embedded binaries.
  const { startEmbeddedPostgres, ensureDatabase } = await import('@symbia/db');
  const server = await startEmbeddedPostgres({ dataDir: input.config.postgresDir, port, password: input.password });
  try {
    await ensureDatabase(server.url, PLATFORM_DATABASE_NAME);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = withDatabase(server.url, PLATFORM_DATABASE_NAME);
  return {
    url,
    description: `embedded at 127.0.0.1:${server.port} (data in ${input.config.postgresDir})`,
    stop: () => server.stop(),
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
