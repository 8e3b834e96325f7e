import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/production-config.ts', import.meta.url));

function run(env: Record<string, string>) {
  const { INTERNAL_SERVICE_SECRET: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], { env: { ...inherited, ...env }, encoding: 'utf8' });
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
