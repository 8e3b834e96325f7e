import { ConfigError } from './config/load-service-config.js';

/**
 * Wraps a service's `main`: a configuration problem (missing or weak secret in production, a bad port) ends the
 * process with exit code 1 and a message naming each variable, instead of a stack trace. A service started by a
 * supervisor (the launcher, `@symbia/testing`) also stops when that supervisor dies: see `exitWithParent`.
 */
export function runMain(
  main: () => Promise<unknown>,
  io: { stderr?: NodeJS.WritableStream; exit?: (code: number) => void } = {},
): void {
  const stderr = io.stderr ?? process.stderr;
  const exit = io.exit ?? ((code: number) => process.exit(code));
  exitWithParent();
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      stderr.write(`${error.message}\n`);
    } else {
      stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    exit(1);
  });
}

/**
 * `@symbia/supervisor` spawns every service with an IPC channel. The kernel closes it when the supervisor dies,
 * even on SIGKILL, and the service then stops as if it had been sent SIGTERM (runService's graceful shutdown,
 * or the default exit before it listens), so a crashed launcher leaves no service holding its port. A process
 * started without a channel (`node services/<name>/dist/main.js`) is unaffected.
 */
export function exitWithParent(proc: NodeJS.Process = process): void {
  if (proc.channel === undefined || proc.channel === null) return;
  proc.once('disconnect', () => proc.kill(proc.pid, 'SIGTERM'));
  // The channel must not keep the service alive on its own, as stdin would not.
  proc.channel.unref();
}
