// One start of one service, from its sources (tsx, as `npm start` runs an unbuilt service), from a tsc build of it
// (one JavaScript file per source file, the packages from their own builds: what `npm run build` made before the
// services were bundled), or from its bundle (`npm run build`, as in production), through its code cache or not:
// spawn → GET /health/ready answers 200 is the cold start; the resident set size a few seconds after that is the idle
// RSS.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceId } from '@symbia/kit';
import { nodeOptionsFor } from '../../apps/platform/src/runtime-flags.js';

export const startModes = ['source', 'tsc', 'bundle-uncached', 'bundle', 'bundle-semi-2'] as const;
export type StartMode = (typeof startModes)[number];

/**
 * Where the benchmark has tsc write a service's build: git-ignored, and outside the service's dist/, which a build
 * run meanwhile (a test finding the bundle stale) empties. Packages resolve from there through the root
 * node_modules/ as they would from the service's own folder.
 */
export function tscOutDir(root: string, service: ServiceId): string {
  return path.join(root, 'bench', '.out', 'startup-tsc', service);
}

export interface ServiceStart {
  /** Spawn → first 200 from /health/ready, in milliseconds. */
  readyMs: number;
  /** CPU time (user + system, all threads) the process used from spawn to ready, in milliseconds. */
  readyCpuMs: number;
  /** VmRSS after `idleMs` of idling once ready, in MiB. */
  idleRssMiB: number;
}

const tsxImport = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const POLL_MS = 10;
const READY_TIMEOUT_MS = 60_000;

export function nodeArgs(mode: StartMode, root: string, service: ServiceId): string[] {
  switch (mode) {
    case 'source':
      return ['--conditions=source', '--import', tsxImport, 'src/main.ts'];
    case 'tsc':
      return [path.join(tscOutDir(root, service), 'main.js')];
    case 'bundle-uncached':
      // The bundle itself, without dist/main.js's code cache (scripts/bundled-entry.mjs).
      return ['dist/service.cjs'];
    case 'bundle':
    case 'bundle-semi-2':
      return ['dist/main.js'];
  }
}

export async function measureServiceStart(input: {
  root: string;
  service: ServiceId;
  mode: StartMode;
  port: number;
  env: Record<string, string | undefined>;
  idleMs: number;
}): Promise<ServiceStart> {
  const env = {
    ...input.env,
    PORT: String(input.port),
    // bundle-semi-2: a young generation capped at 2 MiB per semi-space, as an operator would set it (for
    // integrations in place of its own 64 MiB; docs/production.md, "Memory").
    NODE_OPTIONS: nodeOptionsFor(
      input.service,
      input.mode === 'bundle-semi-2' ? '--max-semi-space-size=2' : input.env.NODE_OPTIONS,
    ),
  };
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs(input.mode, input.root, input.service), {
    cwd: path.join(input.root, 'services', input.service),
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = `${stderr}${chunk}`.slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    const readyUrl = `http://127.0.0.1:${input.port}/health/ready`;
    for (;;) {
      if (gone) throw new Error(`${input.service} (${input.mode}) exited before it was ready:\n${stderr}`);
      if (performance.now() - started > READY_TIMEOUT_MS)
        throw new Error(`${input.service} (${input.mode}) was not ready within 60 s:\n${stderr}`);
      const status = await fetch(readyUrl, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) break;
      await sleep(POLL_MS);
    }
    const readyMs = performance.now() - started;
    const readyCpuMs = await cpuMs(child.pid!);
    await sleep(input.idleMs);
    return { readyMs, readyCpuMs, idleRssMiB: await residentMiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    await exited;
  }
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib) / 1024;
}
