import path from 'node:path';
import {
  isPortFree,
  ServiceStartError,
  signalProcessGroup,
  startServiceProcess,
  type ExitInfo,
  type ServiceProcess,
} from '@symbia/supervisor';
import type { LaunchPlan, PlannedService } from './launch-plan.js';
import type { LogView } from './log-view.js';
import type { StatusRow } from './status-table.js';

export interface ServiceCrash {
  readonly service: PlannedService;
  readonly exit: ExitInfo;
  readonly lastLines: readonly string[];
  readonly logFile?: string;
}

export type FleetStartOutcome =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly service: string; readonly message: string; readonly logFile?: string }
  | { readonly kind: 'crashed'; readonly crash: ServiceCrash }
  | { readonly kind: 'interrupted' };

export interface ServiceFleet {
  /** Starts tier after tier; stops early on a failure, a crash of an earlier service, or `interrupt`. */
  start(interrupt: AbortSignal): Promise<FleetStartOutcome>;
  /** The first service that exits on its own (not through `stop`). Never settles otherwise. */
  readonly crashed: Promise<ServiceCrash>;
  statuses(): StatusRow[];
  /** Highest tier first, SIGTERM with a bounded wait; `force` aborting kills whatever is left. */
  stop(timeoutMs: number, force: AbortSignal): Promise<void>;
  /** SIGKILL to every service still running, synchronously (last resort on process exit). */
  kill(): void;
}

export interface ServiceFleetDeps {
  readonly plan: LaunchPlan;
  readonly envFor: (service: PlannedService) => Readonly<Record<string, string | undefined>>;
  readonly logsDir: string;
  readonly readyTimeoutMs: number;
  readonly view: LogView;
}

export function portInUseMessage(service: PlannedService): string {
  return `port ${service.port} (${service.name}) is already in use — stop the other process or set ${service.portVariable}`;
}

/** The first planned service whose port something else already listens on. */
export async function findBusyPort(services: readonly PlannedService[]): Promise<PlannedService | undefined> {
  for (const service of services) if (!(await isPortFree(service.port))) return service;
  return undefined;
}

export function createServiceFleet(deps: ServiceFleetDeps): ServiceFleet {
  const running = new Map<string, ServiceProcess>();
  const gone = new Set<string>();
  const failed = new Set<string>();
  let stopping = false;
  let reportCrash: (crash: ServiceCrash) => void = () => undefined;
  const crashed = new Promise<ServiceCrash>((resolve) => (reportCrash = resolve));

  async function startOne(service: PlannedService, signal: AbortSignal): Promise<void> {
    const handle = await startServiceProcess({
      name: service.name,
      entry: service.entry,
      cwd: service.cwd,
      env: deps.envFor(service),
      port: service.port,
      logFile: path.join(deps.logsDir, `${service.name}.log`),
      onLine: (name, line) => deps.view.serviceLine(name, line),
      readyTimeoutMs: deps.readyTimeoutMs,
      signal,
    });
    running.set(service.name, handle);
    void handle.exited.then((exit) => {
      gone.add(service.name);
      if (stopping) return;
      failed.add(service.name);
      reportCrash({ service, exit, lastLines: handle.recentLines(), logFile: handle.logFile });
    });
    deps.view.info(`${service.name} is ready at ${service.displayUrl}`);
  }

  async function startTier(
    tier: readonly PlannedService[],
    interrupt: AbortSignal,
  ): Promise<FleetStartOutcome | undefined> {
    // Checked again per tier: the launcher's early check cannot see a port taken while earlier tiers started.
    const busy = await findBusyPort(tier);
    if (busy !== undefined) {
      failed.add(busy.name);
      return { kind: 'failed', service: busy.name, message: portInUseMessage(busy) };
    }
    deps.view.info(`starting ${tier.map((service) => service.name).join(', ')}`);
    const cancel = new AbortController();
    const abort = () => cancel.abort();
    interrupt.addEventListener('abort', abort, { once: true });
    let crash: ServiceCrash | undefined;
    void crashed.then((first) => ((crash = first), abort()));
    // One failure cancels its siblings: nobody waits out their ready timeout for a start that is doomed.
    const results = await Promise.allSettled(
      tier.map((service) =>
        startOne(service, cancel.signal).catch((error: unknown) => {
          abort();
          throw error;
        }),
      ),
    );
    interrupt.removeEventListener('abort', abort);
    if (crash !== undefined) return { kind: 'crashed', crash };
    if (interrupt.aborted) return { kind: 'interrupted' };
    const failure = results
      .flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))
      .find(isRealFailure);
    if (failure === undefined) return undefined;
    return describeFailure(failure, tier, failed);
  }

  async function stopHandle(handle: ServiceProcess, timeoutMs: number, force: AbortSignal): Promise<void> {
    const kill = () => {
      if (!gone.has(handle.name)) signalProcessGroup(handle.pid, 'SIGKILL');
    };
    if (force.aborted) kill();
    force.addEventListener('abort', kill, { once: true });
    await handle.stop(timeoutMs);
    force.removeEventListener('abort', kill);
  }

  return {
    crashed,
    async start(interrupt) {
      for (const tier of deps.plan.tiers) {
        const outcome = await startTier(tier, interrupt);
        if (outcome !== undefined) return outcome;
      }
      return { kind: 'ready' };
    },
    statuses: () =>
      deps.plan.services.map((service) => ({
        name: service.name,
        url: service.displayUrl,
        status: failed.has(service.name) ? 'failed' : running.has(service.name) ? 'ready' : 'not started',
      })),
    async stop(timeoutMs, force) {
      stopping = true;
      for (const tier of [...deps.plan.tiers].reverse()) {
        const handles = tier.flatMap((service) => {
          const handle = running.get(service.name);
          return handle !== undefined && !gone.has(service.name) ? [handle] : [];
        });
        if (handles.length === 0) continue;
        deps.view.info(`stopping ${handles.map((handle) => handle.name).join(', ')}`);
        await Promise.all(handles.map((handle) => stopHandle(handle, timeoutMs, force)));
      }
    },
    kill() {
      for (const handle of running.values()) if (!gone.has(handle.name)) signalProcessGroup(handle.pid, 'SIGKILL');
    },
  };
}

function isRealFailure(error: unknown): boolean {
  return !(error instanceof ServiceStartError && error.reason === 'aborted');
}

function describeFailure(error: unknown, tier: readonly PlannedService[], failed: Set<string>): FleetStartOutcome {
  if (!(error instanceof ServiceStartError)) throw error;
  failed.add(error.service);
  const service = tier.find((planned) => planned.name === error.service);
  const hint =
    error.reason === 'port_in_use' && service !== undefined
      ? ` — stop the other process or set ${service.portVariable}`
      : '';
  return { kind: 'failed', service: error.service, message: `${error.message}${hint}`, logFile: error.logFile };
}
