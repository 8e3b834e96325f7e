import { startNetworkPlatformForTests, type NetworkPlatformForTests } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayClient, type RelayClient } from '../../src/index.js';

/**
 * Heartbeats against a real network whose stale sweep is fast (network.md §5.1: NODE_TIMEOUT_MS,
 * HEARTBEAT_INTERVAL_MS): a heartbeating node stays; one whose heartbeats come too late is swept, and its next
 * heartbeat, answered `ok: false`, makes the client register again with its declared contracts.
 */
let platform: NetworkPlatformForTests;
const clients: RelayClient[] = [];

beforeAll(async () => {
  platform = await startNetworkPlatformForTests({
    env: { network: { NODE_TIMEOUT_MS: '1500', HEARTBEAT_INTERVAL_MS: '200' } },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.disconnect()));
  await platform?.close();
});

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const client = (serviceId: string, heartbeatIntervalMs: number) => {
  const created = createRelayClient({
    networkUrl: platform.network.url,
    nodeId: serviceId,
    authToken: () => platform.identity.serviceToken(serviceId),
    heartbeatIntervalMs,
  });
  clients.push(created);
  return created;
};

describe('relay heartbeats', () => {
  it('keep a node registered; a late one is swept and registers again at its next heartbeat', async () => {
    const steady = client('catalog', 200);
    const late = client('runtime', 5_000);
    await Promise.all([steady.connect(), late.connect()]);
    late.declareContract('catalog', ['test.*']);
    const nodes = async () => (await steady.getTopology()).nodes.map((n) => n.id);
    const lateContracts = async () =>
      (await steady.getTopology()).contracts.filter((c) => c.from === 'runtime' && c.to === 'catalog').length;
    await waitFor('the declared contract', async () => (await lateContracts()) === 1);

    await waitFor('the late node swept', async () => !(await nodes()).includes('runtime'));
    expect(await nodes()).toContain('catalog');
    await waitFor('the late node back after its heartbeat', async () => (await nodes()).includes('runtime'));
    await waitFor('its contract back', async () => (await lateContracts()) === 1);
    expect(late.stats().reregistrations).toBeGreaterThanOrEqual(1);
    expect(await nodes()).toContain('catalog');
  });

  it('unregisters on disconnect', async () => {
    const leaving = client('logging', 200);
    const watcher = client('models', 200);
    await Promise.all([leaving.connect(), watcher.connect()]);
    expect((await watcher.getTopology()).nodes.map((n) => n.id)).toContain('logging');
    await leaving.disconnect();
    expect(leaving.isReady()).toBe(false);
    expect((await watcher.getTopology()).nodes.map((n) => n.id)).not.toContain('logging');
  });
});
