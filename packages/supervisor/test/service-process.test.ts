import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, ServiceStartError, startServiceProcess, type ServiceProcess } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/fixture-service.ts', import.meta.url));
let tmp: string;
const started: ServiceProcess[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'symbia-supervisor-'));
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.stop(2_000)));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function start(
  mode: string,
  extra: { port?: number; env?: Record<string, string>; readyTimeoutMs?: number } = {},
) {
  const port = extra.port ?? (await findFreePort());
  const lines: string[] = [];
  const promise = startServiceProcess({
    name: 'identity',
    entry: fixture,
    cwd: tmp,
    env: { ...process.env, FIXTURE_MODE: mode, ...extra.env },
    port,
    logFile: path.join(tmp, `${mode}-${port}.log`),
    onLine: (name, line, stream) => lines.push(stream === 'terminal' ? `${name}|terminal|${line}` : `${name}|${line}`),
    readyTimeoutMs: extra.readyTimeoutMs ?? 20_000,
  });
  const service = await promise.then((s) => (started.push(s), s));
  return { service, lines, port };
}

async function startFailure(mode: string, extra: Parameters<typeof start>[1] = {}): Promise<ServiceStartError> {
  const error = await start(mode, extra).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ServiceStartError);
  return error as ServiceStartError;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startServiceProcess', () => {
  it('shows what the child sends for the terminal, and keeps it out of the log file and the recent lines', async () => {
    const { service, lines, port } = await start('terminal');
    // IPC and HTTP are separate channels: the message may land just after the ready answer.
    for (let tries = 0; tries < 50 && !lines.some((line) => line.includes('|terminal|')); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lines).toContain('identity|terminal|one-time token tok_terminal_only');
    expect(lines).toContain(`identity|fixture listening on ${port}`);
    expect(service.recentLines().join('\n')).not.toContain('tok_terminal_only');
    await service.stop(5_000);
    const log = await readFile(service.logFile!, 'utf8');
    expect(log).toContain(`fixture listening on ${port}`);
    expect(log).not.toContain('tok_terminal_only');
  });

  it('resolves once /health/ready answers 200, with the URL, pid and captured output', async () => {
    const { service, lines, port } = await start('ok');
    expect(service.url).toBe(`http://127.0.0.1:${port}`);
    expect(isAlive(service.pid)).toBe(true);
    expect(lines).toContain(`identity|fixture starting mode=ok pid=${service.pid}`);
    expect(lines).toContain('identity|fixture says hello on stderr');
    expect(service.recentLines()).toContain(`fixture listening on ${port}`);
    const health = await fetch(`${service.url}/health/ready`);
    expect(health.status).toBe(200);
  });

  it('stops with SIGTERM, waits for the exit and leaves the output in the log file', async () => {
    const { service } = await start('ok');
    const exit = await service.stop(5_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(isAlive(service.pid)).toBe(false);
    const log = await readFile(service.logFile!, 'utf8');
    expect(log).toContain(`identity starting (pid ${service.pid})`);
    expect(log).toContain('fixture says hello on stderr');
    expect(log).toContain('fixture received SIGTERM');
  });

  it('escalates to SIGKILL when SIGTERM is ignored past the timeout', async () => {
    const { service } = await start('ignore-sigterm');
    const exit = await service.stop(500);
    expect(exit.signal).toBe('SIGKILL');
    expect(service.recentLines()).toContain('fixture received SIGTERM');
  });

  it('names a port that is already in use', async () => {
    const blocker = net.createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, resolve));
    try {
      const error = await startFailure('ok', { port });
      expect(error.reason).toBe('port_in_use');
      expect(error.message).toBe(`identity failed to start: port ${port} is already in use`);
      expect(error.exit?.code).not.toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('names a failed migration, quoting its line', async () => {
    const error = await startFailure('migration-fail');
    expect(error.reason).toBe('migration_failed');
    expect(error.message).toContain('identity failed to start: a database migration failed');
    expect(error.message).toContain('migration 0001_init.sql failed: relation "users" already exists');
    expect(error.exit).toEqual({ code: 1, signal: null });
  });

  it('names an unreachable database from a refused connection to DATABASE_URL', async () => {
    const closedPort = await findFreePort();
    const error = await startFailure('db-check', {
      env: { DATABASE_URL: `postgres://u:secret-pw@127.0.0.1:${closedPort}/symbia` },
    });
    expect(error.reason).toBe('database_unreachable');
    expect(error.message).toContain(`cannot reach PostgreSQL at 127.0.0.1:${closedPort}`);
    expect(error.message).not.toContain('secret-pw');
  });

  it('reports any other early exit with its code and last lines', async () => {
    const error = await startFailure('exit');
    expect(error.reason).toBe('exited');
    expect(error.message).toMatch(/^identity failed to start: exited with code 7\n/);
    expect(error.message).toContain('about to give up');
    expect(error.lastLines).toContain('about to give up');
  });

  it('gives up after the ready timeout, says what the probe saw and stops the child', async () => {
    const port = await findFreePort();
    const error = await startFailure('never-ready', { port, readyTimeoutMs: 1_500 });
    expect(error.reason).toBe('timeout');
    // 503 once it listens; a loaded machine may not get that far in 1.5 s.
    expect(error.message).toMatch(
      new RegExp(
        `did not become ready within 1\\.5s \\(GET http://127\\.0\\.0\\.1:${port}/health/ready: (answered 503|ECONNREFUSED)\\)`,
      ),
    );
    expect(error.pid).toBeGreaterThan(0);
    expect(isAlive(error.pid!)).toBe(false);
  });

  it('cancels a start when its signal aborts', async () => {
    const controller = new AbortController();
    const port = await findFreePort();
    const pending = startServiceProcess({
      name: 'catalog',
      entry: fixture,
      cwd: tmp,
      env: { ...process.env, FIXTURE_MODE: 'never-ready' },
      port,
      readyTimeoutMs: 20_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const error = await pending.then(
      () => undefined,
      (err: unknown) => err as ServiceStartError,
    );
    expect(error?.reason).toBe('aborted');
  });
});
