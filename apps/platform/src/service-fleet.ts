import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  describeExit,
  formatSeconds,
  isPortFree,
  ServiceStartError,
  signalProcessGroup,
  startServiceProcess,
  type ExitInfo,
  type ServiceProcess,
} from '@symbia/supervisor';
import type { LaunchPlan, PlannedService } from './launch-plan.js';
import type { LogView } from './log-view.js';
import { defaultRestartPolicy, restartDelayMs, type RestartPolicy } from './restart-policy.js';
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
  /**
   * Starts tier after tier; stops early on a failure, a crash of an earlier service, or `interrupt`. Once it
   * resolves `ready`, a service that exits on its own is restarted with backoff (restart-policy.ts).
   */
  start(interrupt: AbortSignal): Promise<FleetStartOutcome>;
  statuses(): StatusRow[];
  /**
   * Cancels pending restarts, then stops highest tier first: SIGTERM with a bounded wait; `force` aborting
   * kills whatever is left.
   */
  stop(timeoutMs: number, force: AbortSignal): Promise<void>;
  /** SIGKILL to every service process still running or starting, synchronously (last resort on process exit). */
  kill(): void;
}

export interface ServiceFleetDeps {
  readonly plan: LaunchPlan;
  readonly envFor: (service: PlannedService) => Readonly<Record<string, string | undefined>>;
  readonly logsDir: string;
  readonly readyTimeoutMs: number;
  readonly view: LogView;
  readonly restartPolicy?: RestartPolicy;
  /** A service process now exists (it may not be ready yet). */
  readonly onSpawn?: (service: PlannedService, pid: number) => void;
  /** That process has exited. */
  readonly onGone?: (service: PlannedService, pid: number) => void;
}

export function portInUseMessage(service: PlannedService): string {
  return `port ${service.port} (${service.name}) is already in use — stop the other process or set ${service.portVariable}`;
}

/** The first planned service whose port something else already listens on. */
export async function findBusyPort(services: readonly PlannedService[]): Promise<PlannedService | undefined> {
  for (const service of services) if (!(await isPortFree(service.port))) return service;
  return undefined;
}

interface Slot {
  handle?: ServiceProcess;
  alive: boolean;
  /** Consecutive restarts; back to 0 once the service stayed up for the policy's stable time. */
  restarts: number;
  readySince?: number;
}

type RestartCause =
  | { readonly kind: 'exit'; readonly exit: ExitInfo; readonly lastLines: readonly string[]; readonly logFile?: string }
  | { readonly kind: 'start'; readonly error: ServiceStartError };

export function createServiceFleet(deps: ServiceFleetDeps): ServiceFleet {
  const policy = deps.restartPolicy ?? defaultRestartPolicy;
  const slots = new Map(deps.plan.services.map((service) => [service.name, { alive: false, restarts: 0 } as Slot]));
  const slotOf = (service: PlannedService) => slots.get(service.name)!;
  // Every spawned process until it has exited, starting ones included, so kill() leaves none behind.
  const live = new Map<number, PlannedService>();
  const failed = new Set<string>();
  const stopping = new AbortController();
  const restarting = new Set<Promise<void>>();
  // A crash while later tiers still start fails the start (as a failed start does); afterwards it restarts.
  const startCrash = new AbortController();
  let firstCrash: ServiceCrash | undefined;
  let supervising = false;

  async function startOne(service: PlannedService, signal: AbortSignal): Promise<void> {
    let spawned: number | undefined;
    const forget = () => {
      if (spawned === undefined || !live.has(spawned)) return;
      live.delete(spawned);
      deps.onGone?.(service, spawned);
    };
    const handle = await startServiceProcess({
      name: service.name,
      entry: service.entry,
      // Built output runs with plain node (no loader, no source condition); otherwise the supervisor's tsx default.
      args: service.builtEntry === undefined ? undefined : [service.builtEntry],
      cwd: service.cwd,
      env: deps.envFor(service),
      port: service.port,
      logFile: path.join(deps.logsDir, `${service.name}.log`),
      onLine: (name, line) => deps.view.serviceLine(name, line),
      readyTimeoutMs: deps.readyTimeoutMs,
      signal,
      onSpawn: (pid) => {
        spawned = pid;
        live.set(pid, service);
        deps.onSpawn?.(service, pid);
      },
    }).catch((error: unknown) => {
      // A failed start has stopped its child already.
      forget();
      throw error;
    });
    const slot = slotOf(service);
    Object.assign(slot, { handle, alive: true, readySince: Date.now() });
    void handle.exited.then((exit) => {
      forget();
      slot.alive = false;
      onExit(service, { kind: 'exit', exit, lastLines: handle.recentLines(), logFile: handle.logFile });
    });
  }

  function onExit(service: PlannedService, cause: RestartCause & { kind: 'exit' }): void {
    if (stopping.signal.aborted) return;
    if (!supervising) {
      failed.add(service.name);
      firstCrash ??= { service, exit: cause.exit, lastLines: cause.lastLines, logFile: cause.logFile };
      startCrash.abort();
      return;
    }
    const loop = restartLoop(service, cause).catch((error: unknown) => {
      deps.view.error(`${service.name} could not be restarted: ${(error as Error).message}`);
    });
    restarting.add(loop);
    void loop.finally(() => restarting.delete(loop));
  }

  async function restartLoop(service: PlannedService, first: RestartCause): Promise<void> {
    const slot = slotOf(service);
    for (let cause = first; ;) {
      if (slot.readySince !== undefined && Date.now() - slot.readySince >= policy.stableAfterMs) slot.restarts = 0;
      slot.readySince = undefined;
      slot.restarts += 1;
      const delayMs = restartDelayMs(policy, slot.restarts);
      const reachedMax = delayMs >= policy.maxDelayMs && restartDelayMs(policy, slot.restarts - 1) < policy.maxDelayMs;
      deps.view.warn(describeRestart(service, cause, delayMs, slot.restarts, reachedMax));
      // Ctrl-C during the wait (or the start) ends the loop; stop() waits for it.
      const waited = await sleep(delayMs, true, { signal: stopping.signal }).catch(() => false);
      if (!waited) return;
      try {
        await startOne(service, stopping.signal);
        deps.view.info(`${service.name} is ready again at ${service.displayUrl} (restart ${slot.restarts})`);
        return;
      } catch (error) {
        if (stopping.signal.aborted) return;
        if (!(error instanceof ServiceStartError)) throw error;
        cause = { kind: 'start', error };
      }
    }
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
    startCrash.signal.addEventListener('abort', abort, { once: true });
    // One failure cancels its siblings: nobody waits out their ready timeout for a start that is doomed.
    const results = await Promise.allSettled(
      tier.map((service) =>
        startOne(service, cancel.signal).then(
          () => deps.view.info(`${service.name} is ready at ${service.displayUrl}`),
          (error: unknown) => {
            abort();
            throw error;
          },
        ),
      ),
    );
    interrupt.removeEventListener('abort', abort);
    startCrash.signal.removeEventListener('abort', abort);
    if (firstCrash !== undefined) return { kind: 'crashed', crash: firstCrash };
    if (interrupt.aborted) return { kind: 'interrupted' };
    const failure = results
      .flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))
      .find(isRealFailure);
    if (failure === undefined) return undefined;
    return describeFailure(failure, tier, failed);
  }

  async function stopHandle(handle: ServiceProcess, timeoutMs: number, force: AbortSignal): Promise<void> {
    const kill = () => {
      if (live.has(handle.pid)) signalProcessGroup(handle.pid, 'SIGKILL');
    };
    if (force.aborted) kill();
    force.addEventListener('abort', kill, { once: true });
    await handle.stop(timeoutMs);
    force.removeEventListener('abort', kill);
  }

  return {
    async start(interrupt) {
      for (const tier of deps.plan.tiers) {
        const outcome = await startTier(tier, interrupt);
        if (outcome !== undefined) return outcome;
      }
      // Same tick as the check: a crash is either reported above or restarted from here on, never lost.
      if (firstCrash !== undefined) return { kind: 'crashed', crash: firstCrash };
      supervising = true;
      return { kind: 'ready' };
    },
    statuses: () =>
      deps.plan.services.map((service) => ({
        name: service.name,
        url: service.displayUrl,
        status: failed.has(service.name) ? 'failed' : slotOf(service).alive ? 'ready' : 'not started',
      })),
    async stop(timeoutMs, force) {
      stopping.abort();
      // A restart that was starting a process stops it itself (the start is aborted), within its cleanup bound.
      await Promise.allSettled([...restarting]);
      for (const tier of [...deps.plan.tiers].reverse()) {
        const handles = tier.flatMap((service) => {
          const slot = slotOf(service);
          return slot.handle !== undefined && slot.alive ? [slot.handle] : [];
        });
        if (handles.length === 0) continue;
        deps.view.info(`stopping ${handles.map((handle) => handle.name).join(', ')}`);
        await Promise.all(handles.map((handle) => stopHandle(handle, timeoutMs, force)));
      }
    },
    kill() {
      for (const pid of live.keys()) signalProcessGroup(pid, 'SIGKILL');
    },
  };
}

const RESTART_TAIL_LINES = 8;

function describeRestart(
  service: PlannedService,
  cause: RestartCause,
  delayMs: number,
  restart: number,
  reachedMax: boolean,
): string {
  const what = cause.kind === 'exit' ? describeExit(cause.exit) : `failed to start again: ${cause.error.problem}`;
  const lastLines = cause.kind === 'exit' ? cause.lastLines : cause.error.lastLines;
  const logFile = cause.kind === 'exit' ? cause.logFile : cause.error.logFile;
  const tail = lastLines.slice(-RESTART_TAIL_LINES).map((line) => `    ${line}`);
  return [
    `${service.name} ${what}; restarting in ${formatSeconds(delayMs)} (restart ${restart})`,
    ...(tail.length > 0 ? ['  last lines:', ...tail] : []),
    ...(logFile ? [`  full log: ${logFile}`] : []),
    ...(reachedMax
      ? [`  ${service.name} keeps crashing: retrying every ${formatSeconds(delayMs)} while the rest keeps running`]
      : []),
  ].join('\n');
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
