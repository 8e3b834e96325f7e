// Start-up cost of each service from its sources (tsx), from a tsc build, and from its bundle (`npm run build`) with
// and without the code cache, and of the whole platform under `npm start`. Needs DATABASE_URL (a scratch database is
// created and dropped); builds the services first. `npm run bench -- startup`; BENCH_STARTS (per service and mode,
// default 5), BENCH_IDLE_MS (default 3000), BENCH_PLATFORM_STARTS (per mode, default 3), BENCH_MODES (comma-separated
// subset of source,tsc,bundle-uncached,bundle; default all).
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dropDatabase, ensureDatabase } from '@symbia/db';
import { envPrefix, serviceIds, type ServiceId } from '@symbia/kit';
import { findFreePort, waitForHttpOk } from '@symbia/supervisor';
import { createBuiltOutputChecker } from '../../apps/platform/src/built-output.js';
import { discoverServices } from '../../apps/platform/src/discover-services.js';
import { median, ms } from '../support/stats.js';
import { measurePlatformStart, type PlatformStart } from './platform-start.js';
import { measureServiceStart, startModes, tscOutDir, type ServiceStart, type StartMode } from './service-start.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const starts = Number(process.env.BENCH_STARTS ?? 5);
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 3_000);
const platformStarts = Number(process.env.BENCH_PLATFORM_STARTS ?? 3);
const modes = (process.env.BENCH_MODES?.split(',') ?? startModes).map((mode) => {
  if (!(startModes as readonly string[]).includes(mode)) throw new Error(`BENCH_MODES: unknown mode "${mode}"`);
  return mode as StartMode;
});
type PlatformMode = 'source' | 'bundle';
const platformModes: readonly PlatformMode[] = ['source', 'bundle'];

export async function runStartupBenchmarks(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl)
    throw new Error('the startup benchmark needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  const services = (await discoverServices(root)).services
    .filter((service) => service.name !== 'server')
    .map((service) => service.name);
  await buildServices(services);
  // BENCH_STARTS=0: the whole platform only.
  if (starts > 0) {
    if (modes.includes('tsc')) await buildWithTsc(services);
    await measureEachService(adminUrl, services);
  }
  // Again, so sources edited while the services were measured do not send the launcher back to them.
  await buildServices(services);
  printPlatformTable(await measurePlatform());
}

async function measureEachService(adminUrl: string, services: readonly ServiceId[]): Promise<void> {
  const databaseName = `bench_startup_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, databaseName);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    printServiceTable(await measureServices(services, productionEnv(url.toString())));
  } finally {
    await dropDatabase(adminUrl, databaseName);
  }
}

/** `npm run build` for the services and the packages they need (types are not checked: the build is measured). */
async function buildServices(services: readonly ServiceId[]): Promise<void> {
  const dirs = services.map((service) => `services/${service}`);
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--skip-typecheck', ...dirs], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  const checker = createBuiltOutputChecker(root);
  for (const service of services) {
    const result = await checker.check(path.join(root, 'services', service));
    if (result.kind !== 'built')
      throw new Error(`services/${service}: ${result.reason} (was a file edited during the build?)`);
  }
}

/**
 * The services as `npm run build` compiled them before they were bundled, for comparison: tsc's output under
 * dist/tsc/ with the migrations beside it, the @symbia packages from their own builds.
 */
async function buildWithTsc(services: readonly ServiceId[]): Promise<void> {
  const packages = (await readdir(path.join(root, 'packages'))).map((name) => `packages/${name}`);
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--skip-typecheck', ...packages], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const service of services) {
    const dir = path.join(root, 'services', service);
    const outDir = tscOutDir(root, service);
    await rm(outDir, { recursive: true, force: true });
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: dir });
    // The migrations beside the JavaScript, as scripts/copy-assets.mjs puts them.
    await cp(path.join(dir, 'src'), outDir, { recursive: true, filter: (source) => !source.endsWith('.ts') });
  }
}

/** What an operator sets in production (docs/production.md): strong secrets, the identity peer, quiet logs. */
function productionEnv(databaseUrl: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    INTERNAL_SERVICE_SECRET: randomBytes(32).toString('hex'),
    CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    NETWORK_HASH_SECRET: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SYMBIA_ADMIN_EMAIL: 'bench-admin@example.com',
    SYMBIA_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
  };
  delete env.NODE_OPTIONS;
  return env;
}

type Samples = Record<ServiceId, Partial<Record<StartMode, ServiceStart[]>>>;

async function measureServices(
  services: readonly ServiceId[],
  baseEnv: Record<string, string | undefined>,
): Promise<Samples> {
  const ports = Object.fromEntries(
    await Promise.all(serviceIds.map(async (id) => [id, await findFreePort()] as const)),
  );
  const env = { ...baseEnv };
  for (const id of serviceIds) env[`${envPrefix(id)}_SERVICE_URL`] = `http://127.0.0.1:${ports[id]}`;
  const samples = {} as Samples;
  // Identity stays up (built) while the others start: they follow its revocation feed and fetch service tokens, as
  // they do in a running platform. Identity itself is measured on another port.
  const peer = services.includes('identity') ? await startPeerIdentity(env, ports.identity!) : undefined;
  try {
    for (const service of services) {
      samples[service] = Object.fromEntries(modes.map((mode) => [mode, []])) as unknown as Samples[ServiceId];
      const port = service === 'identity' ? await findFreePort() : ports[service]!;
      const once = (mode: StartMode) => measureServiceStart({ root, service, mode, port, env, idleMs });
      // Unmeasured first starts: migrations are applied, tsx's compile cache and the page cache are warm, and the
      // bundle's code cache is written (when the first start stops, scripts/bundled-entry.mjs).
      for (const mode of modes) await once(mode);
      for (let round = 0; round < starts; round += 1) {
        for (const mode of modes) samples[service][mode]!.push(await once(mode));
      }
      // Each service's samples as they come, so a run cut short still tells something.
      process.stderr.write(`startup: ${service} measured ${JSON.stringify(samples[service])}\n`);
    }
  } finally {
    await peer?.stop();
  }
  return samples;
}

async function startPeerIdentity(
  env: Record<string, string | undefined>,
  port: number,
): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: path.join(root, 'services', 'identity'),
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  await waitForHttpOk(`http://127.0.0.1:${port}/health/ready`, 60_000);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function printServiceTable(samples: Samples): void {
  const range = (values: number[], format: (value: number) => string) =>
    `${format(Math.min(...values))}–${format(Math.max(...values))}`;
  const cell = (runs: ServiceStart[], pick: (run: ServiceStart) => number, format: (value: number) => string) => {
    const values = runs.map(pick);
    return `${format(median(values))} (${range(values, format)})`;
  };
  const mib = (value: number) => value.toFixed(1);
  const table = (title: string, pick: (run: ServiceStart) => number, format: (value: number) => string) => [
    '',
    title,
    '',
    `| service | ${modes.join(' | ')} |`,
    `|---|${modes.map(() => '---').join('|')}|`,
    ...Object.entries(samples).map(
      ([service, byMode]) => `| ${service} | ${modes.map((mode) => cell(byMode[mode]!, pick, format)).join(' | ')} |`,
    ),
  ];
  process.stdout.write(
    [
      `Per service, ${starts} starts per mode (median, lowest–highest):`,
      ...table('Cold start, spawn → /health/ready (ms):', (run) => run.readyMs, ms),
      ...table('CPU time used by then, user + system (ms):', (run) => run.readyCpuMs, ms),
      ...table(`Idle RSS ${idleMs / 1000} s after ready (MiB):`, (run) => run.idleRssMiB, mib),
      '',
    ].join('\n'),
  );
}

/**
 * Warm `npm start` runs in a state directory of its own (embedded PostgreSQL on a free port, every service on a free
 * port), after one unmeasured start that initialises it. `sources` ages each service's dist/main.js so the launcher
 * runs the sources; its time is put back afterwards.
 */
async function measurePlatform(): Promise<Record<PlatformMode, PlatformStart[]>> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'symbia-bench-startup-'));
  const discovered = (await discoverServices(root)).services;
  const env: Record<string, string | undefined> = {
    ...process.env,
    SYMBIA_HOME: home,
    SYMBIA_POSTGRES_PORT: String(await findFreePort()),
    SYMBIA_ADMIN_EMAIL: 'bench-admin@example.com',
    SYMBIA_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    NO_COLOR: '1',
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  for (const service of discovered) env[`${envPrefix(service.name)}_PORT`] = String(await findFreePort());
  const entries = discovered.flatMap((service) => (service.builtEntry === undefined ? [] : [service.builtEntry]));
  const results: Record<PlatformMode, PlatformStart[]> = { source: [], bundle: [] };
  try {
    await measurePlatformStart({ root, env });
    for (let round = 0; round < platformStarts; round += 1) {
      for (const mode of platformModes) {
        const restore = mode === 'source' ? await ageBuilds(entries) : async () => undefined;
        try {
          results[mode].push(await measurePlatformStart({ root, env }));
        } finally {
          await restore();
        }
      }
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  return results;
}

/** Sets each file's time to 1970 (so the launcher finds the build stale); the returned function puts it back. */
async function ageBuilds(files: readonly string[]): Promise<() => Promise<void>> {
  const times = await Promise.all(files.map(async (file) => ({ file, info: await stat(file) })));
  await Promise.all(files.map((file) => utimes(file, 0, 0)));
  return async () => {
    await Promise.all(times.map(({ file, info }) => utimes(file, info.atime, info.mtime)));
  };
}

function printPlatformTable(results: Record<PlatformMode, PlatformStart[]>): void {
  const line = (mode: PlatformMode) => {
    const ready = results[mode].map((run) => run.readyMs);
    const stop = results[mode].map((run) => run.stopMs);
    return (
      `| ${mode === 'bundle' ? 'bundled services' : 'sources'} | **${ms(median(ready) / 1000)}** (${ready.map((value) => ms(value / 1000)).join(', ')}) ` +
      `| ${ms(median(stop) / 1000)} | ${results[mode][0]?.runtimes ?? ''} |`
    );
  };
  process.stdout.write(
    [
      `Whole platform, warm \`npm start\` → "all N services are ready", ${platformStarts} runs per mode (median, each run):`,
      '',
      '| services run from | ready (s) | Ctrl-C → exit (s) | launcher says |',
      '|---|---|---|---|',
      line('source'),
      line('bundle'),
      '',
    ].join('\n'),
  );
}
