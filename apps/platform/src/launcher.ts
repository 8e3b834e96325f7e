import type { Readable, Writable } from 'node:stream';
import { serviceIds } from '@symbia/kit';
import { describeExit } from '@symbia/supervisor';
import { describeRuntimes } from './built-output.js';
import { CliUsageError, parseCliArgs, usageText } from './cli-args.js';
import { discoverServices } from './discover-services.js';
import { buildLaunchPlan, LaunchPlanError, type LaunchPlan } from './launch-plan.js';
import { loadLauncherConfig, LauncherConfigError, type LauncherConfig } from './launcher-config.js';
import { createLogView, shouldUseColor, type LogView, type TerminalStream } from './log-view.js';
import { openPlatformDatabase, type PlatformDatabase } from './platform-database.js';
import { stopLeftovers } from './leftovers.js';
import { createRunState, runStateFile, type RunState } from './run-state.js';
import { loadOrCreateSecrets, type LauncherSecrets } from './secrets.js';
import { buildServiceEnv } from './service-env.js';
import {
  createServiceFleet,
  findBusyPort,
  portInUseMessage,
  type ServiceCrash,
  type ServiceFleet,
} from './service-fleet.js';
import { watchShutdownSignals, type ShutdownSignals } from './shutdown-signals.js';
import { renderStatusTable } from './status-table.js';
import { resolveFirstAdmin } from './first-admin.js';

export interface LauncherIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An interactive terminal lets the launcher ask for the first super admin. */
  readonly stdin?: Readable & { isTTY?: boolean };
  readonly out: TerminalStream;
  readonly err: TerminalStream;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_KILLED = 130;

/** `npm start`: resolves with the exit code once everything it started has stopped again. */
export async function runLauncher(io: LauncherIo): Promise<number> {
  const color = shouldUseColor(io.out, io.env);
  const prepared = await prepareLaunch(io, createLogView({ out: io.out, err: io.err, color, names: [] }));
  if (typeof prepared === 'number') return prepared;
  const { config, plan } = prepared;
  const view = createLogView({ out: io.out, err: io.err, color, names: plan.services.map((service) => service.name) });
  for (const name of prepared.ignored) {
    view.warn(`ignoring services/${name}: not a service id (${serviceIds.join(', ')})`);
  }
  if (plan.services.length > 0) view.info(describeRuntimes(plan.services));

  // Services an earlier launcher left behind (it was killed) would hold the ports this run needs.
  const stateFile = runStateFile(config.home);
  const leftovers = await stopLeftovers({
    file: stateFile,
    postgresDir: config.postgresDir,
    timeoutMs: config.stopTimeoutMs,
    notes: view,
  });
  if (!leftovers.ok) {
    view.error(leftovers.message);
    return EXIT_FAILED;
  }
  const runState = await createRunState(stateFile);
  try {
    return await launchPlatform(io, prepared, view, runState);
  } finally {
    await runState.clear();
  }
}

async function launchPlatform(
  io: LauncherIo,
  prepared: PreparedLaunch,
  view: LogView,
  runState: RunState,
): Promise<number> {
  const { config, plan } = prepared;
  // Before anything is started, so a busy port costs nothing to clean up.
  const busy = await findBusyPort(plan.services);
  if (busy !== undefined) {
    view.error(portInUseMessage(busy));
    return EXIT_FAILED;
  }
  const secrets = await loadOrCreateSecrets(config.secretsFile, io.env);
  if (secrets.generated.length > 0) {
    view.info(`generated ${secrets.generated.join(', ')} into ${config.secretsFile} (mode 0600)`);
  }

  const env = await resolveFirstAdmin({
    env: io.env,
    home: config.home,
    startsIdentity: plan.services.some((service) => service.name === 'identity'),
    stdin: io.stdin,
    out: io.out as unknown as Writable,
  });

  const signals = watchShutdownSignals((signal, forced) => {
    if (forced) view.warn('second interrupt: killing every service now');
    else view.info(`${signal} received: stopping (Ctrl-C again to kill)`);
  });
  try {
    return await runPlatform({ io: { ...io, env }, config, plan, secrets, view, signals, runState });
  } finally {
    signals.dispose();
  }
}

interface PreparedLaunch {
  readonly config: LauncherConfig;
  readonly plan: LaunchPlan;
  readonly ignored: readonly string[];
}

/** Arguments, configuration, discovery and plan; a number is the exit code of a run that ends here. */
async function prepareLaunch(io: LauncherIo, view: LogView): Promise<PreparedLaunch | number> {
  try {
    const args = parseCliArgs(io.argv);
    if (args.help) {
      io.out.write(usageText);
      return EXIT_OK;
    }
    const config = loadLauncherConfig(io.env);
    const discovery = await discoverServices(config.root);
    const plan = buildLaunchPlan({ discovered: discovery.services, only: args.only, env: io.env });
    return { config, plan, ignored: discovery.ignored };
  } catch (error) {
    const usageProblem =
      error instanceof CliUsageError || error instanceof LaunchPlanError || error instanceof LauncherConfigError;
    if (!usageProblem) throw error;
    view.error(error.message);
    if (error instanceof CliUsageError) view.raw(`\n${usageText}`);
    return EXIT_USAGE;
  }
}

interface PlatformRun {
  readonly io: LauncherIo;
  readonly config: LauncherConfig;
  readonly plan: LaunchPlan;
  readonly secrets: LauncherSecrets;
  readonly view: LogView;
  readonly signals: ShutdownSignals;
  readonly runState: RunState;
}

async function runPlatform(run: PlatformRun): Promise<number> {
  const { config, view, signals } = run;
  let database: PlatformDatabase;
  try {
    const password = run.secrets.values.EMBEDDED_POSTGRES_PASSWORD;
    database = await openPlatformDatabase({ env: run.io.env, config, password, notes: view });
  } catch (error) {
    // Ctrl-C while PostgreSQL is still starting ends the run; that is no failure.
    if (signals.graceful.aborted) {
      view.warn(`PostgreSQL start interrupted: ${(error as Error).message}`);
      return EXIT_OK;
    }
    view.error(`PostgreSQL is not available: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
  if (database.pid !== undefined) await run.runState.add('postgres', database.pid);
  const fleet = createServiceFleet({
    plan: run.plan,
    envFor: (service) =>
      buildServiceEnv({
        service,
        plan: run.plan,
        baseEnv: run.io.env,
        secrets: run.secrets,
        databaseUrl: database.url,
      }),
    logsDir: config.logsDir,
    readyTimeoutMs: config.readyTimeoutMs,
    view,
    onSpawn: (service, pid) => void run.runState.add(service.name, pid).catch(() => undefined),
    onGone: (_service, pid) => void run.runState.remove(pid).catch(() => undefined),
  });
  // Last resort if the launcher dies on an unexpected error: no service may outlive it.
  const killOnExit = () => fleet.kill();
  process.on('exit', killOnExit);
  let code: number;
  try {
    code = await superviseFleet(run, fleet, database);
  } finally {
    await fleet.stop(config.stopTimeoutMs, signals.force);
    await database.stop();
    process.off('exit', killOnExit);
    view.info(signals.force.aborted ? 'killed' : 'stopped');
  }
  // A second Ctrl-C during the orderly stop turns a clean exit into "killed", as shells expect.
  return code === EXIT_OK && signals.force.aborted ? EXIT_KILLED : code;
}

/** Starts the fleet, then keeps it running (crashed services are restarted by the fleet) until Ctrl-C. */
async function superviseFleet(run: PlatformRun, fleet: ServiceFleet, database: PlatformDatabase): Promise<number> {
  const { view, signals } = run;
  const table = () =>
    renderStatusTable({
      rows: fleet.statuses(),
      database: database.description,
      logsDir: run.config.logsDir,
      color: view.color,
    });
  const outcome = signals.graceful.aborted ? { kind: 'interrupted' as const } : await fleet.start(signals.graceful);
  switch (outcome.kind) {
    case 'interrupted':
      return EXIT_OK;
    case 'crashed':
      reportCrash(view, outcome.crash);
      return EXIT_FAILED;
    case 'failed':
      view.raw(table());
      // W15: a failed start is never reported as a running platform.
      view.error(
        [
          outcome.message,
          ...(outcome.logFile ? [`full log: ${outcome.logFile}`] : []),
          'stopping everything that was started',
        ].join('\n'),
      );
      return EXIT_FAILED;
    case 'ready':
      break;
  }
  view.raw(table());
  if (run.plan.services.length === 0) {
    view.info(
      'no services exist in the workspace yet (nothing under services/<name>/src/main.ts); only PostgreSQL is running',
    );
  } else {
    view.info(`all ${run.plan.services.length} services are ready`);
  }
  view.info('press Ctrl-C to stop');
  // Signal listeners do not keep Node alive: with no services and an external database nothing else would.
  const keepAlive = setInterval(() => undefined, 60_000);
  await aborted(signals.graceful);
  clearInterval(keepAlive);
  return EXIT_OK;
}

function reportCrash(view: LogView, crash: ServiceCrash): void {
  const tail = crash.lastLines.slice(-12).map((line) => `    ${line}`);
  view.error(
    [
      `${crash.service.name} stopped unexpectedly: it ${describeExit(crash.exit)}`,
      ...(tail.length > 0 ? ['  last lines:', ...tail] : []),
      ...(crash.logFile ? [`  full log: ${crash.logFile}`] : []),
      'stopping the platform',
    ].join('\n'),
  );
}

function aborted(signal: AbortSignal): Promise<'signal'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('signal');
    else signal.addEventListener('abort', () => resolve('signal'), { once: true });
  });
}
