import { describe, expect, it } from 'vitest';
import { makeFabric } from './fabric-fixture.js';

const send = (type: string, source: string, extra: Record<string, unknown> = {}) => ({
  payload: { type, data: { text: 'hello', secret: 's' } },
  source,
  runId: 'run-1',
  ...extra,
});

describe('routing (docs/spec/network.md §7)', () => {
  it('broadcasts along a prefix contract, appends the target to the path and signs the envelope', async () => {
    const { fabric, signer, deliveries, addNode } = makeFabric();
    addNode('messaging');
    addNode('assistants');
    const { event, trace } = await fabric.route(send('message.edited', 'messaging'));
    expect(trace.status).toBe('delivered');
    expect(trace.path.map((hop) => [hop.node, hop.action])).toEqual([['assistants', 'deliver']]);
    expect(event.wrapper.path).toEqual(['messaging', 'assistants']);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.path).toEqual(['messaging', 'assistants']);
    expect(signer.matches(event)).toBe(true);
    expect(event.wrapper.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops an event whose boundary no contract lists', async () => {
    const { fabric, deliveries, addNode } = makeFabric();
    addNode('messaging');
    addNode('assistants');
    const { trace } = await fabric.route(send('message.new', 'messaging', { boundary: 'extra' }));
    expect(trace).toMatchObject({ status: 'dropped', error: 'No valid targets for event' });
    expect(deliveries).toHaveLength(0);
  });

  it('does not deliver to an explicit target without a contract (network W3)', async () => {
    const { fabric, deliveries, addNode } = makeFabric();
    addNode('catalog');
    addNode('runtime', 'sandbox');
    const { trace } = await fabric.route(send('catalog.updated', 'catalog', { target: 'runtime' }));
    expect(trace.status).toBe('dropped');
    expect(trace.error).toBe('No contract permits catalog.updated from catalog to runtime');
    expect(deliveries).toHaveLength(0);
  });

  it('delivers to an explicit target through a `*` contract, never back to the source', async () => {
    const { fabric, deliveries, addNode } = makeFabric();
    addNode('catalog');
    addNode('runtime', 'sandbox');
    fabric.contracts.create({ from: 'catalog', to: '*', allowedEventTypes: ['catalog.*'], boundaries: ['intra'] });
    expect((await fabric.route(send('catalog.updated', 'catalog', { target: 'runtime' }))).trace.status).toBe(
      'delivered',
    );
    expect((await fabric.route(send('catalog.updated', 'catalog', { target: 'catalog' }))).trace.status).toBe(
      'dropped',
    );
    expect(deliveries.map((d) => d.nodeId)).toEqual(['runtime']);
  });

  it('expands `*` to every node but the source, de-duplicated in order', async () => {
    const { fabric, deliveries, addNode } = makeFabric();
    for (const id of ['hub', 'a', 'b', 'c']) addNode(id);
    fabric.contracts.create({ from: 'hub', to: 'b', allowedEventTypes: ['x.y'], boundaries: ['intra'] });
    fabric.contracts.create({ from: 'hub', to: '*', allowedEventTypes: ['*'], boundaries: ['intra'] });
    const { trace } = await fabric.route(send('x.y', 'hub'));
    expect(trace.path.map((hop) => hop.node)).toEqual(['b', 'a', 'c']);
    expect(deliveries.map((d) => d.nodeId)).toEqual(['b', 'a', 'c']);
  });

  it('reports an unknown source as an error trace', async () => {
    const { fabric } = makeFabric();
    const { trace } = await fabric.route(send('x.y', 'ghost'));
    expect(trace).toMatchObject({ status: 'error', error: 'Source node not found: ghost', path: [] });
  });

  it('ignores a contract whose expiry has passed, comparing instants not strings (network W15)', async () => {
    const { fabric, clock, deliveries, addNode } = makeFabric();
    addNode('a');
    addNode('b');
    // Same instant written with an offset: as strings it sorts after the UTC form of "now".
    const contract = fabric.contracts.create({
      from: 'a',
      to: 'b',
      allowedEventTypes: ['t.*'],
      boundaries: ['intra'],
      expiresAt: '2026-12-07T13:00:01.000+01:00',
    });
    expect(contract.expiresAt).toBe('2026-12-07T12:00:01.000Z');
    expect((await fabric.route(send('t.x', 'a'))).trace.status).toBe('delivered');
    clock.value += 1_000;
    expect((await fabric.route(send('t.x', 'a'))).trace.status).toBe('dropped');
    expect(deliveries).toHaveLength(1);
    expect(fabric.sweep().removedContracts).toEqual([contract.id]);
    expect(fabric.contracts.list()).toEqual([]);
  });

  it('records a drop hop for an unknown target and a failed delivery, and delivered only on a real delivery', async () => {
    const { fabric, failing, addNode } = makeFabric();
    addNode('a');
    addNode('b');
    fabric.contracts.create({ from: 'a', to: 'ghost', allowedEventTypes: ['*'], boundaries: ['intra'] });
    fabric.contracts.create({ from: 'a', to: 'b', allowedEventTypes: ['*'], boundaries: ['intra'] });
    failing.add('b');
    const { event, trace } = await fabric.route(send('t', 'a'));
    expect(trace.path.map((hop) => [hop.node, hop.action])).toEqual([
      ['ghost', 'drop'],
      ['b', 'drop'],
    ]);
    expect(trace.path[0]!.policyId).toBeUndefined();
    expect(trace.status).toBe('dropped');
    expect(event.wrapper.path).toEqual(['a', 'b']);
  });

  it('turns a throwing deliverer into a drop hop and keeps delivering to the others', async () => {
    const { fabric, deliveries, addNode, logs } = makeFabric();
    addNode('a');
    addNode('b');
    addNode('c');
    fabric.contracts.create({ from: 'a', to: '*', allowedEventTypes: ['*'], boundaries: ['intra'] });
    const original = deliveries.push.bind(deliveries);
    let first = true;
    deliveries.push = (...items) => {
      if (first) {
        first = false;
        throw new Error('socket gone');
      }
      return original(...items);
    };
    const { trace } = await fabric.route(send('t', 'a'));
    expect(trace.path.map((hop) => hop.action)).toEqual(['drop', 'deliver']);
    expect(trace.status).toBe('delivered');
    expect(logs.some((log) => log.message === 'network.event.delivery_failed')).toBe(true);
  });

  it('notifies the trace listener exactly once per routed event (network W13)', async () => {
    const { fabric, finished, addNode } = makeFabric();
    addNode('messaging');
    addNode('assistants');
    await fabric.route(send('message.new', 'messaging'));
    await fabric.route(send('nothing', 'ghost'));
    expect(finished.map((f) => f.status)).toEqual(['delivered', 'error']);
  });

  it('routes by target entity, following a rebinding and failing after the socket leaves (§18 scenario 17)', async () => {
    const { fabric, deliveries, addNode } = makeFabric();
    addNode('sender');
    addNode('a', 'client');
    addNode('b', 'client');
    fabric.contracts.create({ from: 'sender', to: '*', allowedEventTypes: ['*'], boundaries: ['intra'] });
    fabric.registry.attachSocket('b', 'socket-b');
    fabric.registry.bindEntity('a', 'ent_abc');
    await fabric.route(send('hi', 'sender', { targetEntityId: 'ent_abc' }));
    fabric.registry.bindEntity('b', 'ent_abc');
    expect(fabric.registry.get('a')?.entityId).toBeUndefined();
    await fabric.route(send('hi', 'sender', { targetEntityId: 'ent_abc' }));
    expect(deliveries.map((d) => d.nodeId)).toEqual(['a', 'b']);
    expect(fabric.registry.detachSocket('socket-b')).toEqual(['b']);
    const { trace } = await fabric.route(send('hi', 'sender', { targetEntityId: 'ent_abc' }));
    expect(trace).toMatchObject({ status: 'dropped', error: 'Target entity not connected: ent_abc' });
    expect(fabric.registry.get('b')?.socketId).toBeUndefined();
  });
});
