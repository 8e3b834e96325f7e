import { spawn } from 'node:child_process';
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
export function startLauncher(input: { readonly env: Record<string, string>; readonly args?: readonly string[] }): LauncherProcess {
  const env: Record<string, string | undefined> = { ...process.env, SYMBIA_STOP_TIMEOUT_MS: '5000', ...input.env };
  // As from a developer's shell: vitest's NODE_ENV=test and a FORCE_COLOR must not leak into the run.
  delete env.FORCE_COLOR;
  if (input.env.NODE_ENV === undefined) delete env.NODE_ENV;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', launcherMain, ...(input.args ?? [])], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((check) => check());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), notify()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), notify()));
  let closed = false;
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => ((closed = true), notify(), resolve(code))));
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
        const timer = setTimeout(() => finish(new Error(`timed out waiting for "${text}"; output so far:\n${output()}`)), timeoutMs);
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
    return true;
  } catch {
    return false;
  }
}

/** The pids the fixture services printed (`<name> starting pid=<pid>`). */
export function fixturePids(output: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const match of output.matchAll(/\]\s+(\w+) starting pid=(\d+)/g)) pids[match[1]!] = Number(match[2]);
  return pids;
}
