import type { FastifyInstance } from 'fastify';
import type { BaseServiceConfig } from './config/load-service-config.js';

export interface RunServiceOptions {
  config: Pick<BaseServiceConfig, 'host' | 'port' | 'shutdownDelayMs' | 'shutdownTimeoutMs' | 'serviceId'>;
  /** For tests; defaults to `process`. */
  signals?: NodeJS.EventEmitter;
  exit?: (code: number) => void;
}

export interface RunningService {
  url: string;
  /** Resolves once shutdown has finished (before `exit` is called). */
  stopped: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Listens, then owns SIGTERM/SIGINT (libraries.md §1.9, W14): mark not ready, optional pre-stop delay so load
 * balancers notice, stop accepting and drain in-flight requests (Fastify `close`, which also runs every
 * `onClose` hook: DB pools, sockets), bounded by `shutdownTimeoutMs`, then exit. Services add work as
 * `onClose` hooks and never install their own signal handlers.
 */
export async function runService(app: FastifyInstance, options: RunServiceOptions): Promise<RunningService> {
  const { config } = options;
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const url = await app.listen({ host: config.host, port: config.port });
  app.health.accepting = true;
  app.log.info({ url }, `${config.serviceId} listening`);

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    if (shuttingDown) return shuttingDown;
    shuttingDown = (async () => {
      app.health.accepting = false;
      app.log.info({ reason }, 'shutting down');
      // Requests that began before the drain may finish on keep-alive sockets; close each one once it is idle.
      const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
      closeIdle.unref();
      if (config.shutdownDelayMs > 0) await delay(config.shutdownDelayMs);
      let code = 0;
      const forced = delay(config.shutdownTimeoutMs).then(() => 'timeout' as const);
      const closed = app.close().then(
        () => 'closed' as const,
        (error: unknown) => {
          app.log.error({ err: error }, 'error while closing');
          code = 1;
          return 'closed' as const;
        },
      );
      if ((await Promise.race([closed, forced])) === 'timeout') {
        app.log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing remaining connections');
        app.server.closeAllConnections();
        code = 1;
      }
      clearInterval(closeIdle);
      resolveStopped();
      exit(code);
    })();
    return shuttingDown;
  };

  signals.once('SIGTERM', () => void shutdown('SIGTERM'));
  signals.once('SIGINT', () => void shutdown('SIGINT'));
  return { url, stopped, shutdown };
}
