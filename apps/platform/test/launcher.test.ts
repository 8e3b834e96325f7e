import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnvFile } from '../src/secrets.js';
import {
  emptyRepo,
  fixturePids,
  fixtureRepo,
  freePortEnv,
  isAlive,
  startLauncher,
} from './helpers/launcher-process.js';

// Tests use the test PostgreSQL from the global setup, so the launcher never starts an embedded one here.
const databaseUrl = inject('symbiaAdminDatabaseUrl') ?? process.env.SYMBIA_TEST_ADMIN_DATABASE_URL!;
const allFixtures = ['identity', 'network', 'catalog', 'assistants'];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'symbia-launcher-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function launcherEnv(home: string, root = fixtureRepo, names = allFixtures): Promise<Record<string, string>> {
  return {
    SYMBIA_ROOT: root,
    SYMBIA_HOME: path.join(tmp, home),
    DATABASE_URL: databaseUrl,
    ...(await freePortEnv(names)),
  };
}

const fingerprint = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);
const indexOf = (output: string, text: string) => {
  const index = output.indexOf(text);
  expect(index, `"${text}" in the output`).toBeGreaterThanOrEqual(0);
  return index;
};

describe('npm start against a workspace with services', () => {
  const home = 'full';
  let env: Record<string, string>;
  let output = '';
  let exitCode: number | null = null;
  let pids: Record<string, number> = {};

  beforeAll(async () => {
    env = await launcherEnv(home);
    const launcher = startLauncher({ env });
    await launcher.waitFor('press Ctrl-C to stop');
    pids = fixturePids(launcher.output());
    launcher.signal('SIGINT');
    exitCode = await launcher.exited;
    output = launcher.output();
  });

  it('starts the tiers in order, each once the tier before it is ready', () => {
    const tier1Ready = Math.max(indexOf(output, 'identity is ready'), indexOf(output, 'network is ready'));
    expect(indexOf(output, 'starting identity, network')).toBeLessThan(tier1Ready);
    expect(tier1Ready).toBeLessThan(indexOf(output, 'starting catalog'));
    expect(indexOf(output, 'catalog is ready')).toBeLessThan(indexOf(output, 'starting assistants'));
    // What the services themselves saw when they started:
    expect(output).toContain('catalog sees identity ready');
    expect(output).toContain('catalog sees network ready');
    expect(output).toContain('assistants sees catalog ready');
    expect(output).not.toContain('NOT ready');
  });

  it('prefixes service output with the service name and ignores folders that are not services', () => {
    expect(output).toMatch(/^\[catalog\] +catalog listening on \d+$/m);
    expect(output).toContain('ignoring services/not-a-service');
    expect(output).not.toContain('starting logging');
    expect(output).not.toContain('\u001b[');
  });

  it('prints a table with every service ready and the database, password masked', () => {
    for (const name of allFixtures) {
      expect(output).toMatch(
        new RegExp(`^  ${name} +http://localhost:${env[`${name.toUpperCase()}_PORT`]} +ready$`, 'm'),
      );
    }
    expect(output).toMatch(/^ {2}PostgreSQL +external, postgres:\/\//m);
    const password = new URL(databaseUrl).password;
    if (password !== '') expect(output).not.toContain(`:${password}@`);
  });

  it('passes development defaults, the database and the same secrets to every service', async () => {
    const secrets = parseEnvFile(await readFile(path.join(tmp, home, 'secrets.env'), 'utf8'));
    const expected = fingerprint(secrets.get('INTERNAL_SERVICE_SECRET')!);
    for (const name of allFixtures) {
      expect(output).toContain(`${name} env NODE_ENV=development DATABASE_URL=set`);
      expect(output).toContain(`${name} secret fingerprint ${expected}`);
    }
  });

  it('writes secrets.env with mode 0600 and never prints a secret value', async () => {
    const file = path.join(tmp, home, 'secrets.env');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const secrets = parseEnvFile(await readFile(file, 'utf8'));
    expect([...secrets.keys()].sort()).toEqual([
      'CREDENTIAL_ENCRYPTION_KEY',
      'EMBEDDED_POSTGRES_PASSWORD',
      'INTERNAL_SERVICE_SECRET',
      'NETWORK_HASH_SECRET',
      'SESSION_SECRET',
    ]);
    expect(Buffer.from(secrets.get('CREDENTIAL_ENCRYPTION_KEY')!, 'base64')).toHaveLength(32);
    for (const value of secrets.values()) expect(output).not.toContain(value);
  });

  it('appends each service output to .symbia/logs/<name>.log', async () => {
    for (const name of allFixtures) {
      const log = await readFile(path.join(tmp, home, 'logs', `${name}.log`), 'utf8');
      expect(log).toContain(`${name} starting pid=${pids[name]}`);
      expect(log).toContain(`${name} received SIGTERM`);
    }
  });

  it('stops on SIGINT in reverse tier order, leaves no service running and exits 0', () => {
    expect(exitCode).toBe(0);
    expect(Object.keys(pids).sort()).toEqual([...allFixtures].sort());
    expect(Object.values(pids).filter(isAlive)).toEqual([]);
    expect(indexOf(output, 'assistants received SIGTERM')).toBeLessThan(indexOf(output, 'catalog received SIGTERM'));
    expect(indexOf(output, 'catalog received SIGTERM')).toBeLessThan(indexOf(output, 'identity received SIGTERM'));
    expect(output).toContain('[symbia]     stopped');
  });
});

describe('npm start stopping', () => {
  it('kills what is still running on a second Ctrl-C and exits 130', async () => {
    const env = {
      ...(await launcherEnv('force')),
      FIXTURE_IGNORE_SIGTERM: 'catalog',
      SYMBIA_STOP_TIMEOUT_MS: '120000',
    };
    const launcher = startLauncher({ env, args: ['--only', 'identity,catalog'] });
    await launcher.waitFor('press Ctrl-C to stop');
    launcher.signal('SIGINT');
    await launcher.waitFor('catalog received SIGTERM');
    launcher.signal('SIGINT');
    expect(await launcher.exited).toBe(130);
    expect(launcher.output()).toContain('second interrupt: killing every service now');
    const pids = fixturePids(launcher.output());
    expect(Object.keys(pids).sort()).toEqual(['catalog', 'identity']);
    expect(Object.values(pids).filter(isAlive)).toEqual([]);
  });
});

describe('npm start -- --only', () => {
  it('starts only the named services and reuses the secrets of an earlier run', async () => {
    const env = await launcherEnv('reuse');
    const first = startLauncher({ env, args: ['--only', 'identity'] });
    await first.waitFor('press Ctrl-C to stop');
    first.signal('SIGINT');
    expect(await first.exited).toBe(0);
    const secretsFile = path.join(tmp, 'reuse', 'secrets.env');
    const written = await readFile(secretsFile, 'utf8');

    const second = startLauncher({ env, args: ['--only=identity,catalog'] });
    await second.waitFor('press Ctrl-C to stop');
    second.signal('SIGINT');
    expect(await second.exited).toBe(0);

    expect(first.output()).toContain('generated INTERNAL_SERVICE_SECRET');
    expect(first.output()).not.toContain('starting network');
    expect(first.output()).not.toMatch(/^ {2}network /m);
    expect(second.output()).not.toContain('generated');
    expect(await readFile(secretsFile, 'utf8')).toBe(written);
    const expected = fingerprint(parseEnvFile(written).get('INTERNAL_SERVICE_SECRET')!);
    expect(second.output()).toContain(`catalog secret fingerprint ${expected}`);
    expect(second.output()).not.toContain('[assistants]');
  });

  it('lets the environment override a stored secret and hands the admin account to identity only', async () => {
    const env = {
      ...(await launcherEnv('override')),
      INTERNAL_SERVICE_SECRET: 'from-the-environment-0123456789abcdef',
      SYMBIA_ADMIN_EMAIL: 'root@example.test',
    };
    const launcher = startLauncher({ env, args: ['--only', 'identity,catalog'] });
    await launcher.waitFor('press Ctrl-C to stop');
    launcher.signal('SIGTERM');
    expect(await launcher.exited).toBe(0);
    expect(launcher.output()).toContain(`catalog secret fingerprint ${fingerprint(env.INTERNAL_SERVICE_SECRET)}`);
    expect(launcher.output()).toContain('identity env NODE_ENV=development DATABASE_URL=set admin=root@example.test');
    expect(launcher.output()).toContain('catalog env NODE_ENV=development DATABASE_URL=set admin=unset');
    expect(launcher.output()).not.toContain(env.INTERNAL_SERVICE_SECRET);
  });

  it('exits 2 naming the valid services for an unknown name, before starting anything', async () => {
    const env = await launcherEnv('unknown');
    const launcher = startLauncher({ env, args: ['--only', 'identity,billing'] });
    expect(await launcher.exited).toBe(2);
    expect(launcher.stderr()).toContain('unknown service "billing"; valid names: identity, network, logging, catalog');
    expect(launcher.output()).not.toContain('starting');
    await expect(stat(path.join(tmp, 'unknown'))).rejects.toThrow();
  });

  it('exits 2 for a known service that does not exist in the workspace yet', async () => {
    const launcher = startLauncher({ env: await launcherEnv('absent'), args: ['--only', 'messaging'] });
    expect(await launcher.exited).toBe(2);
    expect(launcher.stderr()).toContain('messaging does not exist in this workspace yet');
  });
});

describe('npm start failures', () => {
  it('refuses a port that is already in use, naming the service and the variable', async () => {
    const env = await launcherEnv('busy');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.CATALOG_PORT), '127.0.0.1', resolve));
    try {
      const launcher = startLauncher({ env });
      expect(await launcher.exited).toBe(1);
      expect(launcher.stderr()).toContain(
        `port ${env.CATALOG_PORT} (catalog) is already in use — stop the other process or set CATALOG_PORT`,
      );
      expect(launcher.output()).not.toContain('press Ctrl-C to stop');
    } finally {
      blocker.close();
    }
  });

  it('exits 1 naming a failed migration, shows who failed in the table and stops the rest', async () => {
    const env = { ...(await launcherEnv('migration')), FIXTURE_FAIL_MIGRATION: 'catalog' };
    const launcher = startLauncher({ env });
    expect(await launcher.exited).toBe(1);
    const output = launcher.output();
    expect(launcher.stderr()).toContain(
      'catalog failed to start: a database migration failed: migration 0001_init.sql failed: relation "catalog_things" already exists',
    );
    expect(output).toMatch(/^ {2}identity +\S+ +ready$/m);
    expect(output).toMatch(/^ {2}catalog +\S+ +failed$/m);
    expect(output).toMatch(/^ {2}assistants +\S+ +not started$/m);
    expect(output).not.toContain('press Ctrl-C to stop');
    expect(Object.values(fixturePids(output)).filter(isAlive)).toEqual([]);
  });
});

describe('npm start in a workspace without services', () => {
  it('says so plainly, keeps running until Ctrl-C and exits 0', async () => {
    const launcher = startLauncher({ env: await launcherEnv('empty', emptyRepo, []) });
    await launcher.waitFor('press Ctrl-C to stop');
    expect(launcher.output()).toContain('no services exist in the workspace yet');
    expect(launcher.output()).not.toMatch(/^ +SERVICE +URL/m);
    launcher.signal('SIGINT');
    expect(await launcher.exited).toBe(0);
  });

  it('prints the usage for --help', async () => {
    const launcher = startLauncher({ env: await launcherEnv('help', emptyRepo, []), args: ['--help'] });
    expect(await launcher.exited).toBe(0);
    expect(launcher.stdout()).toContain('Usage: npm start [-- --only <service,...>]');
  });
});
