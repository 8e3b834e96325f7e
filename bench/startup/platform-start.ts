// Whole-platform `npm start` as a person runs it: embedded PostgreSQL in a state directory that already exists
// (a warm start: initialised, migrated, secrets generated), every service the launcher finds, then Ctrl-C.
// Ready = the launcher prints "all N services are ready".
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PlatformStart {
  /** Spawn of `npm start` → "all N services are ready". */
  readyMs: number;
  /** SIGINT to the process group (Ctrl-C) → `npm start` exits. */
  stopMs: number;
  /** The launcher's line saying which services ran built and which from sources. */
  runtimes: string;
}

const READY_TIMEOUT_MS = 120_000;

export async function measurePlatformStart(input: {
  root: string;
  env: Record<string, string | undefined>;
}): Promise<PlatformStart> {
  const started = performance.now();
  // Its own process group, as a terminal's foreground job: Ctrl-C reaches npm and the launcher together.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: input.root,
    env: input.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  // 'close': the launcher, which shares npm's pipes, has exited too (npm may die of the SIGINT first).
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  // npm itself may die of the SIGINT (no exit code); the launcher's own last line says whether it stopped cleanly.
  const stoppedCleanly = () => /\[symbia\]\s+stopped$/m.test(output);
  let readyMs: number | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: string) => {
      output += chunk;
      if (readyMs === undefined && /all \d+ services are ready/.test(output)) {
        readyMs = performance.now() - started;
        resolve();
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    void exited.then(
      (code) =>
        readyMs === undefined &&
        reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-4_000)}`)),
    );
  });
  const timeout = new AbortController();
  try {
    await Promise.race([
      ready,
      sleep(READY_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
        throw new Error(`npm start was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output.slice(-4_000)}`);
      }),
    ]);
    timeout.abort();
    const stopping = performance.now();
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    if (!stoppedCleanly()) throw new Error(`npm start did not stop cleanly after Ctrl-C:\n${output.slice(-4_000)}`);
    const runtimes = /(built \(node dist\/main\.js\)[^\n]*|sources \(tsx\)[^\n]*)/.exec(output)?.[1] ?? '';
    return { readyMs: readyMs!, stopMs: performance.now() - stopping, runtimes };
  } finally {
    timeout.abort();
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
