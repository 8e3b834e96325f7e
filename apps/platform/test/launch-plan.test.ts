import { describe, expect, it } from 'vitest';
import type { DiscoveredService } from '../src/discover-services.js';
import { buildLaunchPlan, LaunchPlanError } from '../src/launch-plan.js';

const service = (name: DiscoveredService['name'], tier: number): DiscoveredService => ({
  name,
  tier,
  entry: `/repo/services/${name}/src/main.ts`,
  cwd: `/repo/services/${name}`,
});
const discovered = [service('identity', 1), service('logging', 1), service('catalog', 2), service('runtime', 3)];

describe('buildLaunchPlan', () => {
  it('groups by tier with default ports, and <ID>_PORT moves one service', () => {
    const plan = buildLaunchPlan({ discovered, env: { CATALOG_PORT: '6003', PORT: '9999' } });
    expect(plan.tiers.map((tier) => tier.map((s) => `${s.name}:${s.port}`))).toEqual([
      ['identity:5001', 'logging:5002'],
      ['catalog:6003'],
      ['runtime:5006'],
    ]);
    expect(plan.services[0]).toMatchObject({
      url: 'http://127.0.0.1:5001',
      displayUrl: 'http://localhost:5001',
      portVariable: 'IDENTITY_PORT',
    });
  });

  it('keeps only the --only services, in tier order', () => {
    const plan = buildLaunchPlan({ discovered, only: ['runtime', 'identity'], env: {} });
    expect(plan.tiers.map((tier) => tier.map((s) => s.name))).toEqual([['identity'], ['runtime']]);
  });

  it('names unknown services and the valid ones', () => {
    expect(() => buildLaunchPlan({ discovered, only: ['billing'], env: {} })).toThrow(
      'unknown service "billing"; valid names: identity, network, logging',
    );
  });

  it('refuses two services on one port and a malformed port', () => {
    expect(() => buildLaunchPlan({ discovered, env: { CATALOG_PORT: '5001' } })).toThrow(
      'identity and catalog would both use port 5001; change IDENTITY_PORT or CATALOG_PORT',
    );
    expect(() => buildLaunchPlan({ discovered, env: { RUNTIME_PORT: 'abc' } })).toThrow(
      'RUNTIME_PORT must be a port number',
    );
    expect(() => buildLaunchPlan({ discovered, only: ['models'], env: {} })).toThrow(LaunchPlanError);
  });
});
