import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type NetworkHarness } from '../helpers/network-harness.js';

const node = (id: string) => ({ id, name: id, type: 'sandbox', capabilities: [], endpoint: '' });

describe('stale sweep on its timer (network.md §5.1, §18 scenario 13)', () => {
  let h: NetworkHarness;

  beforeAll(async () => {
    h = await startNetwork({ NODE_TIMEOUT_MS: '1000', HEARTBEAT_INTERVAL_MS: '500' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('removes a silent node with its contracts and keeps a heartbeating one', async () => {
    const req = (method: 'GET' | 'POST', url: string, payload?: object) =>
      h.app.inject({ method, url, headers: h.admin.headers, ...(payload && { payload }) });
    for (const id of ['silent', 'alive'])
      expect((await req('POST', '/api/registry/nodes', node(id))).statusCode).toBe(201);
    const contract = await req('POST', '/api/registry/contracts', {
      from: 'silent',
      to: 'alive',
      allowedEventTypes: ['*'],
      boundaries: ['intra'],
    });
    expect(contract.statusCode).toBe(201);
    const beat = setInterval(() => void req('POST', '/api/registry/nodes/alive/heartbeat'), 200);
    try {
      // The sweep runs on its own timer: wait for it (bounded by vitest's poll timeout), not for a fixed time.
      await expect
        .poll(async () => (await req('GET', '/api/registry/nodes/silent')).statusCode, { timeout: 10_000 })
        .toBe(404);
      expect((await req('GET', '/api/registry/contracts?nodeId=silent')).json().count).toBe(0);
      expect((await req('GET', '/api/registry/nodes/alive')).statusCode).toBe(200);
    } finally {
      clearInterval(beat);
    }
  });
});
