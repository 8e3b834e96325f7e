import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DbLogger } from '../logger.js';

/**
 * A postmaster killed with SIGKILL (or a machine that lost power) leaves `postmaster.pid` behind.
 * PostgreSQL itself only ignores it when the recorded pid is gone, but in containers pids are reused
 * quickly, so we also check that the live process is a postgres. A live postmaster is left alone: two
 * servers on one data directory would corrupt it.
 */
export async function clearStalePidFile(dataDir: string, logger: DbLogger): Promise<void> {
  const file = path.join(dataDir, 'postmaster.pid');
  const content = await readFile(file, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresProcess(pid))) {
    throw new Error(
      `PostgreSQL (pid ${pid}) is still running on ${dataDir}; stop it first (kill -INT ${pid}) or use another data directory`,
    );
  }
  logger.warn({ dataDir, pid }, 'removing stale postmaster.pid left by a PostgreSQL that is no longer running');
  await rm(file, { force: true });
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user (e.g. the postgres account).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  // Without /proc (macOS) we cannot tell, so trust the pid.
  return cmdline === undefined || cmdline.includes('postgres');
}
