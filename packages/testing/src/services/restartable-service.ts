import { findFreePort, startServiceProcess, type ServiceProcess } from '@symbia/supervisor';
import { defaultRepositoryRoot, resolveServiceSpec, type ServiceSpec } from './service-entry.js';

export interface RestartableServiceOptions {
  readonly service: ServiceSpec;
  /** The variables of the process (identity URL, secrets, DATABASE_URL, …); NODE_ENV defaults to `test`. */
  readonly env: Readonly<Record<string, string>>;
  /** Default: a free port, kept across restarts so clients reconnect to the same URL. */
  readonly port?: number;
  readonly readyTimeoutMs?: number;
}

/** One real service process that a test can stop and start again on the same port. */
export interface RestartableService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  isRunning(): boolean;
  /** The running process; throws while stopped. */
  process(): ServiceProcess;
  /** Stops the process (SIGTERM, then SIGKILL after the timeout); nothing when already stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits for /health/ready; nothing when already running. */
  start(): Promise<void>;
}

/**
 * A service as its own child process (DESIGN §8) for tests of what happens while it is away and when it comes back:
 * the network relay's reconnect, re-registration and bounded outbox. `startServices` boots a platform subset once;
 * this keeps one process restartable. Recent output is kept for failure messages (`process().recentLines()`).
 */
export async function startRestartableService(options: RestartableServiceOptions): Promise<RestartableService> {
  const spec = resolveServiceSpec(options.service, defaultRepositoryRoot);
  const port = options.port ?? (await findFreePort());
  let current: ServiceProcess | null = null;
  const start = async () => {
    if (current !== null) return;
    current = await startServiceProcess({
      name: spec.name,
      entry: spec.entry,
      cwd: spec.cwd,
      env: { ...process.env, NODE_ENV: 'test', ...options.env, ...spec.env },
      port,
      readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    });
  };
  await start();
  return {
    name: spec.name,
    url: `http://127.0.0.1:${port}`,
    port,
    isRunning: () => current !== null,
    process() {
      if (current === null) throw new Error(`${spec.name} is stopped`);
      return current;
    },
    async stop() {
      const running = current;
      current = null;
      await running?.stop(10_000);
    },
    start,
  };
}
