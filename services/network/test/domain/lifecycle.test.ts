import { describe, expect, it } from 'vitest';
import type { FabricChange } from '../../src/domain/index.js';
import { makeFabric } from './fabric-fixture.js';

describe('sweep (docs/spec/network.md §5.1)', () => {
  it('removes stale nodes with their contracts, spares seed nodes and heartbeating ones (§18 scenario 13)', () => {
    const { fabric, clock, owner, addNode } = makeFabric({ nodeTimeoutMs: 1_000 });
    addNode('stale');
    addNode('alive');
    fabric.registry.register(
      { id: 'seeded', name: 'seeded', type: 'service', capabilities: [], endpoint: '' },
      owner('system:seed'),
      { seedExempt: true },
    );
    fabric.contracts.create({ from: 'stale', to: 'alive', allowedEventTypes: ['*'], boundaries: ['intra'] });
    clock.value += 800;
    fabric.registry.heartbeat('alive');
    clock.value += 800;
    const result = fabric.sweep();
    expect(result).toEqual({ removedNodes: ['stale'], removedContracts: [] });
    expect(fabric.registry.list().map((n) => n.id)).toEqual(['alive', 'seeded']);
    expect(fabric.contracts.list()).toEqual([]);
  });
});

describe('bridges (docs/spec/network.md §3.3: delivered, not inventory only)', () => {
  it('delivers extra-boundary events of an active bridge’s types to its endpoint as an extra target', async () => {
    const { fabric, deliveries, addNode } = makeFabric();
    addNode('integrations');
    addNode('logging');
    fabric.contracts.create({ from: 'integrations', to: 'logging', allowedEventTypes: ['*'], boundaries: ['extra'] });
    const bridge = fabric.bridges.create({
      name: 'slack',
      type: 'webhook',
      endpoint: 'https://hooks.example.test/in',
      eventTypes: ['alert.*'],
    });
    const { event, trace } = await fabric.route({
      payload: { type: 'alert.fired', data: {} },
      source: 'integrations',
      runId: 'r',
      boundary: 'extra',
    });
    expect(trace.path.map((hop) => [hop.node, hop.action])).toEqual([
      ['logging', 'deliver'],
      [`bridge:${bridge.id}`, 'deliver'],
    ]);
    expect(deliveries[1]).toMatchObject({ nodeId: `bridge:${bridge.id}` });
    expect(deliveries[1]!.event).toBe(event);

    // Not for other boundaries or types, nor once inactive.
    await fabric.route({ payload: { type: 'alert.fired', data: {} }, source: 'integrations', runId: 'r' });
    await fabric.route({ payload: { type: 'other', data: {} }, source: 'integrations', runId: 'r', boundary: 'extra' });
    fabric.bridges.setActive(bridge.id, false);
    await fabric.route({
      payload: { type: 'alert.x', data: {} },
      source: 'integrations',
      runId: 'r',
      boundary: 'extra',
    });
    expect(deliveries.filter((d) => d.nodeId.startsWith('bridge:'))).toHaveLength(1);
  });

  it('refuses unknown bridges', () => {
    const { fabric } = makeFabric();
    expect(() => fabric.bridges.setActive('nope', true)).toThrow(expect.objectContaining({ code: 'bridge_not_found' }));
    expect(() => fabric.bridges.delete('nope')).toThrow(expect.objectContaining({ code: 'bridge_not_found' }));
  });
});

describe('changes and replay (one apply path)', () => {
  it('emits every local mutation, and a second fabric that applies them routes the same way', async () => {
    const one = makeFabric();
    const two = makeFabric();
    const changes: FabricChange[] = [];
    one.fabric.onChange((change) => changes.push(JSON.parse(JSON.stringify(change)) as FabricChange));
    one.addNode('messaging');
    one.addNode('assistants');
    one.fabric.registry.attachSocket('assistants', 'sock-1');
    one.fabric.registry.bindEntity('assistants', 'ent_a');
    one.fabric.policies.create({ name: 'p', priority: 1, conditions: [], action: { type: 'allow' } });
    one.fabric.bridges.create({ name: 'b', type: 'webhook', endpoint: 'https://x.test', eventTypes: ['*'] });
    one.fabric.registry.heartbeat('messaging');
    expect(changes.map((c) => c.kind)).toEqual([
      'node.upsert',
      'contract.create',
      'node.upsert',
      'contract.create',
      'contract.create',
      'node.socket.attach',
      'entity.bind',
      'policy.put',
      'bridge.put',
      'node.heartbeat',
    ]);
    for (const change of changes) two.fabric.apply(change);
    expect(two.fabric.views.topology().nodes).toEqual(one.fabric.views.topology().nodes);
    expect(two.fabric.contracts.list()).toEqual(one.fabric.contracts.list());
    expect(two.fabric.policies.list()).toEqual(one.fabric.policies.list());
    expect(two.fabric.registry.socketReplicaOf('assistants')).toBe(one.fabric.replicaId);
    const { trace } = await two.fabric.route({
      payload: { type: 'message.new', data: {} },
      source: 'messaging',
      runId: 'r',
    });
    expect(trace.path.map((hop) => hop.node)).toEqual(['assistants']);
  });

  it('does not emit changes applied from elsewhere, and is idempotent', () => {
    const { fabric, addNode } = makeFabric();
    const other = makeFabric();
    const emitted: FabricChange[] = [];
    other.fabric.onChange((change) => emitted.push(change));
    const changes: FabricChange[] = [];
    fabric.onChange((change) => changes.push(change));
    addNode('messaging');
    fabric.registry.unregister('messaging');
    for (const change of [...changes, ...changes]) other.fabric.apply(change);
    expect(emitted).toEqual([]);
    expect(other.fabric.registry.list()).toEqual([]);
  });

  it('a snapshot replaces the whole state of a joining replica', () => {
    const one = makeFabric();
    one.addNode('messaging');
    one.fabric.registry.attachSocket('messaging', 's1');
    one.fabric.policies.delete('policy_default_log_extra');
    const two = makeFabric();
    two.addNode('local-only');
    two.fabric.loadSnapshot(JSON.parse(JSON.stringify(one.fabric.snapshot())));
    expect(two.fabric.registry.list()).toEqual(one.fabric.registry.list());
    expect(two.fabric.registry.nodesOnSocket('s1')).toEqual(['messaging']);
    expect(two.fabric.policies.list().map((p) => p.name)).toEqual(['allow-intra', 'log-inter']);
  });
});
