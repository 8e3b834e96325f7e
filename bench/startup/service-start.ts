// One start of one service, from its sources (tsx, as `npm start` runs an unbuilt service) or from its build (plain
// node, as in production): spawn → GET /health/ready answers 200 is the cold start; the resident set size a few
// seconds after that is the idle RSS.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceId } from '@symbia/kit';
import { nodeOptionsFor } from '../../apps/platform/src/runtime-flags.js';

export type StartMode = 'source' | 'built';

export interface ServiceStart {
  /** Spawn → first 200 from /health/ready, in milliseconds. */
  readyMs: number;
  /** VmRSS after `idleMs` of idling once ready, in MiB. */
  idleRssMiB: number;
}

const tsxImport = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const POLL_MS = 10;
const READY_TIMEOUT_MS = 60_000;

export function nodeArgs(mode: StartMode): string[] {
  return mode === 'built' ? ['dist/main.js'] : ['--conditions=source', '--import', tsxImport, 'src/main.ts'];
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
    NODE_OPTIONS: nodeOptionsFor(input.service, input.env.NODE_OPTIONS),
  };
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs(input.mode), {
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
    await sleep(input.idleMs);
    return { readyMs, idleRssMiB: await residentMiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    await exited;
  }
}

async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib) / 1024;
}
