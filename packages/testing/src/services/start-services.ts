import { access } from 'node:fs/promises';
import {
  findFreePort,
  generatePlatformSecrets,
  groupByTier,
  serviceUrlEnv,
  startServiceProcess,
  type OutputStream,
  type ServiceProcess,
} from '@symbia/supervisor';
import {
  defaultRepositoryRoot,
  resolveServiceSpec,
  type ResolvedServiceSpec,
  type ServiceSpec,
} from './service-entry.js';

export interface StartServicesOptions {
  readonly services: readonly ServiceSpec[];
  /** Usually a database from `createTestDatabase()`; every service gets it as DATABASE_URL. */
  readonly databaseUrl: string;
  /** Extra variables for every service; they win over the generated ones (a test may pin a secret). */
  readonly env?: Readonly<Record<string, string>>;
  /** Repository root for registry ids; defaults to this checkout. */
  readonly root?: string;
  /** Each service's output, line by line; silent by default (failures carry the last lines anyway). */
  readonly onLine?: (name: string, line: string, stream: OutputStream) => void;
  /** Per service; default 30 s. */
  readonly readyTimeoutMs?: number;
}

export interface StartedServices {
  /** name → base URL, e.g. `{ identity: 'http://127.0.0.1:40123' }`. */
  readonly urls: Readonly<Record<string, string>>;
  /** The random secrets every service shares, for tests that sign or verify like a service would. */
  readonly secrets: Readonly<Record<string, string>>;
  /** The running process of one service (url, pid, recentLines); throws for a name not started. */
  get(name: string): ServiceProcess;
  /** Stops every service, highest tier first. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Boots real services as child processes on random free ports (DESIGN §8), in tier order, each told
 * where the others are through `<ID>_SERVICE_URL`. On a failed start it stops what it started and
 * rethrows the supervisor's ServiceStartError, whose message names the cause.
 */
export async function startServices(options: StartServicesOptions): Promise<StartedServices> {
  const root = options.root ?? defaultRepositoryRoot;
  const specs = options.services.map((spec) => resolveServiceSpec(spec, root));
  await assertStartable(specs);
  const ports = new Map<string, number>();
  for (const spec of specs) ports.set(spec.name, await findFreePort());
  const urls = Object.fromEntries(specs.map((spec) => [spec.name, `http://127.0.0.1:${ports.get(spec.name)}`]));
  const secrets = generatePlatformSecrets();
  const sharedEnv = {
    ...process.env,
    ...secrets,
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    ...serviceUrlEnv(urls),
    ...options.env,
  };

  const tiers = groupByTier(specs, (spec) => spec.tier);
  const running = new Map<string, ServiceProcess>();
  const stop = async () => {
    for (const tier of [...tiers].reverse()) {
      await Promise.all(tier.map((spec) => running.get(spec.name)?.stop(STOP_TIMEOUT_MS)));
    }
    running.clear();
  };
  for (const tier of tiers) {
    const results = await Promise.allSettled(
      tier.map(async (spec) => {
        const service = await startServiceProcess({
          name: spec.name,
          entry: spec.entry,
          cwd: spec.cwd,
          env: { ...sharedEnv, ...spec.env },
          port: ports.get(spec.name)!,
          onLine: options.onLine,
          readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
        });
        running.set(spec.name, service);
      }),
    );
    // allSettled, not all: a sibling that becomes ready after the failure must be stopped too.
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) {
      await stop();
      throw failure.reason;
    }
  }
  return {
    urls,
    secrets,
    get(name) {
      const service = running.get(name);
      if (service === undefined) {
        throw new Error(`startServices: "${name}" is not running; started: ${Object.keys(urls).join(', ')}`);
      }
      return service;
    },
    stop,
  };
}

async function assertStartable(specs: readonly ResolvedServiceSpec[]): Promise<void> {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new Error(`startServices: "${spec.name}" is listed twice`);
    seen.add(spec.name);
    await access(spec.entry).catch(() => {
      throw new Error(`startServices: ${spec.name} has no entry file at ${spec.entry}`);
    });
  }
}
