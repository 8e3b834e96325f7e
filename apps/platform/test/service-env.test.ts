import { describe, expect, it } from 'vitest';
import type { DiscoveredService } from '../src/discover-services.js';
import { buildLaunchPlan } from '../src/launch-plan.js';
import type { LauncherSecrets } from '../src/secrets.js';
import { buildServiceEnv } from '../src/service-env.js';

const service = (name: DiscoveredService['name'], tier: number): DiscoveredService => ({
  name,
  tier,
  entry: `/repo/services/${name}/src/main.ts`,
  cwd: `/repo/services/${name}`,
});
const secrets = { values: { INTERNAL_SERVICE_SECRET: 's'.repeat(48) } } as unknown as LauncherSecrets;

function envFor(
  name: DiscoveredService['name'],
  discovered: DiscoveredService[],
  baseEnv: Record<string, string> = {},
) {
  const plan = buildLaunchPlan({ discovered, env: baseEnv });
  const planned = plan.services.find((s) => s.name === name)!;
  return buildServiceEnv({
    service: planned,
    plan,
    baseEnv: { ...baseEnv, SYMBIA_ADMIN_PASSWORD: 'pw' },
    secrets,
    databaseUrl: 'postgres://db/x',
  });
}

describe('buildServiceEnv', () => {
  const withWebsite = [service('identity', 1), service('messaging', 2), service('server', 4)];

  it('lets messaging trust the address the local website forwards, so visitors are limited one by one', () => {
    expect(envFor('messaging', withWebsite).DEMO_CHAT_TRUSTED_PROXIES).toBe('127.0.0.1,::1,::ffff:127.0.0.1');
  });

  it('trusts no proxy when the website is not part of the run, and keeps an operator setting', () => {
    expect(
      envFor('messaging', [service('identity', 1), service('messaging', 2)]).DEMO_CHAT_TRUSTED_PROXIES,
    ).toBeUndefined();
    expect(envFor('messaging', withWebsite, { DEMO_CHAT_TRUSTED_PROXIES: '10.0.0.5' }).DEMO_CHAT_TRUSTED_PROXIES).toBe(
      '10.0.0.5',
    );
    expect(envFor('identity', withWebsite).DEMO_CHAT_TRUSTED_PROXIES).toBeUndefined();
  });

  it('lets identity trust the address the local website forwards for logins, keeping what the operator set', () => {
    expect(envFor('identity', withWebsite).TRUSTED_PROXIES).toBe('127.0.0.1,::1,::ffff:127.0.0.1');
    expect(envFor('identity', [service('identity', 1), service('messaging', 2)]).TRUSTED_PROXIES).toBeUndefined();
    expect(envFor('identity', withWebsite, { TRUSTED_PROXIES: '10.0.0.0/8' }).TRUSTED_PROXIES).toBe('10.0.0.0/8');
    expect(envFor('identity', withWebsite, { TRUSTED_PROXIES: '' }).TRUSTED_PROXIES).toBe('');
    expect(envFor('messaging', withWebsite).TRUSTED_PROXIES).toBeUndefined();
  });

  it('gives the admin password to identity only, and every service the database and peer URLs', () => {
    expect(envFor('identity', withWebsite).SYMBIA_ADMIN_PASSWORD).toBe('pw');
    const messaging = envFor('messaging', withWebsite);
    expect(messaging.SYMBIA_ADMIN_PASSWORD).toBeUndefined();
    expect(messaging).toMatchObject({ DATABASE_URL: 'postgres://db/x', IDENTITY_SERVICE_URL: 'http://127.0.0.1:5001' });
  });

  it('runs the gateway with its larger young generation, keeping what the operator set', () => {
    const fleet = [service('identity', 1), service('integrations', 2)];
    expect(envFor('integrations', fleet).NODE_OPTIONS).toBe('--max-semi-space-size=64');
    expect(envFor('integrations', fleet, { NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe(
      '--enable-source-maps --max-semi-space-size=64',
    );
    expect(envFor('integrations', fleet, { NODE_OPTIONS: '--max-semi-space-size=16' }).NODE_OPTIONS).toBe(
      '--max-semi-space-size=16',
    );
    expect(envFor('identity', fleet).NODE_OPTIONS).toBeUndefined();
  });
});
