import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/production-config.ts', import.meta.url));
const supervised = fileURLToPath(new URL('./fixtures/supervised-service.ts', import.meta.url));

function run(env: Record<string, string>) {
  const { INTERNAL_SERVICE_SECRET: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
}

describe('runMain', () => {
  it('stops a production process whose secret is missing, naming the variable', () => {
    const result = run({ NODE_ENV: 'production' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('INTERNAL_SERVICE_SECRET');
    expect(result.stdout).not.toContain('CONFIG OK');
  });

  it('stops a production process whose secret is a published default', () => {
    const result = run({ NODE_ENV: 'production', INTERNAL_SERVICE_SECRET: 'symbia-internal-dev-secret' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/INTERNAL_SERVICE_SECRET.*(at least|known default)/);
  });

  it('starts in development without the secret', () => {
    const result = run({ NODE_ENV: 'development' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('CONFIG OK');
  });
});

describe('runMain under a supervisor', () => {
  it('shuts the service down gracefully when the IPC channel to its supervisor closes', async () => {
    // Closing the channel from this side is what the child sees when its supervisor dies, even by SIGKILL.
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', supervised], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    try {
      let stdout = '';
      child.stdout!.setEncoding('utf8');
      const listening = new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: string) => {
          stdout += chunk;
          const url = /LISTENING (\S+)/.exec(stdout)?.[1];
          if (url) resolve(url);
        });
        child.once('exit', () => reject(new Error(`exited before listening: ${stdout}`)));
      });
      const url = await listening;
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        child.once('exit', (code, signal) => resolve([code, signal])),
      );
      child.disconnect();
      const outcome = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000)),
      ]);
      // Exit code 0, not death by a signal: runService's graceful shutdown ran.
      expect(outcome).toEqual([0, null]);
      await expect(fetch(`${url}/health/live`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
