import { spawn } from 'node:child_process';
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
export async function startBenchServer(file: string, kind: string, options: { env?: Record<string, string>; core?: number } = {}): Promise<BenchServer> {
  const args = ['--conditions=source', '--import', 'tsx', file, kind];
  const core = options.core ?? cpus().length - 1;
  const pin = process.platform === 'linux' && cpus().length > 1 && existsSync('/usr/bin/taskset');
  const spawnOptions = { stdio: ['ignore', 'ignore', 'pipe'] as ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } };
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
