import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { findFreePort } from '@symbia/supervisor';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunStateFile } from '../src/run-state.js';
import {
  allFixturePids,
  fixturePids,
  fixtureRepo,
  freePortEnv,
  isAlive,
  killGroups,
  readyStatus,
  startLauncher,
  exitedWithin,
} from './helpers/launcher-process.js';

// Real launchers and fixture services on real ports; the services here ignore their launcher's death (as a
// service that does not use the kit's runMain would), so only the pid file can find them again.
const databaseUrl = inject('symbiaAdminDatabaseUrl') ?? process.env.SYMBIA_TEST_ADMIN_DATABASE_URL!;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'symbia-leftovers-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function launcherEnv(home: string): Promise<Record<string, string>> {
  return {
    SYMBIA_ROOT: fixtureRepo,
    SYMBIA_HOME: path.join(tmp, home),
    DATABASE_URL: databaseUrl,
    FIXTURE_IGNORE_PARENT: 'identity,catalog',
    ...(await freePortEnv(['identity', 'catalog'])),
  };
}

const pidFile = (home: string) => path.join(tmp, home, 'run', 'pids.json');

describe('npm start after a launcher was killed', { timeout: 90_000 }, () => {
  it('stops what the killed launcher left running, by the pids it recorded, and starts on the same ports', async () => {
    const env = await launcherEnv('after-kill');
    const first = startLauncher({ env, args: ['--only', 'identity,catalog'] });
    let started: ReturnType<typeof startLauncher> | undefined;
    try {
      await first.waitFor('press Ctrl-C to stop');
      const old = fixturePids(first.output());
      const recorded = JSON.parse(await readFile(pidFile('after-kill'), 'utf8')) as RunStateFile;
      expect(recorded.launcher.pid).toBe(first.pid);
      expect(recorded.processes.map((entry) => [entry.name, entry.pid]).sort()).toEqual(
        [
          ['catalog', old.catalog],
          ['identity', old.identity],
        ].sort(),
      );
      first.signal('SIGKILL');
      await exitedWithin(first);
      expect([old.identity, old.catalog].filter((pid) => !isAlive(pid!))).toEqual([]);
      expect(await readyStatus(env.CATALOG_PORT!)).toBe('200');

      started = startLauncher({ env, args: ['--only', 'identity,catalog'] });
      await started.waitFor('press Ctrl-C to stop');
      expect(started.stderr()).toContain(
        `an earlier npm start (pid ${first.pid}) did not exit cleanly; stopping what it left running: ` +
          `identity (pid ${old.identity}), catalog (pid ${old.catalog})`,
      );
      expect(isAlive(old.identity!)).toBe(false);
      expect(isAlive(old.catalog!)).toBe(false);
      const fresh = fixturePids(started.output());
      expect(fresh.catalog).not.toBe(old.catalog);
      expect(await readyStatus(env.CATALOG_PORT!)).toBe('200');

      started.signal('SIGINT');
      expect(await exitedWithin(started)).toBe(0);
      await expect(stat(pidFile('after-kill'))).rejects.toThrow();
    } finally {
      first.signal('SIGKILL');
      started?.signal('SIGKILL');
      killGroups([...allFixturePids(first.output()), ...allFixturePids(started?.output() ?? '')]);
    }
  });

  it('refuses to start while the launcher that wrote the pid file is still running', async () => {
    const env = await launcherEnv('twice');
    const first = startLauncher({ env, args: ['--only', 'identity'] });
    try {
      await first.waitFor('press Ctrl-C to stop');
      const second = startLauncher({
        env: { ...env, ...(await freePortEnv(['identity'])) },
        args: ['--only', 'identity'],
      });
      expect(await exitedWithin(second)).toBe(1);
      expect(second.stderr()).toContain(
        `another npm start (pid ${first.pid}) is running with ${path.join(tmp, 'twice')}; stop it first`,
      );
      expect(second.output()).not.toContain('starting identity');
      expect(await readyStatus(env.IDENTITY_PORT!)).toBe('200');
      first.signal('SIGINT');
      expect(await exitedWithin(first)).toBe(0);
    } finally {
      first.signal('SIGKILL');
      killGroups(allFixturePids(first.output()));
    }
  });
});

describe('npm start after a launcher and its PostgreSQL host were killed', { timeout: 240_000 }, () => {
  it('shuts down the postmaster they left running on the embedded data directory and starts again', async () => {
    // Embedded PostgreSQL this time (an empty DATABASE_URL), on a port of its own.
    const env = {
      ...(await launcherEnv('postmaster')),
      DATABASE_URL: '',
      SYMBIA_POSTGRES_PORT: String(await findFreePort()),
    };
    const first = startLauncher({ env, args: ['--only', 'identity'] });
    let started: ReturnType<typeof startLauncher> | undefined;
    let postmaster = 0;
    try {
      await first.waitFor('press Ctrl-C to stop', 180_000);
      const recorded = JSON.parse(await readFile(pidFile('postmaster'), 'utf8')) as RunStateFile;
      const host = recorded.processes.find((entry) => entry.name === 'postgres')!;
      expect(host).toBeDefined();
      postmaster = Number(
        (await readFile(path.join(tmp, 'postmaster', 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      // The host first, so nothing is left to stop the postmaster when the launcher goes.
      process.kill(host.pid, 'SIGKILL');
      first.signal('SIGKILL');
      await exitedWithin(first);
      expect(isAlive(postmaster)).toBe(true);

      started = startLauncher({ env, args: ['--only', 'identity'] });
      await started.waitFor('press Ctrl-C to stop', 180_000);
      expect(started.stderr()).toContain(
        `stopping PostgreSQL (pid ${postmaster}) left running on ${path.join(tmp, 'postmaster', 'postgres')}`,
      );
      expect(isAlive(postmaster)).toBe(false);
      started.signal('SIGINT');
      expect(await exitedWithin(started, 60_000)).toBe(0);
    } finally {
      first.signal('SIGKILL');
      started?.signal('SIGKILL');
      killGroups([...allFixturePids(first.output()), ...allFixturePids(started?.output() ?? '')]);
      if (postmaster > 0 && isAlive(postmaster)) process.kill(postmaster, 'SIGINT');
    }
  });
});
