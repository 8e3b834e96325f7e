import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkBootstrapExtra } from '../../src/routes/bootstrap.js';
import { startNetwork, type NetworkHarness } from '../helpers/network-harness.js';
import { closed, connectSocket, emitAck } from '../helpers/socket-client.js';

/**
 * Every client event the service advertises (so a new one is swept too), but `sdn:topology`: it takes no payload,
 * so there is nothing malformed to send it; its refusal is tested below.
 */
const clientEvents = networkBootstrapExtra.websocketEvents.client.filter((event) => event !== 'sdn:topology');

const huge = 'x'.repeat(100_000);
const malformed: unknown[] = [
  null,
  'string',
  42,
  true,
  [],
  [{ id: 'a' }],
  { nodeId: 42 },
  { nodeId: huge },
  { id: 'x', name: 'x', type: 'robot', capabilities: [], endpoint: '' },
  { id: 'x', name: 'x', type: 'client', capabilities: 'no', endpoint: '' },
  { id: 'x', name: 'x', type: 'client', capabilities: [], endpoint: 'file:///etc/passwd' },
  { payload: { type: 'a.b' }, source: 'x', runId: 'r' },
  { payload: { type: 'a.b', data: 1 }, source: 'x', runId: 'r', boundary: 'outer' },
  { from: 'a', to: 'b', allowedEventTypes: [], boundaries: ['intra'] },
  { runId: { $gt: '' } },
  { subscriptionId: ['a'] },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  { extra: 'field', nodeId: 'n' },
];

describe('malformed socket payloads (network.md §14: error ack, never a crash)', () => {
  let h: NetworkHarness;
  let anonymous: Socket;
  let admin: Socket;

  beforeAll(async () => {
    h = await startNetwork();
    anonymous = await connectSocket(h.url);
    admin = await connectSocket(h.url, h.admin.token);
  });
  afterAll(async () => {
    await closed(anonymous);
    await closed(admin);
    await h?.close();
  });

  it.each(clientEvents)('%s answers every malformed payload with { ok: false }', async (event) => {
    for (const socket of [anonymous, admin]) {
      for (const payload of malformed) {
        const ack = await emitAck(socket, event, payload);
        expect(ack, `${event} ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({ ok: false });
        expect(typeof ack.error).toBe('string');
      }
      // Without an ack callback the server acts silently and stays up.
      socket.emit(event, { broken: true });
      socket.emit(event);
    }
    expect(anonymous.connected && admin.connected).toBe(true);
    expect((await h.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('sdn:topology from an anonymous socket is refused and the server keeps running', async () => {
    expect(await emitAck(anonymous, 'sdn:topology')).toMatchObject({ ok: false, error: 'authentication_required' });
    expect(await emitAck(admin, 'sdn:topology')).toMatchObject({ nodes: expect.any(Array) });
  });

  it('refuses an invalid credential at the handshake', async () => {
    await expect(connectSocket(h.url, 'not-a-jwt')).rejects.toMatchObject({
      message: 'Authentication required',
      data: { code: 'invalid_token' },
    });
  });
});
