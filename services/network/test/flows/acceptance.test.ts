import { createEnvelopeVerifier } from '@symbia/relay';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, uniqueId, type NetworkHarness, type Session } from '../helpers/network-harness.js';
import { closed, connectSocket, emitAck, record, settle } from '../helpers/socket-client.js';

const node = (id: string, type = 'service', endpoint = '') => ({ id, name: id, type, capabilities: [], endpoint });

describe('acceptance scenarios (network.md §18)', () => {
  let h: NetworkHarness;
  let admin: Session;
  const sockets: Socket[] = [];
  const servers: Server[] = [];
  const connect = async (token?: string) => {
    const socket = await connectSocket(h.url, token);
    sockets.push(socket);
    return socket;
  };
  const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who = admin) =>
    h.app.inject({
      method,
      url,
      headers: who.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const registerNode = async (id: string, type = 'service', endpoint = '') =>
    expect((await req('POST', '/api/registry/nodes', node(id, type, endpoint))).statusCode).toBe(201);
  const contract = async (from: string, to: string, types: string[], extra: Record<string, unknown> = {}) => {
    const res = await req('POST', '/api/registry/contracts', {
      from,
      to,
      allowedEventTypes: types,
      boundaries: ['intra', 'inter', 'extra'],
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  const send = async (body: Record<string, unknown>) => {
    const res = await req('POST', '/api/events', { runId: 'run', ...body });
    expect(res.statusCode).toBe(202);
    return res.json() as {
      eventId: string;
      trace: { status: string; error?: string; path: Array<Record<string, unknown>> };
    };
  };
  /** A service node connected by socket with its own service token. */
  const serviceSocket = async (serviceId: string) => {
    const socket = await connect((await h.serviceSession(serviceId)).token);
    expect(await emitAck(socket, 'node:register', node(serviceId))).toMatchObject({ ok: true });
    return socket;
  };

  beforeAll(async () => {
    h = await startNetwork();
    admin = h.admin;
  });
  afterAll(async () => {
    for (const socket of sockets) await closed(socket);
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await h?.close();
  });

  it('1. boots with the three default policies', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
    // §13.6: what the service is, its endpoints and its socket events.
    const bootstrap = (await h.app.inject({ method: 'GET', url: '/api/bootstrap/service' })).json();
    expect(bootstrap).toMatchObject({
      service: 'network',
      endpoints: { registry: '/api/registry', events: '/api/events', websocket: '/' },
      docsUrls: { openapi: '/docs/openapi.json' },
    });
    expect(bootstrap.websocketEvents.client).toHaveLength(8);
    expect(bootstrap.websocketEvents.server).toHaveLength(6);
    const res = await req('GET', '/api/policies');
    expect(
      res
        .json()
        .policies.map((p: { name: string; priority: number; enabled: boolean }) => [p.name, p.priority, p.enabled]),
    ).toEqual([
      ['allow-intra', 100, true],
      ['log-inter', 90, true],
      ['log-extra', 90, true],
    ]);
  });

  it('3. refuses invalid input with 400', async () => {
    for (const [url, body] of [
      ['/api/registry/nodes', { ...node('robot-1'), type: 'robot' }],
      ['/api/events', { payload: { type: 'a.b', data: 1 }, source: 'x' }],
      ['/api/events', { payload: { type: 'a.b', data: 1 }, source: 'x', runId: 'r', boundary: 'outer' }],
      ['/api/registry/nodes', { ...node('extra-1'), surprise: true }],
      ['/api/registry/contracts', { from: 'a', to: 'b', allowedEventTypes: [], boundaries: ['intra'] }],
      ['/api/registry/contracts', { from: 'a', to: 'b', allowedEventTypes: ['x'], boundaries: ['outer'] }],
      [
        '/api/policies',
        {
          name: 'p',
          priority: 1,
          conditions: [{ field: 'source', operator: 'regex', value: '(a+)+$' }],
          action: { type: 'allow' },
        },
      ],
      ['/api/policies', { name: 'p', priority: 1, conditions: [], action: { type: 'route', to: '' } }],
    ] as const) {
      const res = await req('POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().code).toMatch(/validation_failed|invalid_/);
    }
  });

  it('4. creates the automatic service contracts', async () => {
    await registerNode('messaging');
    await registerNode('assistants');
    const contracts = (await req('GET', '/api/registry/contracts')).json().contracts as Array<Record<string, unknown>>;
    for (const [from, to] of [
      ['messaging', 'assistants'],
      ['assistants', 'messaging'],
      ['assistants', '*'],
    ])
      expect(contracts).toContainEqual(expect.objectContaining({ from, to, boundaries: ['intra', 'inter'] }));
    await req('DELETE', '/api/registry/nodes/messaging');
    await req('DELETE', '/api/registry/nodes/assistants');
  });

  it('7. drops an event whose boundary no contract lists', async () => {
    await registerNode('messaging');
    await registerNode('assistants');
    const { trace } = await send({
      payload: { type: 'message.new', data: {} },
      source: 'messaging',
      boundary: 'extra',
    });
    expect(trace).toMatchObject({ status: 'dropped', error: 'No valid targets for event' });
  });

  it('8. an explicit target needs a contract (network W2, W3)', async () => {
    const catalog = await serviceSocket('catalog');
    const runtime = await serviceSocket('runtime');
    const received = record(runtime, 'event:received');
    const ack = await emitAck(catalog, 'event:send', {
      payload: { type: 'catalog.changed', data: {} },
      source: 'catalog',
      target: 'runtime',
      runId: 'r8',
    });
    expect(ack).toMatchObject({ ok: true, trace: { status: 'dropped' } });
    expect((ack.trace as { error: string }).error).toMatch(/^No contract permits/);
    await settle(runtime);
    expect(received.seen).toEqual([]);
  });

  it('9. a deny policy drops the event with one drop hop on the source, and a watcher sees it once', async () => {
    await registerNode('untrusted-x');
    await registerNode('sink-9');
    await contract('untrusted-x', 'sink-9', ['*']);
    const created = await req('POST', '/api/policies', {
      name: 'deny-untrusted',
      priority: 150,
      conditions: [{ field: 'source', operator: 'startsWith', value: 'untrusted-' }],
      action: { type: 'deny', reason: 'untrusted' },
    });
    expect(created.statusCode).toBe(201);
    const policyId = created.json().id as string;
    const watcher = await connect(admin.token);
    const watch = await emitAck(watcher, 'sdn:watch', { runId: 'run-9' });
    expect(watch).toMatchObject({ ok: true });
    const events = record<{ trace: { status: string }; subscriptionId: string }>(watcher, 'sdn:event');

    const { trace } = await send({ payload: { type: 'x.y', data: {} }, source: 'untrusted-x', runId: 'run-9' });
    expect(trace).toMatchObject({ status: 'dropped', error: 'untrusted' });
    expect(trace.path).toEqual([expect.objectContaining({ node: 'untrusted-x', action: 'drop', policyId })]);
    const [seen] = await events.waitFor(1);
    expect(seen).toMatchObject({ trace: { status: 'dropped' }, subscriptionId: watch.subscriptionId });
    await settle(watcher);
    expect(events.seen).toHaveLength(1);
    await req('DELETE', `/api/policies/${policyId}`);
  });

  it('9b. a denied event never reaches an explicit target, even one with a contract (network W2)', async () => {
    await registerNode('untrusted-y');
    const target = await connect(admin.token);
    expect(await emitAck(target, 'node:register', node('deny-target', 'sandbox'))).toMatchObject({ ok: true });
    const received = record(target, 'event:received');
    await contract('untrusted-y', 'deny-target', ['*']);
    const policy = await req('POST', '/api/policies', {
      name: 'deny-untrusted-y',
      priority: 150,
      conditions: [{ field: 'source', operator: 'eq', value: 'untrusted-y' }],
      action: { type: 'deny' },
    });
    const { trace } = await send({ payload: { type: 'x.y', data: {} }, source: 'untrusted-y', target: 'deny-target' });
    expect(trace).toMatchObject({ status: 'dropped', error: 'Denied by policy' });
    await settle(target);
    expect(received.seen).toEqual([]);
    await req('DELETE', `/api/policies/${policy.json().id}`);
  });

  it('10. a route policy delivers only to its target, re-signed', async () => {
    await registerNode('auditee');
    await registerNode('bystander');
    const auditor = await connect(admin.token);
    expect(await emitAck(auditor, 'node:register', node('auditor', 'sandbox'))).toMatchObject({ ok: true });
    const received = record<Record<string, unknown>>(auditor, 'event:received');
    await contract('auditee', 'bystander', ['audit.*']);
    const policy = await req('POST', '/api/policies', {
      name: 'audit-route',
      priority: 200,
      conditions: [{ field: 'eventType', operator: 'eq', value: 'audit.sensitive' }],
      action: { type: 'route', to: 'auditor' },
    });
    const { trace } = await send({ payload: { type: 'audit.sensitive', data: { a: 1 } }, source: 'auditee' });
    expect(trace.status).toBe('delivered');
    expect(trace.path).toEqual([expect.objectContaining({ node: 'auditor', action: 'forward' })]);
    const [event] = await received.waitFor(1);
    expect((event as { wrapper: { target: string } }).wrapper.target).toBe('auditor');
    expect(createEnvelopeVerifier({ secret: h.hashSecret }).verify(event)).toMatchObject({ ok: true });
    await req('DELETE', `/api/policies/${policy.json().id}`);
  });

  it('11. an unknown source is routed to an error trace', async () => {
    const { trace } = await send({ payload: { type: 'a.b', data: {} }, source: 'ghost' });
    expect(trace).toMatchObject({ status: 'error', error: 'Source node not found: ghost' });
  });

  it('12. HTTP delivery: a 500 answer is a drop; the request carried the event headers', async () => {
    const requests: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      requests.push(request.headers);
      request.resume();
      request.on('end', () => response.writeHead(500).end());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await registerNode('http-src');
    await registerNode('http-sink', 'sandbox', `http://127.0.0.1:${port}/api/network/receive`);
    await contract('http-src', 'http-sink', ['*']);
    const { eventId, trace } = await send({ payload: { type: 'h.t', data: {} }, source: 'http-src', runId: 'run-12' });
    expect(trace.status).toBe('dropped');
    expect(trace.path).toEqual([expect.objectContaining({ node: 'http-sink', action: 'drop' })]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ 'x-symbia-event-id': eventId, 'x-symbia-run-id': 'run-12' });
    expect(requests[0]!['x-symbia-event-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('12b. HTTP delivery never reaches link-local or metadata addresses (network W11)', async () => {
    await registerNode('meta-src');
    await registerNode('meta-sink', 'sandbox', 'http://169.254.169.254/latest/meta-data');
    await contract('meta-src', 'meta-sink', ['*']);
    const { trace } = await send({ payload: { type: 'h.t', data: {} }, source: 'meta-src' });
    expect(trace).toMatchObject({ status: 'dropped' });
  });

  it('14. an expired contract is not used and goes at the next sweep', async () => {
    await registerNode('exp-src');
    await registerNode('exp-sink');
    const { id } = await contract('exp-src', 'exp-sink', ['*'], {
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const { trace } = await send({ payload: { type: 'a.b', data: {} }, source: 'exp-src' });
    expect(trace).toMatchObject({ status: 'dropped', error: 'No valid targets for event' });
    h.fabric.sweep();
    const contracts = (await req('GET', '/api/registry/contracts?nodeId=exp-src')).json().contracts as Array<{
      id: string;
    }>;
    expect(contracts.map((c) => c.id)).not.toContain(id);
  });

  it('16. watch permissions, run filter, one notification per event, gone after disconnect', async () => {
    const anonymous = await connect();
    expect(await emitAck(anonymous, 'sdn:watch', {})).toMatchObject({ ok: false, error: 'authentication_required' });
    const plain = await h.registerOrgUser('Watch Org');
    expect(await emitAck(await connect(plain.token), 'sdn:watch', {})).toMatchObject({
      ok: false,
      error: 'insufficient_permissions',
      requiredPermission: 'cap:network.events.read',
    });
    const reader = await h.grant(plain, 'cap:network.events.read', 'cap:network.events.write');
    const socket = await connect(reader.token);
    const clientId = uniqueId('client-');
    expect(await emitAck(socket, 'node:register', node(clientId, 'client'))).toMatchObject({ ok: true });
    const before = h.watches.size;
    const watch = await emitAck(socket, 'sdn:watch', { runId: 'r1' });
    expect(watch).toMatchObject({ ok: true });
    const events = record<{ event: { wrapper: { runId: string } }; subscriptionId: string }>(socket, 'sdn:event');
    for (const runId of ['r1', 'r2', 'r1'])
      expect(
        await emitAck(socket, 'event:send', { payload: { type: 'c.d', data: {} }, source: clientId, runId }),
      ).toMatchObject({ ok: true });
    await events.waitFor(2);
    await settle(socket);
    expect(events.seen).toHaveLength(2);
    for (const seen of events.seen)
      expect(seen).toMatchObject({ subscriptionId: watch.subscriptionId, event: { wrapper: { runId: 'r1' } } });
    // Only the owning socket removes a subscription.
    expect(await emitAck(await connect(admin.token), 'sdn:unwatch', { subscriptionId: watch.subscriptionId })).toEqual({
      ok: false,
    });
    await closed(socket);
    await expect.poll(() => h.watches.size).toBe(before);
  });

  it('17. entity routing follows the binding and ends with the socket', async () => {
    await registerNode('ent-src');
    await contract('ent-src', '*', ['*']);
    const a = await connect(admin.token);
    const b = await connect(admin.token);
    expect(await emitAck(a, 'node:register', { ...node('node-a', 'client'), entityId: 'ent_abc' })).toMatchObject({
      ok: true,
    });
    const atA = record(a, 'event:received');
    const toEntity = { payload: { type: 'e.t', data: {} }, source: 'ent-src', targetEntityId: 'ent_abc' };
    expect((await send(toEntity)).trace.status).toBe('delivered');
    await atA.waitFor(1);
    expect(await emitAck(b, 'node:register', { ...node('node-b', 'client'), entityId: 'ent_abc' })).toMatchObject({
      ok: true,
    });
    expect(h.fabric.registry.get('node-a')?.entityId).toBeUndefined();
    const atB = record(b, 'event:received');
    expect((await send(toEntity)).trace.path).toEqual([expect.objectContaining({ node: 'node-b', action: 'deliver' })]);
    await atB.waitFor(1);
    await closed(b);
    await expect.poll(() => h.fabric.registry.get('node-b')?.entityId).toBeUndefined();
    expect((await send(toEntity)).trace).toMatchObject({
      status: 'dropped',
      error: 'Target entity not connected: ent_abc',
    });
  });

  it('hides another org’s nodes, events and topology (§12.4, network W10)', async () => {
    const caps = [
      'cap:network.events.read',
      'cap:network.events.write',
      'cap:network.topology.read',
      'cap:network.traces.read',
    ];
    const alice = await h.grant(await h.registerOrgUser('Tenant A'), ...caps);
    const bob = await h.grant(await h.registerOrgUser('Tenant B'), ...caps);
    const aliceSocket = await connect(alice.token);
    const aliceNode = uniqueId('client-a-');
    await emitAck(aliceSocket, 'node:register', node(aliceNode, 'client'));
    const sent = await emitAck(aliceSocket, 'event:send', {
      payload: { type: 'secret.thing', data: { s: 1 } },
      source: aliceNode,
      runId: 'tenant-run',
    });
    const eventId = sent.eventId as string;
    expect((await req('GET', `/api/registry/nodes/${aliceNode}`, undefined, bob)).statusCode).toBe(404);
    expect((await req('GET', `/api/registry/nodes/${aliceNode}`, undefined, alice)).statusCode).toBe(200);
    const bobNodes = (await req('GET', '/api/registry/nodes', undefined, bob)).json().nodes as Array<{ id: string }>;
    expect(bobNodes.map((n) => n.id)).not.toContain(aliceNode);
    const bobEvents = (await req('GET', '/api/events?runId=tenant-run', undefined, bob)).json();
    expect(bobEvents.count).toBe(0);
    const aliceEvents = (await req('GET', '/api/events?runId=tenant-run', undefined, alice)).json();
    expect(aliceEvents.count).toBe(1);
    // Observers get no MAC to replay to another receiver; operators do.
    expect(aliceEvents.events[0].event.hash).toBe('');
    const adminEvents = (await req('GET', '/api/events?runId=tenant-run')).json();
    expect(adminEvents.events[0].event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await req('GET', `/api/events/${eventId}/trace`, undefined, bob)).statusCode).toBe(404);
    const topology = (await req('GET', '/api/sdn/topology', undefined, bob)).json() as { nodes: Array<{ id: string }> };
    expect(topology.nodes.map((n) => n.id)).not.toContain(aliceNode);
    const bobSocket = await connect(bob.token);
    const bobTopology = (await emitAck(bobSocket, 'sdn:topology')) as unknown as { nodes: Array<{ id: string }> };
    expect(bobTopology.nodes.map((n) => n.id)).not.toContain(aliceNode);
    // Bob's watch sees nothing of Alice's traffic.
    await emitAck(bobSocket, 'sdn:watch', {});
    const bobSeen = record(bobSocket, 'sdn:event');
    await emitAck(aliceSocket, 'event:send', {
      payload: { type: 'x.y', data: {} },
      source: aliceNode,
      runId: 'tenant-run',
    });
    await settle(bobSocket);
    expect(bobSeen.seen).toEqual([]);
    // And Bob cannot heartbeat or delete Alice's node.
    expect((await req('POST', `/api/registry/nodes/${aliceNode}/heartbeat`, undefined, bob)).statusCode).toBe(404);
    expect((await req('DELETE', `/api/registry/nodes/${aliceNode}`, undefined, bob)).statusCode).toBe(404);
  });

  it('18. simulation is side-effect free and hands out no signature', async () => {
    await registerNode('sim-src');
    await registerNode('sim-sink');
    await contract('sim-src', 'sim-sink', ['*']);
    const policy = await req('POST', '/api/policies', {
      name: 'deny-sim',
      priority: 300,
      conditions: [{ field: 'source', operator: 'eq', value: 'sim-src' }],
      action: { type: 'deny' },
    });
    const stats = (await req('GET', '/api/events/stats')).json();
    const res = await req('POST', '/api/sdn/simulate', {
      payload: { type: 'a.b', data: {} },
      source: 'sim-src',
      runId: 's',
    });
    expect(res.json()).toMatchObject({ wouldSucceed: false, event: { hash: '' } });
    expect(res.json().reasons).toContain(`Denied by policy: ${policy.json().id}`);
    expect((await req('GET', '/api/events/stats')).json()).toEqual(stats);
    await req('DELETE', `/api/policies/${policy.json().id}`);
  });
});

describe('platform health (network.md §11, §18 scenario 20)', () => {
  it('20. reports 503 degraded with messaging unreachable', async () => {
    const healthy = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
    );
    await new Promise<void>((resolve) => healthy.listen(0, '127.0.0.1', resolve));
    const up = `http://127.0.0.1:${(healthy.address() as AddressInfo).port}`;
    const h = await startNetwork({
      LOGGING_SERVICE_URL: up,
      CATALOG_SERVICE_URL: up,
      RUNTIME_SERVICE_URL: up,
      ASSISTANTS_SERVICE_URL: up,
      MESSAGING_SERVICE_URL: 'http://127.0.0.1:9',
    });
    try {
      const res = await h.app.inject({ method: 'GET', url: '/api/platform/health', headers: h.admin.headers });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ platform: 'degraded', summary: '5/6 services healthy' });
      expect(res.json().services).toContainEqual(
        expect.objectContaining({ serviceId: 'messaging', status: 'unreachable' }),
      );
    } finally {
      await h.close();
      await new Promise((resolve) => healthy.close(resolve));
    }
  });

  it('is public in development and needs a principal elsewhere', async () => {
    const h = await startNetwork({ NODE_ENV: 'development', MESSAGING_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const res = await h.app.inject({ method: 'GET', url: '/api/platform/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json().platform).toBe('degraded');
    } finally {
      await h.close();
    }
  });
});
