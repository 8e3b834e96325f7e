import { describe, expect, it } from 'vitest';
import { isNetworkDomainError, parseNodeRegistration } from '../../src/domain/index.js';
import { makeFabric, T0 } from './fabric-fixture.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isNetworkDomainError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
};

const registration = (id: string, extra: Record<string, unknown> = {}) =>
  parseNodeRegistration({ id, name: id, type: 'client', capabilities: ['chat'], endpoint: 'http://x.test', ...extra });

describe('registry (docs/spec/network.md §5, §6, §12.3)', () => {
  it('registers with registeredAt == lastHeartbeat and heartbeats later', () => {
    const { fabric, clock, owner } = makeFabric();
    const { node, created } = fabric.registry.register(registration('n1'), owner('user:1'));
    expect(created).toBe(true);
    expect(node.registeredAt).toBe(new Date(T0).toISOString());
    expect(node.lastHeartbeat).toBe(node.registeredAt);
    clock.value += 5_000;
    fabric.registry.heartbeat('n1', owner('user:1'));
    expect(fabric.registry.get('n1')?.lastHeartbeat).toBe(new Date(T0 + 5_000).toISOString());
  });

  it('refuses heartbeat, unregister and re-registration by another owner (network W1)', () => {
    const { fabric, owner } = makeFabric();
    fabric.registry.register(registration('n1'), owner('user:1'));
    expect(codeOf(() => fabric.registry.heartbeat('n1', owner('user:2')))).toBe('node_owned_by_another');
    expect(codeOf(() => fabric.registry.unregister('n1', owner('user:2')))).toBe('node_owned_by_another');
    expect(codeOf(() => fabric.registry.register(registration('n1'), owner('user:2')))).toBe('node_owned_by_another');
    expect(codeOf(() => fabric.registry.heartbeat('ghost'))).toBe('node_not_found');
    expect(codeOf(() => fabric.registry.unregister('ghost'))).toBe('node_not_found');
  });

  it('lets an administrator take over an id only while no live socket holds it', () => {
    const { fabric, owner } = makeFabric();
    fabric.registry.register(registration('n1'), owner('user:1'), { socketId: 's1' });
    expect(
      codeOf(() => fabric.registry.register(registration('n1'), owner('user:admin'), { allowTakeover: true })),
    ).toBe('node_owned_by_another');
    fabric.registry.detachSocket('s1');
    const taken = fabric.registry.register(registration('n1'), owner('user:admin'), { allowTakeover: true });
    expect(fabric.registry.ownerOf('n1')?.key).toBe('user:admin');
    expect(taken.created).toBe(false);
  });

  it('lets a real registration replace a seed node', () => {
    const { fabric, owner } = makeFabric();
    fabric.registry.register(registration('messaging'), owner('system:seed'), { seedExempt: true });
    fabric.registry.register(registration('messaging'), owner('service:messaging'), { socketId: 's1' });
    expect(fabric.registry.isSeedExempt('messaging')).toBe(false);
  });

  it('reports the previous socket when the same owner re-registers from a new one', () => {
    const { fabric, owner } = makeFabric();
    fabric.registry.register(registration('n1'), owner('user:1'), { socketId: 's1' });
    const again = fabric.registry.register(registration('n1'), owner('user:1'), { socketId: 's2' });
    expect(again.previousSocketId).toBe('s1');
    expect(fabric.registry.nodesOnSocket('s1')).toEqual([]);
    expect(fabric.registry.nodesOnSocket('s2')).toEqual(['n1']);
  });

  it('keeps the entity binding on re-registration unless another entity is given (§3.1)', () => {
    const { fabric, owner } = makeFabric();
    fabric.registry.register(registration('n1', { entityId: 'ent_a' }), owner('user:1'));
    fabric.registry.register(registration('n1'), owner('user:1'));
    expect(fabric.registry.nodeForEntity('ent_a')?.id).toBe('n1');
    fabric.registry.register(registration('n1', { entityId: 'ent_b' }), owner('user:1'));
    expect(fabric.registry.nodeForEntity('ent_a')).toBeUndefined();
    expect(fabric.registry.nodeForEntity('ent_b')?.id).toBe('n1');
  });

  it('moves an entity to its new node and finds nodes by entity prefix (§6)', () => {
    const { fabric, owner } = makeFabric();
    fabric.registry.register(registration('n1'), owner('user:1'));
    fabric.registry.register(registration('n2'), owner('user:1'));
    fabric.registry.bindEntity('n1', 'ent_user_1');
    fabric.registry.bindEntity('n2', 'ent_user_1');
    expect(fabric.registry.get('n1')?.entityId).toBeUndefined();
    expect(fabric.registry.nodesByEntityPrefix('ent_user').map((n) => n.id)).toEqual(['n2']);
    expect(fabric.registry.unbindEntity('n2')).toBe('ent_user_1');
    expect(fabric.registry.nodeForEntity('ent_user_1')).toBeUndefined();
    expect(codeOf(() => fabric.registry.bindEntity('ghost', 'ent_x'))).toBe('node_not_found');
  });

  it('unregister removes the node, its entity binding and every contract from or to it (§5.1)', () => {
    const { fabric, owner, addNode } = makeFabric();
    addNode('a');
    fabric.registry.register(registration('n1', { entityId: 'ent_a' }), owner('user:1'));
    fabric.contracts.create({ from: 'n1', to: 'a', allowedEventTypes: ['*'], boundaries: ['intra'] });
    fabric.contracts.create({ from: 'a', to: 'n1', allowedEventTypes: ['*'], boundaries: ['intra'] });
    fabric.contracts.create({ from: 'a', to: '*', allowedEventTypes: ['*'], boundaries: ['intra'] });
    fabric.registry.unregister('n1', owner('user:1'));
    expect(fabric.registry.get('n1')).toBeUndefined();
    expect(fabric.registry.nodeForEntity('ent_a')).toBeUndefined();
    expect(fabric.contracts.list().map((c) => c.to)).toEqual(['*']);
  });

  it('stamps the owner org into metadata, never the org the client wrote (§12.4)', () => {
    const { fabric, owner } = makeFabric();
    const spoof = registration('n1', { metadata: { orgId: 'victim-org', note: 'x' } });
    expect(fabric.registry.register(spoof, owner('user:1', 'org-1')).node.metadata).toEqual({
      orgId: 'org-1',
      note: 'x',
    });
    expect(
      fabric.registry.register(registration('n2', { metadata: { orgId: 'victim' } }), owner('service:x')).node.metadata,
    ).toEqual({});
  });

  it('creates the §5.2 auto-contracts once (§18 scenario 4)', () => {
    const { fabric, addNode } = makeFabric();
    addNode('messaging');
    addNode('assistants');
    addNode('assistants'); // re-registration creates nothing new
    expect(fabric.contracts.list().map((c) => [c.from, c.to, c.boundaries.join(',')])).toEqual([
      ['messaging', 'assistants', 'intra,inter'],
      ['assistants', 'messaging', 'intra,inter'],
      ['assistants', '*', 'intra,inter'],
    ]);
  });

  it.each([
    [{ id: '', name: 'x', type: 'client', capabilities: [], endpoint: '' }, 'id'],
    [{ id: 'x', name: 'x', type: 'robot', capabilities: [], endpoint: '' }, 'type'],
    [{ id: 'x', name: 'x', type: 'client', capabilities: 'all', endpoint: '' }, 'capabilities'],
    [{ id: 'x', name: 'x', type: 'client', capabilities: [], endpoint: 1 }, 'endpoint'],
    [{ id: 'x', name: 'x', type: 'client', capabilities: [], endpoint: '', metadata: [] }, 'metadata'],
    ['node', 'body'],
  ])('refuses a malformed registration %#', (input, field) => {
    try {
      parseNodeRegistration(input);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_node', field });
    }
  });
});
