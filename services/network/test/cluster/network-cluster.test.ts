import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEnvelopeSigner, type NetworkNode, type SandboxEvent } from '@symbia/relay';
import { connectNetworkCluster, type LocalSocketDeliverer } from '../../src/cluster/index.js';
import { createNetworkFabric, type EventDeliverer, type NetworkFabric } from '../../src/domain/index.js';

// Real NATS (DESIGN §8; CI and this machine run it on 127.0.0.1:4222). Each test uses its own subject prefix.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const secret = randomBytes(32);
const signer = createEnvelopeSigner(secret);
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** One replica: a fabric, a stand-in for its Socket.IO server (which node ids have a socket here) and NATS. */
async function startReplica(prefix: string, name: string) {
  const socketsHere = new Set<string>();
  const received: Array<{ nodeId: string; event: SandboxEvent }> = [];
  const local: LocalSocketDeliverer = {
    deliverToSocket(nodeId, event) {
      if (!socketsHere.has(nodeId)) return false;
      received.push({ nodeId, event: structuredClone(event) });
      return true;
    },
    deliver(node: NetworkNode, event: SandboxEvent) {
      // No HTTP endpoint in these tests: a node is reached only through a socket.
      return Promise.resolve(node.socketId !== undefined && this.deliverToSocket(node.id, event));
    },
  };
  const cluster = await connectNetworkCluster({
    url: NATS_URL,
    subjectPrefix: prefix,
    signer,
    name,
    snapshotTimeoutMs: 300,
  });
  closers.push(() => cluster.close());
  let wrapped: EventDeliverer | undefined = undefined;
  const fabric: NetworkFabric = createNetworkFabric({
    signer,
    limits: { maxEventHistory: 100, maxTraceHistory: 100, nodeTimeoutMs: 90_000 },
    deliverer: { deliver: (node, event) => wrapped!.deliver(node, event) },
  });
  wrapped = cluster.wrapDeliverer(local, () => fabric);
  const { joinedExisting } = await cluster.join(fabric);
  const attach = (nodeId: string) => {
    socketsHere.add(nodeId);
    return fabric.registry.register(
      { id: nodeId, name: nodeId, type: 'service', capabilities: [], endpoint: '' },
      { key: `service:${nodeId}` },
      { socketId: `${name}-socket-${nodeId}` },
    );
  };
  return { fabric, received, attach, joinedExisting, close: () => cluster.close() };
}

/** Waits until `check` holds (changes travel asynchronously); fails after a generous bound, never asserts timing. */
async function eventually(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('network cluster over NATS', () => {
  it('starts the first replica without a snapshot and shares a change made on A with B', async () => {
    const prefix = `test.${randomUUID()}`;
    const a = await startReplica(prefix, 'a');
    const b = await startReplica(prefix, 'b');
    expect([a.joinedExisting, b.joinedExisting]).toEqual([false, true]);
    a.fabric.registry.register(
      { id: 'catalog', name: 'catalog', type: 'service', capabilities: [], endpoint: '' },
      { key: 'service:catalog' },
    );
    const policy = a.fabric.policies.create({ name: 'p', priority: 5, conditions: [], action: { type: 'allow' } });
    await eventually(
      () => b.fabric.registry.get('catalog') !== undefined && b.fabric.policies.get(policy.id) !== undefined,
    );
    b.fabric.registry.unregister('catalog');
    await eventually(() => a.fabric.registry.get('catalog') === undefined);
  });

  it('delivers an event routed through B to a node whose socket is on A', async () => {
    const prefix = `test.${randomUUID()}`;
    const a = await startReplica(prefix, 'a');
    const b = await startReplica(prefix, 'b');
    a.attach('assistants');
    b.attach('messaging');
    // messaging → assistants is one of the automatic service contracts (§5.2).
    await eventually(
      () => b.fabric.registry.get('assistants') !== undefined && a.fabric.registry.get('messaging') !== undefined,
    );
    await eventually(() => b.fabric.contracts.list().some((c) => c.from === 'messaging' && c.to === 'assistants'));
    const { event, trace } = await b.fabric.route({
      payload: { type: 'message.new', data: { text: 'hi' } },
      source: 'messaging',
      runId: 'r1',
    });
    expect(trace.status).toBe('delivered');
    expect(trace.path.map((hop) => [hop.node, hop.action])).toEqual([['assistants', 'deliver']]);
    expect(a.received.map((r) => [r.nodeId, r.event.wrapper.id])).toEqual([['assistants', event.wrapper.id]]);
    expect(signer.matches(a.received[0]!.event)).toBe(true);
  });

  it('records a drop when the replica holding the socket is gone', async () => {
    const prefix = `test.${randomUUID()}`;
    const a = await startReplica(prefix, 'a');
    const b = await startReplica(prefix, 'b');
    a.attach('assistants');
    b.attach('messaging');
    await eventually(() => b.fabric.contracts.list().some((c) => c.from === 'messaging' && c.to === 'assistants'));
    await a.close();
    const { trace } = await b.fabric.route({
      payload: { type: 'message.new', data: {} },
      source: 'messaging',
      runId: 'r',
    });
    expect(trace.status).toBe('dropped');
    expect(trace.path.map((hop) => hop.action)).toEqual(['drop']);
  });

  it('gives a late-joining replica the current state through a snapshot', async () => {
    const prefix = `test.${randomUUID()}`;
    const a = await startReplica(prefix, 'a');
    a.attach('assistants');
    a.fabric.policies.delete('policy_default_log_extra');
    const late = await startReplica(prefix, 'late');
    expect(late.joinedExisting).toBe(true);
    expect(late.fabric.registry.list()).toEqual(a.fabric.registry.list());
    expect(late.fabric.policies.list().map((p) => p.name)).toEqual(['allow-intra', 'log-inter']);
    expect(late.fabric.registry.socketReplicaOf('assistants')).toBe(a.fabric.replicaId);
  });
});
