import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs `node --conditions=source --import tsx <file> <kind>` and waits for the `BENCH_URL <url>` line it prints on
 * stderr. On Linux the server is pinned to `core` so it does not compete with the load generator for a CPU.
 */
export async function startBenchServer(
  file: string,
  kind: string,
  options: { env?: Record<string, string>; core?: number; mainThreadOnly?: boolean } = {},
): Promise<BenchServer> {
  const args = ['--conditions=source', '--import', 'tsx', file, kind];
  const core = options.core ?? cpus().length - 1;
  const canPin = process.platform === 'linux' && cpus().length > 1 && existsSync('/usr/bin/taskset');
  const pin = canPin && !options.mainThreadOnly;
  // BENCH_SERVER_STDOUT=inherit shows the servers' stdout (logs, V8 traces) in the benchmark's own output.
  const spawnOptions = {
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT === 'inherit' ? 'inherit' : 'ignore', 'pipe'] as [
      'ignore',
      'ignore',
      'pipe',
    ],
    env: { ...process.env, ...options.env },
  };
  const child = pin
    ? spawn('/usr/bin/taskset', ['-c', String(core), process.execPath, ...args], spawnOptions)
    : spawn(process.execPath, args, spawnOptions);
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stderr.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /BENCH_URL (\S+)/.exec(buffer);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}: ${buffer}`)));
  });
  // mainThreadOnly: only the JavaScript thread is pinned (its thread id is the process id); V8's garbage-collection
  // helpers and libuv's pool keep the affinity they started with, as on a multi-core host.
  if (canPin && options.mainThreadOnly)
    execFileSync('/usr/bin/taskset', ['-p', '-c', String(core), String(child.pid)], { stdio: 'ignore' });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
