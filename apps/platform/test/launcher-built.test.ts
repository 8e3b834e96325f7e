import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltOutputChecker } from '../src/built-output.js';
import type { RunStateFile } from '../src/run-state.js';
import { exitedWithin, freePortEnv, killGroups, readyStatus, startLauncher } from './helpers/launcher-process.js';

// The five real services under the real launcher, from their `npm run build` output: plain node, no tsx, in
// production mode. CI builds before `npm test` (.ci/run); elsewhere the first run builds what is missing or stale.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const services = ['identity', 'network', 'catalog', 'integrations', 'messaging'] as const;
let tmp: string;
let database: TestDatabase;

async function staleServices(): Promise<string[]> {
  const checker = createBuiltOutputChecker(root);
  const stale: string[] = [];
  for (const name of services) {
    if ((await checker.check(path.join(root, 'services', name))).kind !== 'built') stale.push(`services/${name}`);
  }
  return stale;
}

beforeAll(async () => {
  const stale = await staleServices();
  if (stale.length > 0) {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--skip-typecheck', ...stale], {
      cwd: root,
      maxBuffer: 16 << 20,
    });
  }
  tmp = await mkdtemp(path.join(os.tmpdir(), 'symbia-launcher-built-'));
  database = await createTestDatabase({ prefix: 'launcher_built' });
}, 300_000);
afterAll(async () => {
  await database?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('npm start with built services', { timeout: 150_000 }, () => {
  it('runs each service from dist/main.js with plain node, and every one answers /health/ready', async () => {
    const home = path.join(tmp, 'home');
    const env: Record<string, string> = {
      SYMBIA_HOME: home,
      DATABASE_URL: database.url,
      // Production refuses weak secrets: the launcher's generated ones must pass, and nothing may rely on dev defaults.
      NODE_ENV: 'production',
      ...(await freePortEnv(services)),
    };
    const launcher = startLauncher({ env, args: ['--only', services.join(',')] });
    let pids: number[] = [];
    try {
      await launcher.waitFor('press Ctrl-C to stop', 90_000);
      expect(launcher.stdout()).toContain(`built (node dist/main.js): ${services.join(', ')}`);
      expect(launcher.stdout()).not.toContain('sources (tsx)');
      for (const name of services) expect(await readyStatus(env[`${name.toUpperCase()}_PORT`]!), name).toBe('200');

      const recorded = JSON.parse(await readFile(path.join(home, 'run', 'pids.json'), 'utf8')) as RunStateFile;
      pids = recorded.processes.map((entry) => entry.pid);
      const commands = Object.fromEntries(recorded.processes.map((entry) => [entry.name, entry.command]));
      for (const name of services) {
        expect(commands[name], name).toBe(
          `${process.execPath} ${path.join(root, 'services', name, 'dist', 'main.js')}`,
        );
      }

      launcher.signal('SIGINT');
      expect(await exitedWithin(launcher)).toBe(0);
    } finally {
      launcher.signal('SIGKILL');
      killGroups(pids);
    }
  });
});
