import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readProcessIdentity, type ProcessIdentity } from '@symbia/supervisor';

/** One process the launcher started: a service by its id, or `postgres` (the embedded PostgreSQL host). */
export interface RecordedProcess extends ProcessIdentity {
  readonly name: string;
}

/** `.symbia/run/pids.json`: who is running for this state directory, so a later start can clean up after a crash. */
export interface RunStateFile {
  readonly launcher: ProcessIdentity;
  readonly processes: readonly RecordedProcess[];
}

export interface RunState {
  /** Records a process the launcher just spawned (with its start time, so a reused pid is never mistaken for it). */
  add(name: string, pid: number): Promise<void>;
  remove(pid: number): Promise<void>;
  /** A clean stop: nothing is left to find. */
  clear(): Promise<void>;
}

export function runStateFile(home: string): string {
  return path.join(home, 'run', 'pids.json');
}

export async function readRunState(file: string): Promise<RunStateFile | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<RunStateFile>;
    if (!isIdentity(parsed.launcher) || !Array.isArray(parsed.processes)) return undefined;
    const processes = parsed.processes.filter(
      (entry: unknown): entry is RecordedProcess =>
        isIdentity(entry) && typeof (entry as RecordedProcess).name === 'string',
    );
    return { launcher: parsed.launcher, processes };
  } catch {
    return undefined;
  }
}

/** Starts a fresh file naming this launcher; every change rewrites it whole (write, then rename). */
export async function createRunState(file: string): Promise<RunState> {
  const launcher = (await readProcessIdentity(process.pid)) ?? { pid: process.pid, startTime: '', command: '' };
  const processes = new Map<number, RecordedProcess>();
  let writes: Promise<void> = Promise.resolve();
  const save = () => {
    const content = `${JSON.stringify({ launcher, processes: [...processes.values()] } satisfies RunStateFile, null, 2)}\n`;
    writes = writes.then(async () => {
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, content, { mode: 0o600 });
      await rename(temporary, file);
    });
    return writes;
  };
  // The state directory holds secrets.env too: private, as secrets.ts creates it.
  await mkdir(path.dirname(path.dirname(file)), { recursive: true, mode: 0o700 });
  await mkdir(path.dirname(file), { recursive: true });
  await save();
  return {
    async add(name, pid) {
      const identity = await readProcessIdentity(pid);
      // Gone before it could be read: nothing to clean up later.
      if (identity === undefined) return;
      processes.set(pid, { name, ...identity });
      await save();
    },
    async remove(pid) {
      if (processes.delete(pid)) await save();
    },
    async clear() {
      processes.clear();
      await writes.catch(() => undefined);
      await rm(file, { force: true });
    },
  };
}

function isIdentity(value: unknown): value is ProcessIdentity {
  const candidate = value as Partial<ProcessIdentity> | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Number.isInteger(candidate.pid) &&
    typeof candidate.startTime === 'string' &&
    typeof candidate.command === 'string'
  );
}
