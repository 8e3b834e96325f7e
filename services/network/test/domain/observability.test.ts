import { describe, expect, it } from 'vitest';
import { makeFabric } from './fabric-fixture.js';

const send = (type: string, source: string, extra: Record<string, unknown> = {}) => ({
  payload: { type, data: {} },
  source,
  runId: 'run-1',
  ...extra,
});

describe('history, traces, stats, simulation and views (docs/spec/network.md §9, §10, §13.5)', () => {
  it('keeps only the last MAX_EVENT_HISTORY_SIZE events, oldest first (§18 scenario 19)', async () => {
    const { fabric, addNode } = makeFabric({ maxEventHistory: 3, maxTraceHistory: 2 });
    addNode('a');
    const routed = [];
    for (let i = 0; i < 5; i += 1) routed.push((await fabric.route(send(`t${i}`, 'a'))).event.wrapper.id);
    expect(fabric.views.events(100).map((event) => event.payload.type)).toEqual(['t2', 't3', 't4']);
    expect(fabric.stats()).toEqual({
      totalEvents: 3,
      totalTraces: 2,
      deliveredCount: 0,
      droppedCount: 2,
      errorCount: 0,
    });
    expect(fabric.traces.get(routed[0]!)).toBeUndefined();
    expect(fabric.history.get(routed[1]!)).toBeUndefined();
    expect(fabric.history.get(routed[4]!)?.payload.type).toBe('t4');
  });

  it('simulates with the routing rules and leaves no trace (§18 scenario 18, network W14)', async () => {
    const { fabric, deliveries, logs, finished, addNode } = makeFabric();
    addNode('hub');
    addNode('a');
    fabric.contracts.create({ from: 'hub', to: '*', allowedEventTypes: ['job.*'], boundaries: ['inter'] });
    const before = fabric.stats();
    const ok = fabric.simulate(send('job.done', 'hub', { boundary: 'inter' }));
    expect(ok).toMatchObject({ wouldSucceed: true, reasons: [], targets: [{ id: 'a', exists: true }] });
    const policy = fabric.policies.create({
      name: 'deny',
      priority: 500,
      conditions: [{ field: 'source', operator: 'eq', value: 'hub' }],
      action: { type: 'deny' },
    });
    const denied = fabric.simulate(send('job.done', 'hub', { boundary: 'inter' }));
    expect(denied.wouldSucceed).toBe(false);
    expect(denied.reasons).toContain(`Denied by policy: ${policy.id}`);
    const none = fabric.simulate(send('other', 'hub'));
    expect(none.reasons).toContain('No valid targets found');
    expect(fabric.simulate(send('x', 'ghost'))).toMatchObject({
      wouldSucceed: false,
      reason: 'Source node not registered',
    });
    expect(fabric.stats()).toEqual(before);
    expect(fabric.history.size()).toBe(0);
    expect([deliveries, logs, finished]).toEqual([[], [], []]);
  });

  it('draws flow edges from the source to each delivered target (network W20)', async () => {
    const { fabric, failing, addNode } = makeFabric();
    for (const id of ['hub', 'a', 'b', 'c']) addNode(id);
    fabric.contracts.create({ from: 'hub', to: '*', allowedEventTypes: ['*'], boundaries: ['intra'] });
    failing.add('c');
    await fabric.route(send('t', 'hub'));
    const flow = fabric.views.flow('run-1');
    expect(flow.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual(['hub->a', 'hub->b']);
    expect(flow.nodes.map((node) => node.id)).toEqual(['hub', 'a', 'b']);
    expect(flow.eventCount).toBe(1);
  });

  it('summarises by type including client, and builds graph adjacency from known sources', () => {
    const { fabric, addNode } = makeFabric();
    addNode('svc');
    addNode('browser', 'client');
    fabric.registry.attachSocket('browser', 'sock');
    fabric.contracts.create({ from: 'svc', to: 'later', allowedEventTypes: ['*'], boundaries: ['intra'] });
    const summary = fabric.views.summary();
    expect(summary.nodes).toEqual({
      total: 2,
      byType: { service: 1, assistant: 0, sandbox: 0, bridge: 0, client: 1 },
      connected: 1,
    });
    expect(summary.policies).toEqual({ total: 3, enabled: 3 });
    expect(fabric.views.graph().adjacency).toEqual({ svc: ['later'] });
  });

  it('enriches trace hops with node name and type', async () => {
    const { fabric, addNode } = makeFabric();
    addNode('a');
    addNode('b', 'sandbox');
    fabric.contracts.create({ from: 'a', to: 'b', allowedEventTypes: ['*'], boundaries: ['intra'] });
    const { event } = await fabric.route(send('t', 'a'));
    expect(fabric.views.enrichedTrace(event.wrapper.id)?.path).toEqual([
      expect.objectContaining({ node: 'b', nodeName: 'b', nodeType: 'sandbox', action: 'deliver' }),
    ]);
    expect(fabric.views.enrichedTrace('missing')).toBeUndefined();
  });

  describe('tenancy (§12.4, network W10)', () => {
    async function twoOrgs() {
      const setup = makeFabric();
      const { fabric, owner } = setup;
      const reg = (id: string, type: 'client' | 'service', key: string, org?: string) =>
        fabric.registry.register({ id, name: id, type, capabilities: [], endpoint: '' }, owner(key, org));
      reg('platform', 'service', 'service:platform');
      reg('a1', 'client', 'user:a', 'org-a');
      reg('b1', 'client', 'user:b', 'org-b');
      reg('b-svc', 'service', 'user:b', 'org-b');
      for (const from of ['a1', 'b1'])
        fabric.contracts.create({ from, to: 'platform', allowedEventTypes: ['*'], boundaries: ['intra'] });
      const fromA = await fabric.route({ payload: { type: 't', data: {} }, source: 'a1', runId: 'ra' });
      const fromB = await fabric.route({ payload: { type: 't', data: {} }, source: 'b1', runId: 'rb' });
      return { ...setup, fromA, fromB };
    }
    const viewerA = { orgIds: new Set(['org-a']) };

    it('shows a member their org nodes plus platform services, never another org', async () => {
      const { fabric } = await twoOrgs();
      expect(fabric.views.topology(viewerA).nodes.map((n) => n.id)).toEqual(['platform', 'a1']);
      expect(fabric.views.topology(viewerA).contracts.map((c) => c.from)).toEqual(['a1']);
      expect(fabric.views.topology().nodes).toHaveLength(4);
      expect(Object.keys(fabric.views.graph(viewerA).adjacency)).toEqual(['a1']);
      expect(fabric.views.summary(viewerA).nodes.total).toBe(2);
    });

    it('hides another org’s events and traces, even those that reached a platform node', async () => {
      const { fabric, fromA, fromB } = await twoOrgs();
      // Both events reached the shared `platform` node: that does not make B's event visible to A.
      expect(fabric.views.events(100, { viewer: viewerA }).map((e) => e.wrapper.source)).toEqual(['a1']);
      expect(fabric.views.canSeeEvent(fromB.event, viewerA)).toBe(false);
      expect(fabric.views.canSeeEvent(fromB.event, { all: true })).toBe(true);
      expect(fabric.views.trace(fromB.event.wrapper.id, viewerA)).toBeUndefined();
      expect(fabric.views.trace(fromA.event.wrapper.id, viewerA)).toBeDefined();
      expect(fabric.views.tracesOfRun('rb', { orgIds: new Set(['org-c']) })).toEqual([]);
      expect(fabric.views.trace(fromB.event.wrapper.id, { orgIds: new Set(['org-c']) })).toBeUndefined();
      expect(fabric.views.flow('rb', 500, { orgIds: new Set(['org-c']) }).edges).toEqual([]);
      expect(fabric.views.stats(viewerA)).toMatchObject({ totalEvents: 1, totalTraces: 1, deliveredCount: 1 });
    });

    it('hides traffic among platform services from org members: it carries every org’s data', async () => {
      const { fabric, owner } = await twoOrgs();
      fabric.registry.register(
        { id: 'assistants', name: 'assistants', type: 'service', capabilities: [], endpoint: '' },
        owner('service:assistants'),
      );
      fabric.contracts.create({ from: 'platform', to: 'assistants', allowedEventTypes: ['*'], boundaries: ['intra'] });
      const between = await fabric.route({
        payload: { type: 'message.new', data: { content: 'org B secret' } },
        source: 'platform',
        runId: 'rp',
      });
      expect(between.trace.status).toBe('delivered');
      expect(fabric.views.canSeeEvent(between.event, viewerA)).toBe(false);
      expect(fabric.views.events(100, { viewer: viewerA }).map((e) => e.wrapper.runId)).toEqual(['ra']);
      expect(fabric.views.trace(between.event.wrapper.id, viewerA)).toBeUndefined();
      expect(fabric.views.tracesOfRun('rp', viewerA)).toEqual([]);
      expect(fabric.views.canSeeEvent(between.event, { all: true })).toBe(true);
      // The link itself (no payload) stays visible beside the platform nodes.
      expect(fabric.views.topology(viewerA).contracts.map((c) => `${c.from}→${c.to}`)).toContain('platform→assistants');
    });
  });
});
