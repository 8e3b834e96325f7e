import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<void> | void;

export interface HealthState {
  /** False before listen and from the moment shutdown starts. */
  accepting: boolean;
}

export interface HealthOptions {
  state: HealthState;
  readinessChecks: Readonly<Record<string, ReadinessCheck>>;
  checkTimeoutMs?: number;
}

function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([Promise.resolve().then(check), timeout]).finally(() => clearTimeout(timer));
}

/** Probes of libraries.md §1.2; readiness runs every dependency check (database, migrations, peers). */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const probe = { schema: { tags: ['health'], summary: 'Probe' } };
  const timestamp = () => new Date().toISOString();

  app.get(
    '/health',
    { schema: { ...probe.schema, summary: 'Liveness (503 while shutting down)' } },
    async (_req, reply) => {
      if (!options.state.accepting) return reply.code(503).send({ status: 'degraded', timestamp: timestamp() });
      return { status: 'ok', timestamp: timestamp() };
    },
  );

  app.get('/health/live', { schema: { ...probe.schema, summary: 'Liveness' } }, async () => ({
    status: 'ok',
    timestamp: timestamp(),
  }));

  app.get(
    '/health/ready',
    { schema: { ...probe.schema, summary: 'Readiness, including dependency checks' } },
    async (_req, reply) => {
      if (!options.state.accepting) {
        return reply.code(503).send({
          status: 'unhealthy',
          timestamp: timestamp(),
          checks: { server: { status: 'fail', message: 'Server not ready' } },
        });
      }
      const entries = Object.entries(options.readinessChecks);
      const results = await Promise.all(
        entries.map(async ([name, check]) => {
          try {
            await withTimeout(check, timeoutMs);
            return [name, { status: 'ok' }] as const;
          } catch (error) {
            return [name, { status: 'fail', message: (error as Error).message }] as const;
          }
        }),
      );
      const healthy = results.every(([, result]) => result.status === 'ok');
      const body = {
        status: healthy ? 'ok' : 'unhealthy',
        timestamp: timestamp(),
        checks: Object.fromEntries(results),
      };
      return reply.code(healthy ? 200 : 503).send(body);
    },
  );
}
