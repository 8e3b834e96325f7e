import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/run-test-service.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

async function startFixture(): Promise<{ url: string; exit: Promise<number | null> }> {
  child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  let buffer = '';
  const url = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /LISTENING (\S+)/.exec(buffer);
      if (match) resolve(match[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`fixture exited early with ${code}: ${buffer}`)));
  });
  return { url, exit };
}

describe('graceful shutdown', () => {
  it('drains an in-flight request on SIGTERM, refuses new work, and exits 0', async () => {
    const { url, exit } = await startFixture();
    const inFlight = fetch(`${url}/api/slow?ms=1500`);
    // Let the request reach the handler before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child!.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await exit).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('exits 0 promptly on SIGINT when idle', async () => {
    const { url, exit } = await startFixture();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    child!.kill('SIGINT');
    expect(await exit).toBe(0);
  });
});
