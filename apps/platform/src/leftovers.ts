import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSameProcess, readProcessIdentity, signalProcessGroup } from '@symbia/supervisor';
import { readRunState, type RecordedProcess } from './run-state.js';

export interface LeftoverNotes {
  warn(message: string): void;
}

export type LeftoverOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

const POLL_MS = 100;
// PostgreSQL's fast shutdown writes a checkpoint; on a slow disk that takes a while.
const POSTMASTER_STOP_MS = 30_000;
const KILL_WAIT_MS = 5_000;

/**
 * Before anything starts: a launcher that died without stopping its children (kill -9, a crash, a closed
 * terminal) left `run/pids.json` behind. Services and the PostgreSQL host it names that are still the same
 * processes (pid and start time) are stopped, SIGTERM then SIGKILL after `timeoutMs`, and a postmaster still
 * running on the embedded data directory gets a fast shutdown. A launcher that is still alive is refused:
 * two launchers on one state directory would fight over its ports and its database.
 */
export async function stopLeftovers(input: {
  readonly file: string;
  readonly postgresDir: string;
  readonly timeoutMs: number;
  readonly notes: LeftoverNotes;
}): Promise<LeftoverOutcome> {
  const state = await readRunState(input.file);
  if (state === undefined) {
    await rm(input.file, { force: true });
    return { ok: true };
  }
  if (state.launcher.pid !== process.pid && (await isSameProcess(state.launcher))) {
    return {
      ok: false,
      message: `another npm start (pid ${state.launcher.pid}) is running with ${path.dirname(path.dirname(input.file))}; stop it first`,
    };
  }
  const alive: RecordedProcess[] = [];
  for (const entry of state.processes) if (await isSameProcess(entry)) alive.push(entry);
  if (alive.length > 0) {
    input.notes.warn(
      `an earlier npm start (pid ${state.launcher.pid}) did not exit cleanly; stopping what it left running: ` +
        alive.map((entry) => `${entry.name} (pid ${entry.pid})`).join(', '),
    );
    await stopGroups(alive, input.timeoutMs);
  }
  if (state.processes.some((entry) => entry.name === 'postgres')) await stopPostmaster(input.postgresDir, input.notes);
  await rm(input.file, { force: true });
  return { ok: true };
}

async function stopGroups(entries: readonly RecordedProcess[], timeoutMs: number): Promise<void> {
  // Each was spawned detached, so its pid leads a process group that holds whatever it spawned too.
  for (const entry of entries) signalProcessGroup(entry.pid, 'SIGTERM');
  let remaining = await stillRunning(entries);
  const deadline = Date.now() + timeoutMs;
  while (remaining.length > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    remaining = await stillRunning(remaining);
  }
  for (const entry of remaining) signalProcessGroup(entry.pid, 'SIGKILL');
  const killDeadline = Date.now() + KILL_WAIT_MS;
  while (Date.now() < killDeadline && (await stillRunning(remaining)).length > 0) await sleep(POLL_MS);
}

async function stillRunning(entries: readonly RecordedProcess[]): Promise<RecordedProcess[]> {
  const running: RecordedProcess[] = [];
  for (const entry of entries) if (await isSameProcess(entry)) running.push(entry);
  return running;
}

/** A postmaster whose host process was killed outlives it; `postmaster.pid` names it (first line). */
async function stopPostmaster(dataDir: string, notes: LeftoverNotes): Promise<void> {
  const content = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  const identity = Number.isInteger(pid) && pid > 0 ? await readProcessIdentity(pid) : undefined;
  if (identity === undefined || !identity.command.includes('postgres')) return;
  notes.warn(`stopping PostgreSQL (pid ${pid}) left running on ${dataDir}`);
  // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, the data directory is left consistent.
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    notes.warn(`could not stop PostgreSQL (pid ${pid}): ${(error as Error).message}`);
    return;
  }
  const deadline = Date.now() + POSTMASTER_STOP_MS;
  while (Date.now() < deadline && (await isSameProcess(identity))) await sleep(POLL_MS);
}
