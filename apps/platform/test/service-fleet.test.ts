import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  allFixturePids,
  fixturePids,
  fixtureRepo,
  freePortEnv,
  isAlive,
  killGroups,
  readyStatus,
  startLauncher,
  waitUntil,
  watchReady,
  exitedWithin,
} from './helpers/launcher-process.js';

// Real launcher processes running the fixture services on real ports; the test PostgreSQL is the database.
const databaseUrl = inject('symbiaAdminDatabaseUrl') ?? process.env.SYMBIA_TEST_ADMIN_DATABASE_URL!;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'symbia-fleet-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function launcherEnv(home: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    SYMBIA_ROOT: fixtureRepo,
    SYMBIA_HOME: path.join(tmp, home),
    DATABASE_URL: databaseUrl,
    ...(await freePortEnv(['identity', 'catalog'])),
    ...extra,
  };
}

describe('npm start keeps the platform up', { timeout: 90_000 }, () => {
  it('restarts a service killed with SIGKILL while the others keep answering', async () => {
    const env = await launcherEnv('restart');
    const launcher = startLauncher({ env, args: ['--only', 'identity,catalog'] });
    try {
      await launcher.waitFor('press Ctrl-C to stop');
      const before = fixturePids(launcher.output());
      const identity = watchReady(env.IDENTITY_PORT!);
      process.kill(before.catalog!, 'SIGKILL');
      await launcher.waitFor('catalog was killed by SIGKILL; restarting in 0.5s (restart 1)');
      await launcher.waitFor(`catalog is ready again at http://localhost:${env.CATALOG_PORT} (restart 1)`);
      expect(await readyStatus(env.CATALOG_PORT!)).toBe('200');
      const after = fixturePids(launcher.output());
      expect(after.catalog).not.toBe(before.catalog);
      expect(after.identity).toBe(before.identity);
      const watched = await identity.stop();
      expect(watched.answers).toBeGreaterThan(0);
      expect(watched.failures).toEqual([]);

      launcher.signal('SIGINT');
      expect(await exitedWithin(launcher)).toBe(0);
      expect(allFixturePids(launcher.output()).filter(isAlive)).toEqual([]);
    } finally {
      launcher.signal('SIGKILL');
      killGroups(allFixturePids(launcher.output()));
    }
  });

  it('keeps retrying a service that crashes on every start, with growing delays, and Ctrl-C during the wait stops cleanly', async () => {
    const env = await launcherEnv('crash-loop', { FIXTURE_CRASH_AFTER_READY: 'catalog' });
    const launcher = startLauncher({ env, args: ['--only', 'identity,catalog'] });
    try {
      await launcher.waitFor('catalog exited with code 3; restarting in 0.5s (restart 1)');
      await launcher.waitFor('catalog is ready again');
      await launcher.waitFor('catalog exited with code 3; restarting in 1s (restart 2)');
      await launcher.waitFor('catalog exited with code 3; restarting in 2s (restart 3)');
      expect(launcher.stderr()).toContain('catalog simulated crash');
      expect(launcher.stderr()).toContain(`full log: ${path.join(tmp, 'crash-loop', 'logs', 'catalog.log')}`);
      // The rest of the platform is untouched by the crash loop.
      expect(await readyStatus(env.IDENTITY_PORT!)).toBe('200');
      expect(launcher.output()).not.toContain('stopping the platform');

      // Now within the 2 s wait before restart 4.
      launcher.signal('SIGINT');
      expect(await exitedWithin(launcher)).toBe(0);
      const output = launcher.output();
      expect(output).not.toContain('(restart 4)');
      expect(output).toContain('identity received SIGTERM');
      expect(output).toMatch(/^\[symbia\] +stopped$/m);
      expect(allFixturePids(output).filter(isAlive)).toEqual([]);
    } finally {
      launcher.signal('SIGKILL');
      killGroups(allFixturePids(launcher.output()));
    }
  });
});

describe('npm start when the launcher itself dies', { timeout: 90_000 }, () => {
  it('takes its services down with it on kill -9', async () => {
    const env = await launcherEnv('orphans');
    const launcher = startLauncher({ env, args: ['--only', 'identity,catalog'] });
    let pids: number[] = [];
    try {
      await launcher.waitFor('press Ctrl-C to stop');
      pids = allFixturePids(launcher.output());
      expect(pids).toHaveLength(2);
      launcher.signal('SIGKILL');
      await exitedWithin(launcher);
      await waitUntil('every service has exited', () => pids.every((pid) => !isAlive(pid)));
      expect(await readyStatus(env.CATALOG_PORT!)).toBe('ECONNREFUSED');
    } finally {
      killGroups(pids);
    }
  });
});
