import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { envPrefix } from '@symbia/kit';
import type { ExitInfo } from './exit-info.js';
import { createRecentLines, readLines } from './line-reader.js';
import { signalProcessGroup } from './process-group.js';
import { classifyStartFailure, ServiceStartError } from './start-failure.js';
import { pollUntilOk } from './wait-for-http.js';

/** `terminal`: text the child sent over its IPC channel for a person to see, never written to the log file. */
export type OutputStream = 'stdout' | 'stderr' | 'terminal';

/**
 * The one message a child may send over its IPC channel: text for the supervisor's terminal only (a one-time
 * setup token), kept out of log files and `recentLines()`.
 */
export interface TerminalMessage {
  readonly type: 'symbia:terminal';
  readonly text: string;
}

export interface StartServiceOptions {
  readonly name: string;
  /** The TypeScript entry, run as `node --conditions=source --import tsx <entry>` unless `args` is given. */
  readonly entry: string;
  readonly cwd: string;
  /** The child's whole environment; `PORT` and `<ID>_PORT` are set to `port` on top of it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly port: number;
  readonly command?: string;
  /** Replaces the default arguments entirely (the entry is then not appended). */
  readonly args?: readonly string[];
  /** Where readiness is polled and what `url` names; the child still binds whatever HOST it reads. */
  readonly host?: string;
  readonly logFile?: string;
  readonly onLine?: (name: string, line: string, stream: OutputStream) => void;
  readonly readyPath?: string;
  readonly readyTimeoutMs: number;
  /** Aborting stops a child that is not ready yet and rejects with reason `aborted`. */
  readonly signal?: AbortSignal;
  /** Bound on SIGTERM → SIGKILL when a failed or aborted start is cleaned up. */
  readonly cleanupTimeoutMs?: number;
  /** Called once the child exists (before it is ready), e.g. to record its pid. */
  readonly onSpawn?: (pid: number) => void;
}

export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly logFile?: string;
  /** Settles once the process has exited and its output and log file are flushed. */
  readonly exited: Promise<ExitInfo>;
  /** SIGTERM to the process group, then SIGKILL after `timeoutMs` (default 10 s). */
  stop(timeoutMs?: number): Promise<ExitInfo>;
  recentLines(): string[];
}

const DEFAULT_STOP_TIMEOUT_MS = 10_000;
const DEFAULT_CLEANUP_TIMEOUT_MS = 3_000;
const RECENT_LINE_LIMIT = 50;
// A grandchild that inherited stdout can keep the pipe open after the service itself exited.
const OUTPUT_GRACE_MS = 1_000;

/** Spawns a service, streams its output, and resolves once `GET <readyPath>` answers 200. */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const readyUrl = `${url}${options.readyPath ?? '/health/ready'}`;
  const recent = createRecentLines(RECENT_LINE_LIMIT);
  const log = openLog(options.logFile);

  // The IPC channel is how the child notices that its supervisor died (it closes, even on SIGKILL; the kit's
  // runMain then shuts the service down) and how it shows text on the terminal only.
  const child = spawn(options.command ?? process.execPath, options.args ?? defaultArgs(options.entry), {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(options.port), [`${envPrefix(options.name)}_PORT`]: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  log?.write(`\n=== ${new Date().toISOString()} ${options.name} starting (pid ${child.pid ?? 'none'}) ===\n`);
  const onLine = (stream: OutputStream) => (line: string) => {
    recent.push(line);
    log?.write(`${line}\n`);
    options.onLine?.(options.name, line, stream);
  };
  readLines(child.stdout!, onLine('stdout'));
  readLines(child.stderr!, onLine('stderr'));
  child.on('message', (message: unknown) => {
    if (!isTerminalMessage(message)) return;
    for (const line of message.text.split('\n')) options.onLine?.(options.name, line, 'terminal');
  });
  // Sending nothing ourselves: a child that exits mid-write must not surface as an unhandled EPIPE here.
  child.on('error', () => undefined);
  const exited = watchExit(child, log);

  const handle: ServiceProcess = {
    name: options.name,
    url,
    port: options.port,
    pid: child.pid ?? -1,
    logFile: options.logFile,
    exited,
    stop: (timeoutMs = DEFAULT_STOP_TIMEOUT_MS) => stopChild(child, exited, timeoutMs),
    recentLines: () => recent.list(),
  };

  const waiting = new AbortController();
  const stopWaiting = () => waiting.abort();
  void exited.then(stopWaiting);
  options.signal?.addEventListener('abort', stopWaiting, { once: true });
  const result = await pollUntilOk(readyUrl, options.readyTimeoutMs, { signal: waiting.signal });
  options.signal?.removeEventListener('abort', stopWaiting);
  if (result.ok) return handle;

  const childExited = child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  const exit = childExited ? await exited : await handle.stop(options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
  const lastLines = recent.list();
  const details = { service: options.name, lastLines, logFile: options.logFile, pid: child.pid };
  if (!childExited && options.signal?.aborted) {
    throw new ServiceStartError({ ...details, reason: 'aborted', problem: 'the start was cancelled', exit });
  }
  const classified = classifyStartFailure({
    port: options.port,
    lines: lastLines,
    exit: childExited ? exit : undefined,
    timeoutMs: options.readyTimeoutMs,
    readyUrl,
    lastOutcome: result.reason === 'timeout' ? result.lastOutcome : undefined,
    databaseUrl: options.env.DATABASE_URL,
  });
  throw new ServiceStartError({ ...details, ...classified, exit });
}

function isTerminalMessage(message: unknown): message is TerminalMessage {
  const candidate = message as Partial<TerminalMessage> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.type === 'symbia:terminal' &&
    typeof candidate.text === 'string'
  );
}

function defaultArgs(entry: string): string[] {
  return ['--conditions=source', '--import', resolveTsx(), entry];
}

// `--import tsx` resolves from the child's cwd; an absolute URL works from any cwd (fixtures in temp dirs).
function resolveTsx(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

function openLog(logFile: string | undefined): WriteStream | undefined {
  if (logFile === undefined) return undefined;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const stream = createWriteStream(logFile, { flags: 'a' });
  // The file is a copy of what onLine already shows; a full disk must not crash the supervising process.
  stream.on('error', () => undefined);
  return stream;
}

function watchExit(child: ChildProcess, log: WriteStream | undefined): Promise<ExitInfo> {
  return new Promise((resolve) => {
    let info: ExitInfo | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      const final = info ?? { code: child.exitCode, signal: child.signalCode };
      if (log === undefined) resolve(final);
      else log.end(() => resolve(final));
    };
    child.once('error', (error) => {
      // Only a spawn failure leaves no pid; later errors (a failed kill) do not end the process.
      if (child.pid !== undefined) return;
      info = { code: null, signal: null, error: error.message };
      finish();
    });
    child.once('exit', (code, signal) => {
      info = { code, signal };
      setTimeout(finish, OUTPUT_GRACE_MS).unref();
    });
    child.once('close', finish);
  });
}

async function stopChild(child: ChildProcess, exited: Promise<ExitInfo>, timeoutMs: number): Promise<ExitInfo> {
  const pid = child.pid;
  if (pid === undefined) return exited;
  // Already gone: signalling its old group id now could hit an unrelated group that reused the number.
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  signalProcessGroup(pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') signalProcessGroup(pid, 'SIGKILL');
  const info = await exited;
  // Sweep helpers the service left behind in its group; the id stays reserved while any of them lives.
  signalProcessGroup(pid, 'SIGKILL');
  return info;
}
