import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, uniqueId, type NetworkHarness } from '../helpers/network-harness.js';
import { closed, connectSocket, emitAck, record, settle } from '../helpers/socket-client.js';

const node = (id: string, type = 'service') => ({
  id,
  name: id,
  type,
  capabilities: ['test'],
  endpoint: '',
});

describe('socket nodes, events and ownership (network.md §14, §18 scenarios 5, 6, 15, 21)', () => {
  let h: NetworkHarness;
  const sockets: Socket[] = [];
  const connect = async (token?: Parameters<typeof connectSocket>[1]) => {
    const socket = await connectSocket(h.url, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    h = await startNetwork();
  });
  afterAll(async () => {
    for (const socket of sockets) await closed(socket);
    await h?.close();
  });

  it('routes a prefix broadcast from a socket and from REST to the subscribed socket (scenarios 5, 6)', async () => {
    const assistants = await connect((await h.serviceSession('assistants')).token);
    const messaging = await connect((await h.serviceSession('messaging')).token);
    expect(await emitAck(assistants, 'node:register', node('assistants'))).toMatchObject({ ok: true });
    expect(await emitAck(messaging, 'node:register', node('messaging'))).toMatchObject({ ok: true });
    const received = record(assistants, 'event:received');

    const ack = await emitAck(messaging, 'event:send', {
      payload: { type: 'message.edited', data: { id: 1 } },
      source: 'messaging',
      runId: 'run-5',
    });
    expect(ack).toMatchObject({ ok: true, trace: { status: 'delivered' } });
    const trace = ack.trace as { path: Array<{ node: string; action: string }> };
    expect(trace.path).toEqual([expect.objectContaining({ node: 'assistants', action: 'deliver' })]);
    const [event] = (await received.waitFor(1)) as Array<{ wrapper: { path: string[] } }>;
    expect(event!.wrapper.path).toEqual(['messaging', 'assistants']);

    const res = await h.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: h.admin.headers,
      payload: { payload: { type: 'message.edited', data: {} }, source: 'messaging', runId: 'run-6' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().trace.status).toBe('delivered');
    await received.waitFor(2);
    expect(received.seen).toHaveLength(2);
    // §16: counted on /metrics, without per-type or per-node labels.
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/network_events_routed_total\{[^}]*status="delivered"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/network_nodes\{[^}]*connected="true"[^}]*\} [1-9]/);
  });

  it('lets an agent register only its own id, merging its capabilities (scenario 15)', async () => {
    const orgAdmin = await h.registerOrgUser('Agents Org');
    const agentId = uniqueId('assistant:onboarding-');
    const agent = await h.registerAgent(agentId, orgAdmin.orgId, ['cap:messaging.send']);
    const peer = await connect((await h.serviceSession('catalog')).token);
    await emitAck(peer, 'node:register', node('catalog'));
    const joined = record(peer, 'network:node:joined');
    const socket = await connect(agent.token);

    expect(await emitAck(socket, 'node:register', node('assistant:other', 'assistant'))).toMatchObject({
      ok: false,
      error: 'Agent ID does not match authenticated identity',
    });
    const ack = await emitAck(socket, 'node:register', { ...node(agentId, 'assistant'), capabilities: ['chat'] });
    expect(ack).toMatchObject({ ok: true, agent: { agentId } });
    const registered = ack.node as { capabilities: string[]; metadata: Record<string, unknown> };
    expect(registered.capabilities).toEqual(expect.arrayContaining(['chat', 'cap:messaging.send']));
    expect(registered.metadata).toMatchObject({ authenticatedAgentId: agentId, orgId: orgAdmin.orgId });
    // The catalog service (a platform principal) sees every node; the announcement says it is an agent.
    const [announcement] = await joined.waitFor(1);
    expect(announcement).toEqual({ nodeId: agentId, name: agentId, type: 'assistant', isAgent: true });

    const anonymous = await connect();
    expect(await emitAck(anonymous, 'node:register', node('assistant:x', 'assistant'))).toMatchObject({
      ok: false,
      error: 'Agent authentication required',
    });
  });

  it('refuses an anonymous or foreign socket acting for a node it did not register (scenario 21, network W1)', async () => {
    const owner = await connect((await h.serviceSession('integrations')).token);
    expect(await emitAck(owner, 'node:register', node('integrations'))).toMatchObject({ ok: true });
    const anonymous = await connect();
    const intruder = await connect((await h.serviceSession('runtime')).token);

    const send = { payload: { type: 'x.y', data: {} }, source: 'integrations', runId: 'r' };
    expect(await emitAck(anonymous, 'event:send', send)).toMatchObject({ ok: false, error: 'authentication_required' });
    expect(await emitAck(intruder, 'event:send', send)).toMatchObject({ ok: false, error: 'node_not_owned' });
    expect(await emitAck(anonymous, 'node:register', node('integrations'))).toMatchObject({
      ok: false,
      error: 'authentication_required',
    });
    expect(await emitAck(intruder, 'node:register', node('integrations'))).toMatchObject({
      ok: false,
      code: 'service_id_mismatch',
    });
    for (const socket of [anonymous, intruder]) {
      expect(await emitAck(socket, 'node:unregister', { nodeId: 'integrations' })).toMatchObject({ ok: false });
      expect(await emitAck(socket, 'node:heartbeat', { nodeId: 'integrations' })).toMatchObject({ ok: false });
    }
    expect(h.fabric.registry.get('integrations')?.socketId).toBe(owner.id);
    expect(await emitAck(owner, 'node:heartbeat', { nodeId: 'integrations' })).toEqual({ ok: true });
  });

  it('answers a user: client nodes only, unless a node administrator', async () => {
    const user = await h.registerOrgUser('Client Org');
    const socket = await connect(user.token);
    expect(await emitAck(socket, 'node:register', node('messaging', 'service'))).toMatchObject({
      ok: false,
      error: 'insufficient_permissions',
      requiredPermission: 'cap:network.nodes.admin',
    });
    expect(await emitAck(socket, 'node:register', node('messaging', 'client'))).toMatchObject({
      ok: false,
      error: 'reserved_node_id',
    });
    const id = uniqueId('client-');
    expect(await emitAck(socket, 'node:register', node(id, 'client'))).toMatchObject({ ok: true });
    // Sending needs cap:network.events.write for users (network W9).
    expect(
      await emitAck(socket, 'event:send', { payload: { type: 'a.b', data: 1 }, source: id, runId: 'r' }),
    ).toMatchObject({ ok: false, error: 'insufficient_permissions', requiredPermission: 'cap:network.events.write' });
  });

  it('detaches the socket and releases its entity on disconnect (network W16)', async () => {
    const socket = await connect((await h.serviceSession('logging')).token);
    await emitAck(socket, 'node:register', node('logging'));
    h.fabric.registry.bindEntity('logging', 'ent_logging');
    const watcher = await connect((await h.serviceSession('catalog')).token);
    const disconnected = record(watcher, 'network:node:disconnected');
    await closed(socket);
    await disconnected.waitFor(1);
    expect(disconnected.seen).toContainEqual({ nodeId: 'logging' });
    const after = h.fabric.registry.get('logging');
    expect(after?.socketId).toBeUndefined();
    expect(after?.entityId).toBeUndefined();
    await settle(watcher);
  });

  it('announces only to authenticated sockets (§14.2)', async () => {
    const anonymous = await connect();
    const watcher = await connect((await h.serviceSession('models')).token);
    const heardByAnonymous = record(anonymous, 'network:node:joined');
    const heard = record(watcher, 'network:node:joined');
    const socket = await connect((await h.serviceSession('assistants')).token);
    await emitAck(socket, 'node:register', node('assistants'));
    await heard.waitFor(1);
    await settle(anonymous);
    expect(heardByAnonymous.seen).toEqual([]);
  });

  it('announces an org node and its new contract to platform sockets and its own org, never to another org (§12.4)', async () => {
    const orgA = await h.registerOrgUser('Announce Org A');
    const orgB = await h.registerOrgUser('Announce Org B');
    const agentId = uniqueId('assistant:announcer-');
    const agent = await h.registerAgent(agentId, orgA.orgId, ['cap:messaging.send']);
    const platform = await connect((await h.serviceSession('logging')).token);
    const sameOrg = await connect(orgA.token);
    const otherOrg = await connect(orgB.token);
    const heard = {
      platform: record(platform, 'network:contract:created'),
      sameOrg: record(sameOrg, 'network:contract:created'),
      otherOrg: record(otherOrg, 'network:contract:created'),
      otherOrgJoined: record(otherOrg, 'network:node:joined'),
    };
    const socket = await connect(agent.token);
    expect(await emitAck(socket, 'node:register', node(agentId, 'assistant'))).toMatchObject({ ok: true });
    const contract = { from: agentId, to: 'logging', allowedEventTypes: ['agent.*'], boundaries: ['inter'] };
    expect(await emitAck(socket, 'contract:create', contract)).toMatchObject({ ok: true, contract: { from: agentId } });
    await heard.platform.waitFor(1);
    await heard.sameOrg.waitFor(1);
    await settle(otherOrg);
    expect(heard.platform.seen[0]).toMatchObject({ from: agentId, to: 'logging' });
    expect(heard.otherOrg.seen).toEqual([]);
    expect(heard.otherOrgJoined.seen.filter((n) => n.nodeId === agentId)).toEqual([]);
  });

  it('contract:create: users need cap:network.contracts.write, services only from their own nodes', async () => {
    const service = await connect((await h.serviceSession('catalog')).token);
    await emitAck(service, 'node:register', node('catalog'));
    const contract = { from: 'catalog', to: 'runtime', allowedEventTypes: ['catalog.*'], boundaries: ['intra'] };
    expect(await emitAck(service, 'contract:create', contract)).toMatchObject({
      ok: true,
      contract: { from: 'catalog', to: 'runtime' },
    });
    const other = await connect((await h.serviceSession('runtime')).token);
    await emitAck(other, 'node:register', node('runtime'));
    expect(await emitAck(other, 'contract:create', contract)).toMatchObject({
      ok: false,
      error: 'node_owned_by_another',
    });
    const user = await h.registerOrgUser('Contract Org');
    const userSocket = await connect(user.token);
    expect(await emitAck(userSocket, 'contract:create', contract)).toMatchObject({
      ok: false,
      error: 'insufficient_permissions',
      requiredPermission: 'cap:network.contracts.write',
    });
    expect(await emitAck(await connect(), 'contract:create', contract)).toMatchObject({
      ok: false,
      error: 'authentication_required',
    });
  });

  it('takes API keys at the handshake: network:read to connect, network:write to change anything', async () => {
    const user = await h.registerOrgUser('Key Org');
    const readKey = await h.identity.createApiKey(user, { name: 'read', orgId: user.orgId, scopes: ['network:read'] });
    const socket = await connect({ apiKey: readKey });
    expect(await emitAck(socket, 'node:register', node(uniqueId('client-'), 'client'))).toMatchObject({
      ok: false,
      error: 'api_key_scope_missing',
    });
    const writeKey = await h.identity.createApiKey(user, {
      name: 'write',
      orgId: user.orgId,
      scopes: ['network:read', 'network:write'],
    });
    const writer = await connect({ apiKey: writeKey });
    expect(await emitAck(writer, 'node:register', node(uniqueId('client-'), 'client'))).toMatchObject({ ok: true });
    const noScope = await h.identity.createApiKey(user, { name: 'none', orgId: user.orgId, scopes: ['catalog:read'] });
    await expect(connectSocket(h.url, { apiKey: noScope })).rejects.toMatchObject({
      data: { code: 'api_key_scope_missing' },
    });
  });

  it('lets a service take its own id over from an operator’s REST registration', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/registry/nodes',
      headers: h.admin.headers,
      payload: node('server'),
    });
    expect(created.statusCode).toBe(201);
    const socket = await connect((await h.serviceSession('server')).token);
    expect(await emitAck(socket, 'node:register', node('server'))).toMatchObject({ ok: true });
    expect(h.fabric.registry.ownerOf('server')?.key).toBe('service:server');
  });
});
