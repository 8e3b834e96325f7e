import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launcherSecretNames, loadOrCreateSecrets, parseEnvFile } from '../src/secrets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'symbia-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateSecrets', () => {
  it('generates every secret on first use into a 0600 file and reuses it afterwards', async () => {
    const file = path.join(dir, 'state', 'secrets.env');
    const first = await loadOrCreateSecrets(file, {});
    expect(first.generated).toEqual(launcherSecretNames);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateSecrets(file, {});
    expect(second.generated).toEqual([]);
    expect(second.values).toEqual(first.values);
    expect(new Set(Object.values(first.values)).size).toBe(launcherSecretNames.length);
  });

  it('adds only the missing keys, keeps the others and tightens a loose mode', async () => {
    const file = path.join(dir, 'secrets.env');
    await writeFile(file, '# mine\nSESSION_SECRET=kept-session-secret\nOTHER=untouched\n');
    await chmod(file, 0o644);
    const secrets = await loadOrCreateSecrets(file, {});
    expect(secrets.values.SESSION_SECRET).toBe('kept-session-secret');
    expect(secrets.generated).not.toContain('SESSION_SECRET');
    const stored = parseEnvFile(await readFile(file, 'utf8'));
    expect(stored.get('OTHER')).toBe('untouched');
    expect(stored.get('NETWORK_HASH_SECRET')).toBe(secrets.values.NETWORK_HASH_SECRET);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('lets the environment win without writing its value to the file', async () => {
    const file = path.join(dir, 'secrets.env');
    const secrets = await loadOrCreateSecrets(file, { INTERNAL_SERVICE_SECRET: 'from-env' });
    expect(secrets.values.INTERNAL_SERVICE_SECRET).toBe('from-env');
    expect(secrets.fromEnvironment).toEqual(['INTERNAL_SERVICE_SECRET']);
    expect(await readFile(file, 'utf8')).not.toContain('from-env');
  });
});
