import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * What tells one process apart from a later one that reused its pid: when it started and what it runs.
 * Recorded when a child is spawned and compared before a leftover is signalled, so a pid file written by a
 * launcher that died long ago never gets an unrelated process killed.
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** Opaque and only ever compared for equality: clock ticks since boot on Linux, `ps` lstart elsewhere. */
  readonly startTime: string;
  readonly command: string;
}

/** The identity of a live process, or undefined once it is gone (or cannot be inspected). */
export async function readProcessIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat !== undefined) {
    // Fields after the parenthesised command name; starttime is field 22 of the whole line (man 5 proc).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTime = fields[19];
    // A zombie has exited already; only its parent's wait is missing.
    if (startTime === undefined || state === 'Z') return undefined;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    return { pid, startTime, command: cmdline.split('\0').filter(Boolean).join(' ') };
  }
  if (process.platform === 'linux') return undefined;
  // Without /proc (macOS): one `ps` call.
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=', '-o', 'lstart=', '-o', 'command=', '-p', String(pid)]);
    const match = /^\s*(\S+)\s+(\S+\s+\S+\s+\d+\s+[\d:]+\s+\d+)\s+(.*)$/.exec(stdout.trim());
    if (match === null || match[1]!.startsWith('Z')) return undefined;
    return { pid, startTime: match[2]!, command: match[3]! };
  } catch {
    return undefined;
  }
}

/** True when `recorded` still names the same live process (same pid, same start time). */
export async function isSameProcess(recorded: ProcessIdentity): Promise<boolean> {
  const current = await readProcessIdentity(recorded.pid);
  return current !== undefined && current.startTime === recorded.startTime;
}
