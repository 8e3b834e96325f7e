import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, uniqueId, type NetworkHarness } from '../helpers/network-harness.js';
import { closed, connectSocket, emitAck } from '../helpers/socket-client.js';

interface Entity {
  id: string;
  sourceTable: string | null;
  sourceId: string | null;
}

/** The `sub` of a JWT: an agent's row id in identity. */
const subjectOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

describe('entity binding needs identity’s confirmation (network.md §6)', () => {
  let h: NetworkHarness;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    h = await startNetwork();
  });
  afterAll(async () => {
    for (const socket of sockets) await closed(socket);
    await h?.close();
  });

  it('lets an agent bind its own entity and nobody else’s', async () => {
    const org = await h.registerOrgUser('Entity Org');
    const agentId = uniqueId('assistant:entity-');
    const agent = await h.registerAgent(agentId, org.orgId);
    await h.identity.call('/api/entities/sync', { source: 'agents' }, h.admin.headers);
    const listed = await fetch(`${h.identity.url}/api/entities?orgId=${org.orgId}&limit=200`, {
      headers: h.admin.headers,
    });
    const entities = ((await listed.json()) as { entities: Entity[] }).entities;
    const own = entities.find((e) => e.sourceTable === 'agents' && e.sourceId === subjectOf(agent.token));
    expect(own).toBeDefined();

    const socket = await connectSocket(h.url, agent.token);
    sockets.push(socket);
    const register = (entityId: string) =>
      emitAck(socket, 'node:register', {
        id: agentId,
        name: agentId,
        type: 'assistant',
        capabilities: [],
        endpoint: '',
        entityId,
      });
    expect(await register('ent_not_mine_0000')).toMatchObject({ ok: false, error: 'entity_not_owned' });
    expect(await register(own!.id)).toMatchObject({ ok: true, node: { entityId: own!.id } });
    expect(h.fabric.registry.nodeForEntity(own!.id)?.id).toBe(agentId);

    // A user may not bind the agent's entity to a client node of its own.
    const userSocket = await connectSocket(h.url, org.token);
    sockets.push(userSocket);
    expect(
      await emitAck(userSocket, 'node:register', {
        id: uniqueId('client-'),
        name: 'c',
        type: 'client',
        capabilities: [],
        endpoint: '',
        entityId: own!.id,
      }),
    ).toMatchObject({ ok: false, error: 'entity_not_owned' });
  });
});
