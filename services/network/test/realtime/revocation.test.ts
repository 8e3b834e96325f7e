import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type NetworkHarness } from '../helpers/network-harness.js';
import { closed, connectSocket, emitAck } from '../helpers/socket-client.js';

describe('revoked credentials close sockets (DESIGN §6)', () => {
  let h: NetworkHarness;

  beforeAll(async () => {
    h = await startNetwork();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('closes a socket as soon as identity publishes its session’s logout', async () => {
    const user = await h.registerOrgUser('Revoked Org');
    const socket = await connectSocket(h.url, user.token);
    try {
      expect(
        await emitAck(socket, 'node:register', {
          id: 'client-revoked',
          name: 'c',
          type: 'client',
          capabilities: [],
          endpoint: '',
        }),
      ).toMatchObject({ ok: true });
      const expired = new Promise((resolve) => socket.once('session:expired', resolve));
      const gone = new Promise((resolve) => socket.once('disconnect', resolve));
      const logout = await fetch(`${h.identity.url}/api/auth/logout`, { method: 'POST', headers: user.headers });
      expect(logout.status).toBeLessThan(300);
      expect(await expired).toMatchObject({ reason: expect.stringContaining('revoked') });
      await gone;
      // The node stays registered without its socket (§5.1), and a new handshake with the old token is refused.
      await expect.poll(() => h.fabric.registry.get('client-revoked')?.socketId).toBeUndefined();
      await expect(connectSocket(h.url, user.token)).rejects.toMatchObject({ data: { code: 'token_revoked' } });
    } finally {
      await closed(socket);
    }
  });
});
