import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateFile } from '../src/run-state.js';
import {
  exitedWithin,
  freePortEnv,
  isAlive,
  killGroups,
  readyStatus,
  startLauncher,
  waitUntil,
} from './helpers/launcher-process.js';

// The real identity service under the real launcher, on its own fresh database (so no super admin exists yet).
let tmp: string;
let database: TestDatabase;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'symbia-launcher-identity-'));
  database = await createTestDatabase({ prefix: 'launcher' });
});
afterAll(async () => {
  await database?.drop();
  await rm(tmp, { recursive: true, force: true });
});

describe('npm start with the real identity service', { timeout: 150_000 }, () => {
  it('shows the one-time setup token on the terminal only, and identity exits when the launcher is killed', async () => {
    const home = path.join(tmp, 'home');
    const env: Record<string, string> = {
      SYMBIA_HOME: home,
      DATABASE_URL: database.url,
      ...(await freePortEnv(['identity'])),
    };
    const launcher = startLauncher({ env, args: ['--only', 'identity'] });
    let identityPid: number | undefined;
    try {
      await launcher.waitFor('press Ctrl-C to stop', 90_000);
      const shown =
        /^\[identity\] +No super admin exists\. One-time setup token \(POST \/api\/setup\/admin\): (setup_[A-Za-z0-9_-]+)$/m.exec(
          launcher.stdout(),
        );
      expect(shown, 'the token line on the terminal').not.toBeNull();
      const token = shown![1]!;
      const log = await readFile(path.join(home, 'logs', 'identity.log'), 'utf8');
      expect(log).toContain('a one-time setup token was shown on the terminal');
      expect(log).not.toContain(token);

      const recorded = JSON.parse(await readFile(path.join(home, 'run', 'pids.json'), 'utf8')) as RunStateFile;
      identityPid = recorded.processes.find((entry) => entry.name === 'identity')?.pid;
      expect(identityPid).toBeDefined();
      launcher.signal('SIGKILL');
      await exitedWithin(launcher);
      // The kit's runMain sees the launcher's IPC channel close and shuts identity down.
      await waitUntil('identity has exited', () => !isAlive(identityPid!));
      expect(await readyStatus(env.IDENTITY_PORT!)).toBe('ECONNREFUSED');
    } finally {
      launcher.signal('SIGKILL');
      if (identityPid !== undefined) killGroups([identityPid]);
    }
  });
});
