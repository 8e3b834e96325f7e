import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@symbia/supervisor';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const launcherMain = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
export const fixtureRepo = fileURLToPath(new URL('../fixtures/repo/', import.meta.url));
export const emptyRepo = fileURLToPath(new URL('../fixtures/empty-repo/', import.meta.url));

export interface LauncherProcess {
  readonly pid: number;
  /** stdout and stderr as received so far. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves once the output contains `text`; rejects (with the output) if the launcher exits first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
  signal(name: NodeJS.Signals): void;
}

/** Runs `npm start`'s command as a real child process with the given environment on top of ours. */
export function startLauncher(input: {
  readonly env: Record<string, string>;
  readonly args?: readonly string[];
}): LauncherProcess {
  const env: Record<string, string | undefined> = { ...process.env, SYMBIA_STOP_TIMEOUT_MS: '5000', ...input.env };
  // As from a developer's shell: vitest's NODE_ENV=test and a FORCE_COLOR must not leak into the run.
  delete env.FORCE_COLOR;
  if (input.env.NODE_ENV === undefined) delete env.NODE_ENV;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', launcherMain, ...(input.args ?? [])],
    {
      cwd: repositoryRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((check) => check());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), notify()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), notify()));
  let closed = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => ((closed = true), notify(), resolve(code))),
  );
  const output = () => `${stdout}${stderr}`;
  return {
    pid: child.pid!,
    output,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    signal: (name) => child.kill(name),
    waitFor(text, timeoutMs = 45_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`timed out waiting for "${text}"; output so far:\n${output()}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (output().includes(text)) finish();
          else if (closed) {
            finish(new Error(`the launcher exited before printing "${text}"; output:\n${output()}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** A free port per service, as `<ID>_PORT` variables, so tests never touch the default ports. */
export async function freePortEnv(names: readonly string[]): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of names) env[`${name.toUpperCase()}_PORT`] = String(await findFreePort());
  return env;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An orphan that exited may wait as a zombie for a container's init to reap it; it holds nothing any more.
  const stat = readStatFile(pid);
  return stat === undefined || stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

function readStatFile(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The pids the fixture services printed (`<name> starting pid=<pid>`). */
export function fixturePids(output: string): Record<string, number> {
  const pids: Record<string, number> = {};
  // Only the service's own line: the launcher's crash reports quote it again.
  for (const match of output.matchAll(/\[(\w+)\]\s+\1 starting pid=(\d+)/g)) pids[match[1]!] = Number(match[2]);
  return pids;
}

/** GET /health/ready on 127.0.0.1:<port>: the status, or the connection error's code. */
export async function readyStatus(port: number | string): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    return String(response.status);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
}

/** Polls `check` every 100 ms until it holds; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Test cleanup: whatever a failed assertion left running must not outlive the test run. */
export function killGroups(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Asks `port` for /health/ready every 100 ms until stopped; every answer other than 200 is kept, so a test can
 * show that a service kept answering while another one was down.
 */
export function watchReady(port: number | string): { stop(): Promise<{ answers: number; failures: string[] }> } {
  let running = true;
  let answers = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      const status = await readyStatus(port);
      answers += 1;
      if (status !== '200') failures.push(status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { answers, failures };
    },
  };
}

/** Every pid a fixture printed, restarts included. */
export function allFixturePids(output: string): number[] {
  return [...new Set([...output.matchAll(/\[(\w+)\]\s+\1 starting pid=(\d+)/g)].map((match) => Number(match[2])))];
}

/** The launcher's exit code, or an error after `timeoutMs`, so a test's cleanup still runs when it hangs. */
export function exitedWithin(launcher: LauncherProcess, timeoutMs = 30_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the launcher did not exit within ${timeoutMs} ms:\n${launcher.output()}`)),
      timeoutMs,
    );
  });
  return Promise.race([launcher.exited, timeout]).finally(() => clearTimeout(timer));
}
