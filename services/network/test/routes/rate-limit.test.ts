import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type NetworkHarness } from '../helpers/network-harness.js';
import { closed, connectSocket, emitAck } from '../helpers/socket-client.js';

describe('rate limits when RATE_LIMIT_ENABLED (network W19)', () => {
  let h: NetworkHarness;

  beforeAll(async () => {
    h = await startNetwork({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_MAX_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 429 rate_limited once a client has used its REST requests', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push(
        (await h.app.inject({ method: 'GET', url: '/api/registry/nodes', headers: h.admin.headers })).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200]);
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: '/api/registry/nodes', headers: h.admin.headers })),
    ).toEqual({
      status: 429,
      code: 'rate_limited',
    });
  });

  it('refuses socket events beyond the limit with a rate_limited ack', async () => {
    const socket = await connectSocket(h.url, h.admin.token);
    try {
      const acks = [];
      for (let i = 0; i < 4; i += 1) acks.push(await emitAck(socket, 'sdn:unwatch', { subscriptionId: 'none' }));
      expect(acks.slice(0, 3)).toEqual([{ ok: false }, { ok: false }, { ok: false }]);
      expect(acks[3]).toMatchObject({ ok: false, error: 'rate_limited' });
    } finally {
      await closed(socket);
    }
  });
});
